"""Timers are brews on the espresso machine; executor jobs make shop time flow for real."""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import os
import threading
import time

from support import labels, record_on_stock_loop

from coffeeshop_gui.engine.clock import FAST_FORWARD, VirtualClock
from coffeeshop_gui.engine.recorder import Recorder
from coffeeshop_gui.engine.recording_loop import RecordingEventLoop
from coffeeshop_gui.model import events as ev
from coffeeshop_gui.model.log import EventLog
from coffeeshop_gui.model.state import fold


def test_a_timer_that_fires_and_one_cancelled_are_each_recorded_once_as_what_happened():
    _, events, result = record_on_stock_loop("napper")
    assert result == "woke the napper"
    who = labels(events)
    scheduled = [e for e in events if isinstance(e, ev.TimerScheduled)]
    assert [(e.t, e.when, who[e.task], e.label) for e in scheduled] == [
        (0, 1.0, "main", "sleep"),
        (0, 5.0, "napper", "sleep"),
    ]
    # each brew is for the very Future its task sits waiting on (its buzzer)
    waits = {e.task: e.future for e in events if isinstance(e, ev.Suspended) and e.t == 0}
    assert [e.future for e in scheduled] == [waits[e.task] for e in scheduled]
    assert None not in waits.values()
    main_timer, nap_timer = (e.timer for e in scheduled)
    gone = [e for e in events if isinstance(e, ev.TimerFired | ev.TimerCancelled)]
    assert gone == [ev.TimerFired(1.0, main_timer), ev.TimerCancelled(1.0, nap_timer)]
    assert fold(events).brews == {}  # nothing left brewing
    # each customer resumes with the very buzzer that woke it
    woken = [(e.task, e.future) for e in events if isinstance(e, ev.Woken)]
    assert [(e.task, e.future) for e in events if isinstance(e, ev.Resumed)] == woken
    assert fold(events[: events.index(gone[0])]).brews.keys() == {main_timer, nap_timer}


def test_fast_forward_comes_back_once_the_executor_work_is_done():
    loop = RecordingEventLoop(VirtualClock(FAST_FORWARD))
    log = EventLog()
    loop.recorder = Recorder(log, loop.time)

    async def main() -> tuple[float, float]:
        running = asyncio.get_running_loop()
        release = threading.Event()
        slow = running.run_in_executor(None, release.wait)
        await running.run_in_executor(None, time.sleep, 0.05)
        before = running.time()
        time.sleep(0.05)  # the slow job still works: shop time flows at the real rate
        during = running.time() - before
        release.set()
        await slow
        before = running.time()
        time.sleep(0.05)  # no job left: shop time stands still between jumps again
        return during, running.time() - before

    try:
        during, after = loop.run_until_complete(loop.start(main()))
        loop.run_until_complete(loop.shutdown_default_executor())
    finally:
        loop.close()
    assert during >= 0.04 and after == 0.0
    assert loop.jobs_pending == 0
    jobs = [e for e in log if isinstance(e, ev.JobStarted | ev.JobFinished)]
    assert [type(e).__name__ for e in jobs] == [
        "JobStarted",
        "JobStarted",
        "JobFinished",
        "JobFinished",
    ]
    assert [e.function for e in jobs if isinstance(e, ev.JobStarted)] == ["Event.wait", "sleep"]
    assert {e.kind for e in jobs if isinstance(e, ev.JobStarted)} == {"thread"}


def _ring_bell() -> None:
    pass


def record(main, *outside) -> tuple[list[ev.Event], object]:
    """Run `main` as the shop's program (and `outside` coroutines as the window's own work)."""
    loop = RecordingEventLoop(VirtualClock(FAST_FORWARD))
    log = EventLog()
    loop.recorder = Recorder(log, loop.time)
    try:
        others = [loop.create_task(coro) for coro in outside]
        result = loop.run_until_complete(loop.start(main(), name="main"))
        for other in others:
            loop.run_until_complete(other)
        loop.run_until_complete(loop.shutdown_default_executor())
    finally:
        loop.close()
    return list(log), result


async def _three_callbacks_and_a_sleep() -> str:
    loop = asyncio.get_running_loop()
    loop.call_later(0.5, _ring_bell)
    loop.call_later(0.75, functools.partial(_ring_bell))
    loop.call_later(0.25, print, "a", "b")  # not a drink: named by its callback
    await asyncio.sleep(1)
    return "done"


async def _window_clock() -> None:
    await asyncio.sleep(0.6)  # the window's own timer: not a brew


def _timers_beside_the_windows_own() -> list[ev.TimerScheduled | ev.TimerFired]:
    """The timers recorded, scheduled and fired, while the window's own timer runs too."""
    events, result = record(_three_callbacks_and_a_sleep, _window_clock())
    assert result == "done"
    return [e for e in events if isinstance(e, ev.TimerScheduled | ev.TimerFired)]


def test_each_brew_is_labelled_by_what_it_will_do():
    brews = [e for e in _timers_beside_the_windows_own() if isinstance(e, ev.TimerScheduled)]
    assert [(e.when, e.label, e.future) for e in brews] == [
        (0.5, "ring_bell", None),
        (0.75, "partial", None),
        (0.25, "b", None),  # a string second argument is taken for a drink's name
        (1.0, "sleep", brews[-1].future),
    ]
    assert brews[-1].future is not None


def test_the_windows_own_timers_are_not_drawn():
    timers = _timers_beside_the_windows_own()
    brews = [e for e in timers if isinstance(e, ev.TimerScheduled)]
    assert 0.6 not in [e.when for e in brews]
    fired = [e.timer for e in timers if isinstance(e, ev.TimerFired)]
    assert fired == [brews[2].timer, brews[0].timer, brews[1].timer, brews[3].timer]


def test_a_cancelled_brew_at_the_front_is_skipped_when_fast_forwarding():
    async def main() -> float:
        loop = asyncio.get_running_loop()
        loop.call_later(5, _ring_bell).cancel()  # first due, but cancelled
        await asyncio.sleep(10)
        return loop.time()

    events, result = record(main)
    assert result == 10.0
    assert [type(e) for e in events if isinstance(e, ev.TimerFired | ev.TimerCancelled)] == [
        ev.TimerCancelled,
        ev.TimerFired,
    ]


def test_an_executor_job_is_recorded_for_its_task_its_future_and_its_kind():
    async def main() -> tuple[int, int]:
        loop = asyncio.get_running_loop()
        with concurrent.futures.ProcessPoolExecutor(max_workers=1) as pool:
            far = await loop.run_in_executor(pool, os.getpid)
        near = await loop.run_in_executor(None, functools.partial(abs, -4))
        return far, near

    async def window_work() -> None:  # the window's own thread work: not drawn
        await asyncio.get_running_loop().run_in_executor(None, abs, -5)

    events, (far, near) = record(main, window_work())
    assert far != os.getpid() and near == 4  # the process pool's job ran in another process
    started = [e for e in events if isinstance(e, ev.JobStarted)]
    finished = [e for e in events if isinstance(e, ev.JobFinished)]
    main_id = next(e.task for e in events if isinstance(e, ev.TaskCreated))
    assert [(e.task, e.function, e.kind) for e in started] == [
        (main_id, "getpid", "process"),
        (main_id, "abs", "thread"),  # a partial is named by what it calls
    ]
    assert [e.job for e in finished] == [e.job for e in started]
    waits = [e.future for e in events if isinstance(e, ev.Suspended)]
    assert [e.future for e in started] == waits  # main waits on each job's own Future
    assert len(set(waits)) == 2
