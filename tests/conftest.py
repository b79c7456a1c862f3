"""Qt runs offscreen with PySide6 for every test; helpers live in tests/support.py."""

import os
import shutil
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")
os.environ.setdefault("PYTEST_QT_API", "pyside6")

import pytest

MOST_WORKERS = 4  # each worker is a QApplication with rushes of 10,000: ~250 MB at its peak


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto`: a worker a core and one more, but no more than MOST_WORKERS."""
    cores = getattr(os, "process_cpu_count", os.cpu_count)() or 1  # the cores this run may use
    # One more than the cores: a worker waiting on a child or a real timer leaves its core
    # to the others (3 workers on this 2-core machine: 95 s, against 110 s with 2).
    return max(1, min(MOST_WORKERS, cores + 1))


def pytest_configure(config: pytest.Config) -> None:
    """As the app does (app.py): the rush tests run with the collector the app runs with.

    The pytest-xdist controller also makes a folder its workers share (they inherit its
    environment): CPython's test_asyncio outcomes, run by one worker, read by any."""
    from coffeeshop_gui.app import tune_collector

    tune_collector()
    if not hasattr(config, "workerinput") and getattr(config.option, "numprocesses", None):
        os.environ["COFFEESHOP_TEST_SHARED"] = tempfile.mkdtemp(prefix="coffeeshop-tests-")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """CPython's test_asyncio outcomes come last: their runs, started in the background as
    the run begins (tests/loop/conftest.py), are done by then, and no test waits for them."""
    last = [item for item in items if item.path.name == "test_cpython_asyncio.py"]
    if last:
        items[:] = [item for item in items if item.path.name != "test_cpython_asyncio.py"] + last


def pytest_unconfigure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput") and "COFFEESHOP_TEST_SHARED" in os.environ:
        shutil.rmtree(os.environ.pop("COFFEESHOP_TEST_SHARED"), ignore_errors=True)


@pytest.fixture(scope="session", autouse=True)
def one_qt_application():
    """One QApplication for the whole run, made before any test: a headless test first
    would make a windowless QCoreApplication, and no window could open after it in the
    same run (a run of `tests/model tests/ui`, in that order, aborted)."""
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])
