"""Qt runs offscreen with PySide6 for every test; helpers live in tests/support.py."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")
os.environ.setdefault("PYTEST_QT_API", "pyside6")

import pytest


@pytest.fixture(scope="session", autouse=True)
def one_qt_application():
    """One QApplication for the whole run, made before any test: a headless test first
    would make a windowless QCoreApplication, and no window could open after it in the
    same run (a run of `tests/model tests/ui`, in that order, aborted)."""
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])
