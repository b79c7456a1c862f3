"""Pause, step and speed act on the program's callbacks only; Qt and the UI keep running."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from support import program_path, record_on_stock_loop, story

from coffeeshop_gui.engine.program import load_program
from coffeeshop_gui.loop.session import Session
from coffeeshop_gui.model import events as ev


def test_pause_holds_the_shop_while_qt_timers_still_fire(shop_loop, qtbot):
    shop_loop.set_speed(1.0)
    session = Session(shop_loop, load_program(program_path("spinner")))
    shop_loop.pause()
    frozen_time, frozen_turns = shop_loop.time(), shop_loop.turns
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    qtbot.wait(300)
    timer.stop()
    assert len(ticks) >= 5  # the window's own timers kept running
    assert shop_loop.time() == frozen_time
    assert shop_loop.turns == frozen_turns == 0
    assert not session.main.done()


def test_pause_in_slow_motion_freezes_shop_time_while_turns_wait_in_line(shop_loop, qtbot):
    """Slow motion stops the clock while turns wait in line, and starts it when none does;
    Pause (or Step, or slow motion turned off) meanwhile must leave it stopped: the timers
    would brew on, the buzzers light, while the shop says it is paused."""
    shop_loop.set_speed(1.0)
    shop_loop.set_pace(0.05)
    session = Session(shop_loop, load_program(program_path("spinner")))
    qtbot.waitUntil(lambda: shop_loop.turns >= 3 and bool(shop_loop.ready), timeout=3000)
    for stop in (shop_loop.pause, shop_loop.step):
        stop()
        frozen, turns = shop_loop.time(), shop_loop.turns
        shop_loop.call_soon(lambda: None)  # the window's callbacks keep the loop's pump going
        qtbot.wait(300)
        assert shop_loop.time() == frozen
        assert shop_loop.turns <= turns + 1  # a step takes one turn, and no time
    shop_loop.pause()
    shop_loop.set_pace(0.0)  # slow motion off while paused: still paused
    frozen = shop_loop.time()
    qtbot.wait(200)
    assert shop_loop.time() == frozen
    assert not session.main.done()


def test_ui_callbacks_run_while_the_shop_is_paused(shop_loop, qtbot):
    Session(shop_loop, load_program(program_path("spinner")))
    shop_loop.pause()
    ran = []
    shop_loop.call_soon(ran.append, "ui")
    qtbot.waitUntil(lambda: ran == ["ui"], timeout=2000)
    assert shop_loop.turns == 0


def test_step_runs_exactly_one_shop_callback(shop_loop, qtbot):
    session = Session(shop_loop, load_program(program_path("spinner")))
    shop_loop.pause()
    for expected in range(1, 6):
        shop_loop.step()
        qtbot.waitUntil(lambda n=expected: shop_loop.turns == n, timeout=2000)
        qtbot.wait(30)
        assert shop_loop.turns == expected
    steps = [e for e in session.log if isinstance(e, ev.StepStarted | ev.Resumed)]
    assert len(steps) == 5


def test_step_with_nothing_ready_advances_the_clock_to_the_next_timer(shop_loop, qtbot):
    session = Session(shop_loop, load_program(program_path("sleepy")))
    shop_loop.set_speed(1.0)
    shop_loop.pause()
    for n in range(1, 4):  # main, nap, nap: each runs to its first await
        shop_loop.step()
        qtbot.waitUntil(lambda n=n: shop_loop.turns == n, timeout=2000)
    assert shop_loop.time() < 1.0
    shop_loop.step()  # nothing ready: the clock jumps to the first timer (the 30 s nap)
    qtbot.waitUntil(lambda: shop_loop.turns == 4, timeout=2000)
    assert 30.0 <= shop_loop.time() < 30.001
    fired = [e for e in session.log if isinstance(e, ev.TimerFired)]
    assert len(fired) == 1


def test_the_horizon_pauses_the_shop_at_exactly_that_shop_time(shop_loop, qtbot):
    session = Session(shop_loop, load_program(program_path("sleepy")))
    reached = []
    shop_loop.horizon = 45.0
    shop_loop.horizon_reached.connect(lambda: reached.append(shop_loop.time()))
    qtbot.waitUntil(lambda: bool(reached), timeout=5000)
    assert reached == [45.0]
    assert not session.main.done()
    ended = [e for e in session.log if isinstance(e, ev.Finished)]
    assert len(ended) == 1  # the 30 s nap is over, the 60 s nap is not


def test_the_turn_horizon_pauses_the_shop_right_after_that_turn(shop_loop, qtbot):
    session = Session(shop_loop, load_program(program_path("spinner")))
    reached = []
    shop_loop.turn_horizon = 5
    shop_loop.horizon_reached.connect(lambda: reached.append(shop_loop.turns))
    qtbot.waitUntil(lambda: bool(reached), timeout=5000)
    qtbot.wait(50)  # paused: no turn is taken after it
    assert reached == [5]
    assert shop_loop.turns == 5
    assert len(shop_loop.ready) >= 2  # the spinners still in line, as turn 5 left them
    starts = [e for e in session.log if isinstance(e, ev.StepStarted | ev.Resumed)]
    assert len(starts) == 5


def test_the_shop_goes_on_from_a_turn_horizon_when_played(shop_loop, qtbot):
    session = Session(shop_loop, load_program(program_path("spinner")))
    shop_loop.turn_horizon = 3
    shop_loop.horizon_reached.connect(shop_loop.play)
    qtbot.waitUntil(session.main.done, timeout=5000)
    assert session.main.result() == [5, 5, 5]


def test_slow_motion_spaces_turns_out_without_changing_any_shop_time(shop_loop, qtbot):
    _, stock_events, _ = record_on_stock_loop("gather")
    shop_loop.set_pace(0.02)
    session = Session(shop_loop, load_program(program_path("gather")))
    qtbot.waitUntil(session.main.done, timeout=10_000)
    assert story(list(session.log)) == story(stock_events)
