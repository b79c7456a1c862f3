"""A task nothing holds can be taken by the garbage collector while it waits: asyncio then
prints "Task was destroyed but it is pending!" (its loop keeps tasks only weakly). In the
shop, that customer fails there and says why, instead of waiting on the floor forever."""

from __future__ import annotations

import logging

from support import line_of, record_on_stock_loop, story

from coffeeshop_gui.engine.recorder import THROWN_AWAY, THROWN_AWAY_WHY
from coffeeshop_gui.model import events as ev
from coffeeshop_gui.model.state import CustomerState, ShopState


def test_a_task_taken_by_the_garbage_collector_fails_as_thrown_away(caplog):
    caplog.set_level(logging.ERROR, logger="asyncio")
    _program, events, _result = record_on_stock_loop("thrown_away")
    told = story(events)
    wait = line_of("thrown_away", "wait")
    for name in ("dropped 0", "dropped 1"):
        assert f"0 {name} await@{wait}" in told
        assert f"0.1 {name} failed={THROWN_AWAY}@None" in told
    assert "0.2 kept cancelled" in told  # held by main: not taken, cancelled as asked
    failed = [e for e in events if isinstance(e, ev.Failed)]
    assert {e.message for e in failed} == {THROWN_AWAY_WHY}
    state = ShopState()
    for event in events:
        state.apply(event)
    dropped = [c for c in state.customers.values() if c.name.startswith("dropped")]
    assert [c.state for c in dropped] == [CustomerState.FAILED] * 2
    assert [c.line for c in dropped] == [wait, wait]  # where each was left waiting
    assert "destroyed" not in caplog.text  # told by the customers, not printed as well
