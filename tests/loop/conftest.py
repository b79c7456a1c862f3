"""A function-scoped shop loop on pytest-qt's QApplication (see DESIGN.md, Testing)."""

from __future__ import annotations

import asyncio

import pytest

from coffeeshop_gui.engine.clock import FAST_FORWARD, VirtualClock
from coffeeshop_gui.loop.shop_loop import ShopLoop


def _cpython_asyncio(session: pytest.Session):
    """The module of test_cpython_asyncio.py, if this run is to run any of its tests."""
    for item in getattr(session, "items", ()):
        if item.path.name == "test_cpython_asyncio.py":
            return item.module
    return None


def pytest_collection_finish(session: pytest.Session) -> None:
    """CPython's test_asyncio on the shop loop waits on real time for half a minute: start it
    now, in the background, so that it is done by the time its tests come up."""
    module = _cpython_asyncio(session)
    if module is not None and not session.config.option.collectonly:
        module.start_shop_runs()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    module = _cpython_asyncio(session)
    if module is not None:
        module.stop_shop_runs(interrupted=exitstatus == pytest.ExitCode.INTERRUPTED)


@pytest.fixture
def shop_loop(qapp):
    qapp.setQuitOnLastWindowClosed(False)
    loop = ShopLoop(qapp, VirtualClock(FAST_FORWARD))
    asyncio.set_event_loop(loop)
    yield loop
    if not loop.is_closed():
        left = asyncio.all_tasks(loop)
        for task in left:
            task.cancel()
        loop.play()
        if left:
            loop.run_until_complete(asyncio.gather(*left, return_exceptions=True))
        if loop.watchdog is not None:
            loop.watchdog.stop()
        loop.close()
    asyncio.set_event_loop(None)
