"""Order slips: each coroutine a recipe makes is seen from its creation to where it went."""

from __future__ import annotations

from support import labels, line_of, record_on_stock_loop

from coffeeshop_gui.model import events as ev
from coffeeshop_gui.model.state import fold


def test_each_slip_is_handed_in_awaited_or_dropped_exactly_once():
    _, events, result = record_on_stock_loop("slips")  # warns: mocha() is thrown away
    assert result == ("espresso", "latte")
    who = labels(events)
    written = {e.slip: e for e in events if isinstance(e, ev.SlipWritten)}
    assert [(e.recipe, who[e.holder]) for e in written.values()] == [
        ("latte", "main"),
        ("espresso", "main"),
        ("mocha", "main"),
    ]
    latte, espresso, mocha = written
    (handed_in,) = [e for e in events if isinstance(e, ev.TaskCreated) and e.slip is not None]
    assert (handed_in.slip, who[handed_in.task]) == (latte, "latte")
    assert handed_in.line == line_of("slips", "latte-sleep") - 1  # the recipe's def line
    settled = [e for e in events if isinstance(e, ev.SlipAwaited | ev.SlipDropped)]
    assert sorted((type(e).__name__, e.slip) for e in settled) == [
        ("SlipAwaited", espresso),  # awaited at once: it ran and finished inside main's step
        ("SlipDropped", mocha),
    ]
    (dropped,) = [e for e in settled if isinstance(e, ev.SlipDropped)]
    assert dropped.warning == "coroutine 'mocha' was never awaited"
    slips = fold(events).slips
    assert {slips[s].recipe: slips[s].state for s in written} == {
        "latte": "handed in",
        "espresso": "awaited",
        "mocha": "dropped",
    }
