"""What the captions say about asyncio, checked on a stock asyncio loop on every Python.

Each caption that states one of these facts names this file in a comment beside it.
"""

from __future__ import annotations

import asyncio
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from support import labels, record_on_stock_loop

from coffeeshop_gui.engine.program import load_program
from coffeeshop_gui.lessons import TOUR
from coffeeshop_gui.model import events as ev
from coffeeshop_gui.programs import PROGRAMS_DIR


class WatchingLoop(asyncio.SelectorEventLoop):
    """A stock loop that notes every callback handed to it, and with what."""

    def __init__(self) -> None:
        super().__init__()
        self.handed: list[tuple[object, tuple[object, ...]]] = []

    def call_soon(self, callback, *args, context=None):
        self.handed.append((callback, args))
        return super().call_soon(callback, *args, context=context)

    def call_at(self, when, callback, *args, context=None):
        self.handed.append((callback, args))
        return super().call_at(when, callback, *args, context=context)


class Buzzer(asyncio.Future):
    """A Future that notes who hangs a callback on it."""

    def __init__(self, *, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__(loop=loop)
        self.hung: list[object] = []

    def add_done_callback(self, fn, *, context=None):
        self.hung.append(fn)
        super().add_done_callback(fn, context=context)


@pytest.fixture
def loop():
    loop = WatchingLoop()
    yield loop
    left = asyncio.all_tasks(loop)
    for task in left:
        task.cancel()
    if left:
        loop.run_until_complete(asyncio.wait(left))
    loop.close()


def run_one_turn(loop: asyncio.AbstractEventLoop) -> None:
    """Run what is in the ready queue now, and stop."""
    loop.call_soon(loop.stop)
    loop.run_forever()


async def order(buzzer: asyncio.Future) -> object:
    return await buzzer


def test_a_suspending_task_hands_no_future_to_the_loop(loop):
    buzzer = Buzzer(loop=loop)
    ada = loop.create_task(order(buzzer))
    loop.call_soon(loop.stop)
    before = len(loop.handed)
    loop.run_forever()  # Ada's first step: she reaches `await buzzer` and suspends
    assert not ada.done()
    during = loop.handed[before:]
    assert all(buzzer not in args and callback is not buzzer for callback, args in during)


def test_the_task_hangs_its_wake_up_on_the_future(loop):
    buzzer = Buzzer(loop=loop)
    ada = loop.create_task(order(buzzer))
    run_one_turn(loop)
    (wake_up,) = buzzer.hung
    assert wake_up.__self__ is ada


def test_set_result_schedules_the_wake_up_with_call_soon(loop):
    buzzer = Buzzer(loop=loop)
    ada = loop.create_task(order(buzzer))
    run_one_turn(loop)
    before = len(loop.handed)
    buzzer.set_result("latte")
    ((callback, args),) = loop.handed[before:]
    assert callback.__self__ is ada and args == (buzzer,)  # the done callback: Ada's wake-up
    run_one_turn(loop)
    assert ada.result() == "latte"


def test_awaiting_what_is_already_done_does_not_give_the_loop_back(loop):
    seen = []

    async def at_once() -> str:
        return "price"

    async def ada() -> None:
        ready = loop.create_future()
        ready.set_result("coffee")
        seen.append("Ada starts")
        await ready  # done already
        await at_once()  # a coroutine that returns without awaiting anything pending
        seen.append("Ada is past both awaits")

    async def ben() -> None:
        seen.append("Ben is served")

    loop.run_until_complete(asyncio.gather(loop.create_task(ada()), loop.create_task(ben())))
    assert seen == ["Ada starts", "Ada is past both awaits", "Ben is served"]


def test_step3s_await_of_a_coroutine_that_returns_at_once_is_never_a_suspension():
    lesson = TOUR[2].file
    lines = lesson.read_text().splitlines()
    price_line = next(n for n, t in enumerate(lines, 1) if "price = await price_of(drink)" in t)
    _, events, _ = record_on_stock_loop(lesson)
    suspended_at = {e.line for e in events if isinstance(e, ev.Suspended)}
    assert price_line not in suspended_at
    assert price_line + 2 in suspended_at  # the brew two lines on is where Ada sits down


def test_gather_passes_a_failure_on_and_leaves_the_others_running():
    _, events, result = record_on_stock_loop(PROGRAMS_DIR / "when_one_fails.py")
    who = labels(events)
    ended = {who[e.task]: type(e).__name__ for e in events if isinstance(e, ev.TASK_ENDS)}
    assert ended["Ada"] == "Failed" and ended["Ben"] == "Finished"
    assert result[0] == "mocha"  # main caught Ada's error from gather, then Ben's drink came


@pytest.mark.skipif(sys.version_info < (3, 11), reason="TaskGroup is new in Python 3.11")
def test_a_task_group_cancels_the_others_when_one_fails():
    _, events, result = record_on_stock_loop(PROGRAMS_DIR / "when_one_fails.py")
    who = labels(events)
    ended = {who[e.task]: type(e).__name__ for e in events if isinstance(e, ev.TASK_ENDS)}
    assert ended["Cy"] == "Failed" and ended["Di"] == "Cancelled"
    assert "ExceptionGroup" in result[1]


def test_four_time_sleeps_in_a_thread_pool_overlap():
    spans: list[tuple[float, float]] = []

    def nap() -> None:
        start = time.perf_counter()
        time.sleep(0.5)  # releases the GIL
        spans.append((start, time.perf_counter()))

    async def main() -> None:
        loop = asyncio.get_running_loop()
        with ThreadPoolExecutor(max_workers=4) as pool:
            await asyncio.gather(*(loop.run_in_executor(pool, nap) for _ in range(4)))

    asyncio.run(main())
    assert len(spans) == 4
    assert max(start for start, _ in spans) < min(end for _, end in spans)  # all asleep at once


def test_step2s_machine_leaves_a_cancelled_customers_buzzer_alone():
    order_latte = load_program(TOUR[1].file).namespace["order"]
    loop = asyncio.new_event_loop()
    reported: list[dict] = []
    loop.set_exception_handler(lambda _loop, context: reported.append(context))
    try:
        ada = loop.create_task(order_latte("latte", 0.05))
        loop.run_until_complete(asyncio.sleep(0))  # Ada waits on her buzzer
        ada.cancel()  # dragged to the door: her buzzer is cancelled, so it is done
        loop.run_until_complete(asyncio.sleep(0.1))  # the machine's timer fires after that
    finally:
        loop.close()
    assert ada.cancelled()
    assert reported == []  # no "Exception in callback ... InvalidStateError"
