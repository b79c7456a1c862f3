"""What the shop records: the program's own run, customers added to it, and nothing else."""

from __future__ import annotations

import asyncio

import pytest

from coffeeshop_gui.engine.clock import FAST_FORWARD, VirtualClock
from coffeeshop_gui.engine.recorder import Recorder
from coffeeshop_gui.engine.recording_loop import RecordingEventLoop
from coffeeshop_gui.model import events as ev
from coffeeshop_gui.model.log import EventLog
from coffeeshop_gui.model.state import CustomerState, fold


async def sip(seconds: float) -> str:
    await asyncio.sleep(seconds)
    return "sipped"


def test_a_customer_dragged_in_joins_the_run_and_work_outside_it_is_not_drawn():
    loop = RecordingEventLoop(VirtualClock(FAST_FORWARD))
    log = EventLog()
    loop.recorder = Recorder(log, loop.time)
    try:
        early = sip(1)
        with pytest.raises(RuntimeError, match="no program is running"):
            loop.spawn(early, "too early")
        early.close()
        main = loop.start(sip(2), name="main")
        guest = loop.spawn(sip(1), "guest")  # dragged in while main sits
        outside = loop.create_task(sip(1), name="the window's own")  # not shop work
        loop.run_until_complete(asyncio.gather(main, guest, outside))
    finally:
        loop.close()
    state = fold(log)
    assert sorted(c.name for c in state.customers.values()) == ["guest", "main"]
    assert all(c.state is CustomerState.DONE for c in state.customers.values())
    assert [e.t for e in log if isinstance(e, ev.Finished)] == [1.0, 2.0]
