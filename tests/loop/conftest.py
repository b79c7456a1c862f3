"""A function-scoped shop loop on pytest-qt's QApplication (see DESIGN.md, Testing)."""

from __future__ import annotations

import asyncio

import pytest

from coffeeshop_gui.engine.clock import FAST_FORWARD, VirtualClock
from coffeeshop_gui.loop.shop_loop import ShopLoop


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
