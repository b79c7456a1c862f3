"""The shop loop runs programs exactly as stock asyncio does: same steps, order, lines, times."""

from __future__ import annotations

import asyncio
import contextvars
import sys

import pytest
from support import program_path, record_on_stock_loop, story

from coffeeshop_gui.engine.program import load_program
from coffeeshop_gui.loop.session import Session

SAME_STORY = [
    "gather",
    "queue",
    "semaphore",
    "event",
    "wait_for",
    "cancellation",
    "nested",
    "awaitable",
    "failing",
    "spinner",
    "sleepy",
    "rename",
]
if sys.version_info >= (3, 11):
    SAME_STORY += ["taskgroup", "timeout_block"]


def run_on_shop_loop(loop, name):
    session = Session(loop, load_program(program_path(name)))
    result = loop.run_until_complete(session.main)
    return list(session.log), result


@pytest.mark.parametrize("name", SAME_STORY)
def test_shop_loop_tells_the_same_story_as_stock_asyncio(shop_loop, name):
    _, stock_events, stock_result = record_on_stock_loop(name)
    shop_events, shop_result = run_on_shop_loop(shop_loop, name)
    assert shop_result == stock_result
    assert story(shop_events) == story(stock_events)


def test_a_minute_of_sleeping_is_fast_forwarded_on_the_virtual_clock(shop_loop):
    events, _ = run_on_shop_loop(shop_loop, "sleepy")
    assert events[-1].t == 60.0
    assert shop_loop.time() == 60.0


def test_executor_work_is_recorded_on_the_shop_loop_too(shop_loop):
    events, result = run_on_shop_loop(shop_loop, "executor")
    assert result == "ground"
    kinds = [type(e).__name__ for e in events]
    assert kinds.index("JobStarted") < kinds.index("JobFinished") < kinds.index("Finished")


def test_the_handles_call_soon_makes_are_asyncios_own(shop_loop):
    """call_soon fills a Handle's slots itself (it is a rush's hottest path): they must
    hold what asyncio.Handle's own __init__ puts there, or the rail and cancel would lie."""
    context = contextvars.copy_context()
    made = shop_loop.call_soon(print, "Ada", context=context)
    expected = asyncio.Handle(print, ("Ada",), shop_loop, context)
    slots = [s for s in asyncio.Handle.__slots__ if s != "__weakref__"]
    assert {s: getattr(made, s) for s in slots} == {s: getattr(expected, s) for s in slots}
    assert repr(made) == repr(expected)
    made.cancel()
    assert made.cancelled()

    shop_loop.set_debug(True)  # debug mode keeps asyncio's own constructor: where it was made
    assert shop_loop.call_soon(print)._source_traceback
