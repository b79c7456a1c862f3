"""CPython's own test_asyncio, run against the shop loop: what passes on asyncio passes here.

Each module runs in a process of its own (tests/loop/cpython_asyncio.py) where every loop
the tests make is a ShopLoop with every callback counted as shop work and recorded. A test
that fails on the shop loop must fail on a stock loop too (the stock run is made only
then). CI runs the quick selection (see cpython_asyncio.py); set
COFFEESHOP_CPYTHON_ASYNCIO=full for every class. Uses the interpreter's installed `test`
package, never a copy; where it is absent, the tests say so and skip.

The modules' shop runs spend most of their time waiting on the tests' own real timers and
children (about 10 s of CPU in 30 s run one after another, here). So they are started in the
background, a few at a time, as soon as the run has collected these tests (tests/loop/
conftest.py), and the tests run earlier in the suite meanwhile; the fixture waits for what
is left (20-30 s of waiting in the whole suite, before). Each module keeps its own process,
so a hang or a crash ends that module's run only; a run that ends early kills what is left.

Under pytest-xdist every worker collects these tests, but only the first (gw0) starts the
runs; each outcome is written to a folder of this test run's, where a test on any worker
reads it. gw0 waits for the runs at its end, so a worker still to read them is not left
without.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest

RUNNER = Path(__file__).with_name("cpython_asyncio.py")
MODULES = [
    "test_tasks",
    "test_futures",
    "test_locks",
    "test_queues",
    "test_taskgroups",
    "test_timeouts",
    "test_waitfor",
    "test_pep492",
    "test_context",
    "test_runners",
    "test_streams",
    "test_server",
    "test_subprocess",
    "test_sock_lowlevel",
]
QUICK = os.environ.get("COFFEESHOP_CPYTHON_ASYNCIO", "quick") != "full"
NOT_PASSED = ("fail", "error")
# Shop runs at once: enough to be done long before these tests come up, few enough to leave
# the cores to the tests running meanwhile.
SIDE_BY_SIDE = 2
HAS_TESTS = importlib.util.find_spec("test.test_asyncio") is not None


_running: set[subprocess.Popen[str]] = set()  # killed if the run ends before they do
_started: dict[str, Future[dict[str, str] | AssertionError]] = {}
# pytest-xdist: this worker's name and the folder the run's outcomes are shared in
WORKER = os.environ.get("PYTEST_XDIST_WORKER")
SHARED = (
    Path(os.environ["COFFEESHOP_TEST_SHARED"])  # made by the controller (tests/conftest.py)
    if WORKER is not None and "COFFEESHOP_TEST_SHARED" in os.environ
    else None
)


def outcomes(kind: str, module: str) -> dict[str, str]:
    args = [sys.executable, str(RUNNER), kind, module, *(["--quick"] if QUICK else [])]
    with subprocess.Popen(
        args,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=os.getcwd()),
    ) as process:
        _running.add(process)
        try:
            out, err = process.communicate(timeout=600)
        finally:
            process.kill()
            _running.discard(process)
    assert process.returncode == 0, f"{module} on the {kind} loop did not finish:\n{err[-3000:]}"
    return json.loads(out.splitlines()[-1])


def _outcomes_or_failure(module: str) -> dict[str, str] | AssertionError:
    try:
        outcome: dict[str, str] | AssertionError = outcomes("shop", module)
    except AssertionError as failure:  # told by that module's own test, not by the fixture
        outcome = failure
    if SHARED is not None:  # for the other workers: written whole, then named
        written = SHARED / f"{module}.part"
        told = {"failure": str(outcome)} if isinstance(outcome, AssertionError) else outcome
        written.write_text(json.dumps(told))
        written.replace(SHARED / f"{module}.json")
    return outcome


def _shared_outcome(module: str) -> dict[str, str] | AssertionError:
    """A module's outcome written by the worker that ran it (pytest-timeout bounds the wait)."""
    assert SHARED is not None
    path = SHARED / f"{module}.json"
    while not path.exists():
        time.sleep(0.2)
    told = json.loads(path.read_text())
    return AssertionError(told["failure"]) if set(told) == {"failure"} else told


def start_shop_runs() -> None:
    """Start every module on the shop loop in the background, SIDE_BY_SIDE at a time
    (under pytest-xdist, on the first worker only)."""
    if _started or not HAS_TESTS or WORKER not in (None, "gw0"):
        return
    pool = ThreadPoolExecutor(max_workers=SIDE_BY_SIDE, thread_name_prefix="test_asyncio")
    _started.update({module: pool.submit(_outcomes_or_failure, module) for module in MODULES})
    pool.shutdown(wait=False)


def stop_shop_runs(interrupted: bool = False) -> None:
    """The run is over: runs not started yet never start, and running ones are killed.

    Under pytest-xdist, unless the run was interrupted, the worker that started them waits
    for them first: a test on another worker may still be waiting for their outcome."""
    if SHARED is not None and _started and not interrupted:
        for future in _started.values():
            future.exception()  # never raises: outcomes and failures are both returned
    for future in _started.values():
        future.cancel()
    for process in list(_running):
        process.kill()


@pytest.fixture(scope="module")
def shop_runs() -> dict[str, dict[str, str] | AssertionError]:
    """Every module's outcome on the shop loop, waited for (started by the conftest)."""
    start_shop_runs()  # not started yet if this module was collected some other way
    if _started:
        return {module: future.result() for module, future in _started.items()}
    return {module: _shared_outcome(module) for module in MODULES if HAS_TESTS}


@pytest.mark.timeout(900)
@pytest.mark.parametrize("module", MODULES)
def test_cpython_asyncio_module_passes_on_the_shop_loop(module: str, shop_runs) -> None:
    if not HAS_TESTS:
        pytest.skip("this Python has no `test` package (CPython's own tests): not checked")
    shop = shop_runs[module]
    if isinstance(shop, AssertionError):
        raise shop
    if shop.get(module) == "absent":
        pytest.skip(f"test_asyncio.{module} is not in this Python's test package")
    assert any(result == "ok" for result in shop.values()), shop
    failed = {test for test, result in shop.items() if result in NOT_PASSED}
    if failed:
        stock = outcomes("stock", module)
        failed -= {test for test, result in stock.items() if result in NOT_PASSED}
    assert not failed, f"pass on asyncio, not on the shop loop: {sorted(failed)}"
