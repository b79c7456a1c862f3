"""Timers are brews on the espresso machine; executor jobs make shop time flow for real."""

from __future__ import annotations

import asyncio
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
