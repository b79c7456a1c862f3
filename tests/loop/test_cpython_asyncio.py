"""CPython's own test_asyncio, run against the shop loop: what passes on asyncio passes here.

Each module runs in a process of its own (tests/loop/cpython_asyncio.py) where every loop
the tests make is a ShopLoop with every callback counted as shop work and recorded. A test
that fails on the shop loop must fail on a stock loop too (the stock run is made only
then). CI runs the quick selection (see cpython_asyncio.py); set
COFFEESHOP_CPYTHON_ASYNCIO=full for every class. Uses the interpreter's installed `test`
package, never a copy; where it is absent, the tests say so and skip.

The modules' shop runs are started together, a few at a time, in one fixture: they spend
most of their time waiting on the tests' own real timers and children (about 10 s of CPU in
30 s run one after another, here), so side by side they take about the longest one's time.
Each module keeps its own process, so a hang or a crash ends that module's run only.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
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
SIDE_BY_SIDE = 4  # shop runs at once: enough to overlap their waits, few enough for 2 cores
HAS_TESTS = importlib.util.find_spec("test.test_asyncio") is not None


def outcomes(kind: str, module: str) -> dict[str, str]:
    args = [sys.executable, str(RUNNER), kind, module, *(["--quick"] if QUICK else [])]
    done = subprocess.run(
        args,
        capture_output=True,
        text=True,
        timeout=600,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=os.getcwd()),
    )
    assert done.returncode == 0, (
        f"{module} on the {kind} loop did not finish:\n{done.stderr[-3000:]}"
    )
    return json.loads(done.stdout.splitlines()[-1])


def _outcomes_or_failure(module: str) -> dict[str, str] | AssertionError:
    try:
        return outcomes("shop", module)
    except AssertionError as failure:  # told by that module's own test, not by the fixture
        return failure


@pytest.fixture(scope="module")
def shop_runs() -> dict[str, dict[str, str] | AssertionError]:
    """Every module on the shop loop, SIDE_BY_SIDE processes at a time."""
    if not HAS_TESTS:
        return {}
    with ThreadPoolExecutor(max_workers=SIDE_BY_SIDE) as pool:
        return dict(zip(MODULES, pool.map(_outcomes_or_failure, MODULES), strict=True))


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
