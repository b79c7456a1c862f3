"""Order slips: each coroutine a recipe makes is seen from its creation to where it went."""

from __future__ import annotations

import gc
import sys
import warnings
from pathlib import Path

import pytest
from support import labels, line_of, record_on_stock_loop

from coffeeshop_gui.engine.recorder import Recorder
from coffeeshop_gui.model import events as ev
from coffeeshop_gui.model.log import EventLog
from coffeeshop_gui.model.state import fold


def test_each_slip_is_handed_in_awaited_or_dropped_exactly_once():
    _, events, result = record_on_stock_loop("slips")  # warns: mocha() is thrown away
    assert result == ("cortado", "espresso", "espresso", "latte")
    who = labels(events)
    written = {e.slip: e for e in events if isinstance(e, ev.SlipWritten)}
    assert [(e.recipe, who[e.holder]) for e in written.values()] == [
        ("latte", "main"),
        ("cortado", "main"),
        ("mocha", "main"),
        ("espresso", "main"),
        ("espresso", "main"),
    ]
    latte, cortado, mocha, first, second = written
    (handed_in,) = [e for e in events if isinstance(e, ev.TaskCreated) and e.slip is not None]
    assert (handed_in.slip, who[handed_in.task]) == (latte, "latte")
    assert handed_in.line == line_of("slips", "latte-sleep") - 1  # the recipe's def line
    settled = [e for e in events if isinstance(e, ev.SlipAwaited | ev.SlipDropped)]
    assert sorted((e.slip, type(e).__name__, e.t) for e in settled) == [
        (cortado, "SlipAwaited", 0.0),  # started running in main's step, still running
        (mocha, "SlipDropped", 0.5),
        (first, "SlipAwaited", 0.5),  # each espresso ran and finished inside main's step
        (second, "SlipAwaited", 0.5),
    ]
    (running,) = [e for e in settled if e.slip == cortado]
    assert running.task == handed_in.parent  # awaited by main itself, in its own step
    (dropped,) = [e for e in settled if isinstance(e, ev.SlipDropped)]
    assert dropped.warning == "coroutine 'mocha' was never awaited"
    slips = fold(events).slips
    assert [(slips[s].recipe, slips[s].state) for s in written] == [
        ("latte", "handed in"),
        ("cortado", "awaited"),
        ("mocha", "dropped"),
        ("espresso", "awaited"),
        ("espresso", "awaited"),
    ]


def test_a_coroutine_that_is_no_slip_is_left_to_pythons_own_warning():
    recorder = Recorder(EventLog(), lambda: 0.0)  # listening for thrown-away coroutines
    unraisable: list[object] = []
    hook, sys.unraisablehook = sys.unraisablehook, unraisable.append
    try:
        with pytest.warns(RuntimeWarning, match="coroutine 'stray' was never awaited"):
            stray()  # made outside any shop: not a slip
            gc.collect()
        _, events, _ = record_on_stock_loop("slips")  # every slip's coroutine ends too
        del events
        gc.collect()
    finally:
        sys.unraisablehook = hook
    assert unraisable == []  # nothing went wrong unseen ("Exception ignored in ...")
    assert list(recorder.log) == []


async def stray() -> None:
    pass


def warned_twice_from_one_line() -> list[tuple[str, str]]:
    """(category, message) of each warning told, under Python's own rule (once per line),
    when a coroutine is thrown away twice from one line beside two other warnings."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.resetwarnings()
        warnings.simplefilter("default")  # Python's own rule: once per line
        Recorder(EventLog(), lambda: 0.0)  # listening: every thrown-away slip is told
        for _ in range(2):
            stray()  # thrown away twice from one line: each is its own lesson
            warnings.warn("cold cup", RuntimeWarning, stacklevel=1)  # once per line, as usual
            warnings.warn("coroutine 'stray' was never awaited", UserWarning, stacklevel=1)
        gc.collect()
    return [(type(w.message).__name__, str(w.message)) for w in caught]


def test_every_thrown_away_slip_is_warned_about():
    told = warned_twice_from_one_line()
    assert told.count(("RuntimeWarning", "coroutine 'stray' was never awaited")) == 2


def test_other_warnings_keep_pythons_once_per_line_rule():
    told = warned_twice_from_one_line()
    assert told.count(("RuntimeWarning", "cold cup")) == 1
    assert told.count(("UserWarning", "coroutine 'stray' was never awaited")) == 1


def test_a_thrown_away_coroutine_is_warned_about_at_the_line_that_dropped_it():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        Recorder(EventLog(), lambda: 0.0)
        stray()  # <dropped here>
        gc.collect()
    (warned,) = caught
    assert str(warned.message) == "coroutine 'stray' was never awaited"
    assert (warned.filename, warned.lineno) == (__file__, dropped_line())
    assert getattr(warned.source, "__qualname__", None) == "stray"  # tracemalloc's object


def test_where_a_thrown_away_coroutine_was_made_is_told_when_python_tracks_it():
    depth = sys.get_coroutine_origin_tracking_depth()
    sys.set_coroutine_origin_tracking_depth(1)  # as asyncio's debug mode does (with more)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            Recorder(EventLog(), lambda: 0.0)
            made = stray()
            made_on = sys._getframe().f_lineno - 1
            del made
            gc.collect()
    finally:
        sys.set_coroutine_origin_tracking_depth(depth)
    (warned,) = caught
    assert str(warned.message).split("\n") == [
        "coroutine 'stray' was never awaited",
        "Coroutine created at (most recent call last)",
        f'  File "{__file__}", line {made_on}, in '
        "test_where_a_thrown_away_coroutine_was_made_is_told_when_python_tracks_it",
        "    made = stray()",
    ]
    assert warned.filename == __file__  # ours, not Python's own (which names engine/slips.py)


def dropped_line() -> int:
    source = Path(__file__).read_text().splitlines()
    return next(n for n, text in enumerate(source, 1) if text.endswith("# <dropped here>"))


KEPT_A_WHILE = """import asyncio


async def espresso():
    return "espresso"


async def main():
    slip = espresso()  # written now, awaited after a nap
    await asyncio.sleep(0.5)
    return await slip
"""


def test_a_slip_kept_across_an_await_is_awaited_when_main_awaits_it_not_before(tmp_path):
    path = tmp_path / "kept.py"
    path.write_text(KEPT_A_WHILE)
    _, events, result = record_on_stock_loop(path)
    assert result == "espresso"
    (written,) = [e for e in events if isinstance(e, ev.SlipWritten)]
    settled = [e for e in events if isinstance(e, ev.SlipAwaited | ev.SlipDropped)]
    assert [(type(e).__name__, e.slip, e.t) for e in settled] == [
        ("SlipAwaited", written.slip, 0.5)  # still a slip in hand while main naps
    ]
