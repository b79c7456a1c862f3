"""Going back: the window shows the shop as it stood before a past turn, and comes back."""

from __future__ import annotations

import gc
import itertools
import math
import random
import time
import weakref

import pytest
from gestures import press
from support import program_path

from coffeeshop_gui.loop.shop_loop import Gate
from coffeeshop_gui.model import events as ev
from coffeeshop_gui.model.history import same_moment
from coffeeshop_gui.programs import DEFAULT_PROGRAM
from coffeeshop_gui.ui.frame_tick import FOLD_CHUNK
from coffeeshop_gui.ui.items.crowd import MAX_SPOTS, MAX_SPOTS_PAST
from coffeeshop_gui.ui.readouts import code_marks
from coffeeshop_gui.ui.scene import ShopScene
from coffeeshop_gui.ui.scene.past import AFRESH_EVENTS_PER_CUSTOMER


def marks_shown(window) -> list[tuple[int, int, str]]:
    return sorted((m.line, m.task, m.kind) for m in window.code.marks)


def positions(window) -> dict[int, tuple[float, float]]:
    return {tid: (item.pos().x(), item.pos().y()) for tid, item in window.scene.customers.items()}


def step_through(shop, turns: int) -> dict[int, tuple]:
    """Step the live program one callback at a time; after each, what the live window
    showed (its state and marks), by the number of turns taken so far."""
    window, seen = shop.window, {}
    for _ in range(turns * 6):
        taken = shop.loop.turns
        press(shop, "N")
        shop.qtbot.waitUntil(lambda taken=taken: shop.loop.turns > taken, timeout=5000)
        window.settle()
        history = window.history
        applied = window.state.applied
        if history.last_turn:  # the live shop may be just before the next turn now
            seen[history.last_turn] = (applied, window.state.copy(), marks_shown(window))
        if history.last_turn >= turns:
            break
    return seen


def back_before(shop, turn: int, seconds: float = 3.0):
    """Run a shop started paused (as a replay starts it: a window opening plays at 1x, and
    main's first step waits in line while the window is first drawn, 53 ms of shop time on a
    busy machine, which a replay, started on a drawn window, does not) to `seconds`, then
    step back to the turn `turn` or before."""
    window = shop.window
    window.do_reset()
    shop.run_to(seconds)
    while window.past is None or window.past > turn:
        press(shop, "Left")
    return window


def test_going_back_shows_each_past_turn_as_the_live_shop_showed_it(open_shop):
    shop = open_shop()
    window = shop.window
    shop.loop.pause()
    seen = step_through(shop, 8)
    assert window.history.last_turn >= 8
    compared = 0
    for number in range(window.history.last_turn - 1, -1, -1):
        press(shop, "Left")
        assert window.past == number
        then = seen.get(number)
        if then is None or then[0] != window.history.turn(number).applied:
            continue  # the live shop was never stopped exactly there
        _applied, state, marks = then
        assert window.shown_state() == state, f"turn {number + 1}"
        assert marks_shown(window) == marks, f"turn {number + 1}"
        compared += 1
    assert compared >= 3


def test_back_then_forward_returns_to_the_same_picture(open_shop):
    shop = open_shop()
    window = shop.window
    shop.run_to(3.0)
    press(shop, "Left")
    press(shop, "Left")
    here = (window.past, window.shown_state(), marks_shown(window), positions(window))
    press(shop, "Left")
    press(shop, "Right")
    assert (window.past, window.shown_state(), marks_shown(window), positions(window)) == here


def test_the_past_shows_who_is_next_in_line_with_their_ticket_on_the_rail(open_shop):
    shop = open_shop()
    window = shop.window
    shop.run_to(3.0)
    while window.past is None or window.past > 2:
        press(shop, "Left")
    turn = window.history.turn(window.past)
    shown = window.shown_state()
    assert turn.task in shown.queue
    labels = [t.label for t in window.scene.rail.tickets]
    assert shown.customers[turn.task].display in labels
    assert window.history_bar.isVisible()
    assert "HISTORY" in window.history_bar.text.text()
    assert f"before step {window.past + 1} " in window.history_bar.text.text()


def test_back_pauses_a_playing_program_and_now_lets_it_play_on(open_shop):
    shop = open_shop()
    window, loop = shop.window, shop.loop
    shop.run_to(1.0)
    loop.set_speed(1.0)
    loop.play()
    press(shop, "B")
    assert window.past is not None and loop.gate is Gate.PAUSED
    turns = loop.turns
    shop.qtbot.wait(300)
    assert loop.turns == turns  # nothing of the program runs while the past is shown
    press(shop, "End")
    assert window.past is None and not window.history_bar.isVisible()
    assert loop.gate is Gate.PLAY
    assert window.shown_state() is window.state


def test_the_card_and_the_marks_show_the_past_not_now(open_shop):
    shop = open_shop()
    window = shop.window
    shop.run_to(3.0)
    live_marks = marks_shown(window)
    while window.past is None or window.past > 3:
        press(shop, "Left")
    past = window.shown_state()
    assert marks_shown(window) == sorted(
        (m.line, m.task, m.kind) for m in code_marks(past, window.selected_task())
    )
    assert marks_shown(window) != live_marks
    waiting = [c for c in past.customers.values() if c.line and not c.state.ended]
    window.select(waiting[0].id)
    assert f"line {waiting[0].line}" in window.card.text()


def test_a_gesture_in_the_past_changes_nothing_and_says_why(open_shop):
    shop = open_shop()
    window = shop.window
    shop.run_to(1.0)
    press(shop, "Left")
    alive = {t.get_name() for t in window.session.live_tasks()}
    customer = next(c for c in window.state.customers.values() if not c.state.ended)
    window.send_away(customer.id)
    window.add_drink("espresso")
    assert {t.get_name() for t in window.session.live_tasks()} == alive
    assert "past" in window.statusBar().currentMessage()


def test_space_in_the_past_plays_the_live_program_from_now(open_shop):
    shop = open_shop()
    window, loop = shop.window, shop.loop
    shop.run_to(1.0)
    press(shop, "Left")
    press(shop, "Space")
    assert window.past is None and loop.gate is Gate.PLAY


def test_back_before_any_turn_says_there_is_nothing_to_go_back_to(open_shop):
    shop = open_shop()
    window = shop.window
    shop.loop.pause()
    window.start(window.program, paused=True)
    press(shop, "Left")
    assert window.past is None
    assert "nothing to go back to" in window.statusBar().currentMessage()


def test_restarting_from_the_past_starts_a_live_shop(open_shop):
    shop = open_shop()
    window = shop.window
    shop.run_to(1.0)
    press(shop, "Left")
    press(shop, "Ctrl+R")
    assert window.past is None and not window.history_bar.isVisible()
    assert window.history.last_turn == 0 or window.history.turn(0).applied >= 0


def test_replay_to_here_runs_a_timer_program_again_to_the_same_shop(open_shop):
    shop = open_shop()
    window = back_before(shop, 5)
    target = window.past
    then, then_started = window.shown_state(), window.session.started_at
    then_marks = marks_shown(window)
    press(shop, "R")
    shop.qtbot.waitUntil(lambda: not window.replaying, timeout=20_000)
    assert window.past is None  # the live shop, paused just before that turn
    assert shop.loop.gate is not Gate.PLAY
    assert window.history.last_turn == target
    assert same_moment(window.state, window.session.started_at, then, then_started)
    assert marks_shown(window) == then_marks
    assert "the same shop as before" in window.statusBar().currentMessage()


def test_replay_right_after_a_run_opens_playing_at_1x_is_the_same_shop(open_shop):
    """As the app opens (playing at 1x, not reset): the thread is busy drawing the new floor
    before main's first step. That time was shop time, main's first step and every time
    after it came that much later, and a replay, started on a floor drawn, said the timer
    program "waited on the outside world or real time". The run waits, clock still, for
    the window's first picture of it. (At 1x a program whose timers fall due together, as
    the default one's, may still differ: which fires first depends on how late each is by
    real time, milliseconds, and a replay jumps to each on the dot.)"""
    shop = open_shop(program_path("gather"))
    window = shop.window
    shop.loop.set_speed(1.0)
    window.do_restart()
    time.sleep(0.2)  # the thread busy before the first picture, as drawing a floor keeps it
    shop.loop.set_speed(math.inf)  # then skip waits: no real time in the run but that 0.2 s
    shop.qtbot.waitUntil(lambda: window.history.last_turn >= 6, timeout=10_000)
    press(shop, "Left")
    press(shop, "Left")
    press(shop, "R")
    shop.qtbot.waitUntil(lambda: not window.replaying, timeout=20_000)
    assert "the same shop as before" in window.statusBar().currentMessage()


def test_a_run_waits_for_its_first_picture_with_shop_time_standing_still(open_shop):
    """Started playing at 1x, a run takes no step and its clock does not move until the
    window has drawn the run's floor; then main takes its first step at the run's start."""
    shop = open_shop()
    window, loop = shop.window, shop.loop
    loop.set_speed(1.0)
    window.view.setUpdatesEnabled(False)  # a first picture slow to come
    window.do_restart()
    started, turns = window.session.started_at, loop.turns
    shop.qtbot.wait(300)
    assert loop.turns == turns
    assert loop.time() == started
    window.view.setUpdatesEnabled(True)
    shop.qtbot.waitUntil(lambda: loop.turns > turns, timeout=2_000)
    first = next(e for e in window.session.log if isinstance(e, ev.StepStarted))
    assert first.t == started


def floor(scene) -> dict[int, tuple]:
    """Every customer drawn: where it stands, how large, and as what state (item or token)."""
    drawn = {tid: (i.pos().x(), i.pos().y(), 1.0, i.state) for tid, i in scene.customers.items()}
    drawn.update({tid: (t.pos.x(), t.pos.y(), t.scale, t.state) for tid, t in scene.tokens.items()})
    return drawn


def rush_in_the_past(open_shop, customers: int, seconds: float):
    shop = open_shop()
    shop.run_to(0.5)
    assert shop.window.rush(customers)
    shop.run_to(seconds)
    return shop


def test_a_step_back_then_forward_in_a_rush_puts_everyone_where_they_stood(open_shop):
    shop = rush_in_the_past(open_shop, 1_000, 2.0)
    window = shop.window
    window.go_to_turn(window.history.last_turn // 2)
    press(shop, "Left")  # now on the floor kept from the step before
    here = (window.past, floor(window.scene))
    assert len(window.scene.tokens) > 500  # a crowd
    for key in ("Left", "Left", "Left", "Right", "Right", "Right"):
        press(shop, key)
    assert (window.past, floor(window.scene)) == here


def test_a_long_random_scrub_draws_who_a_fresh_floor_would(open_shop):
    shop = open_shop(program_path("quick_rush"))
    shop.run_to(0.5)
    assert shop.window.rush(200)
    shop.run_to(9.0)
    window = shop.window
    history = window.history
    rng = random.Random(16)
    for _ in range(30):  # now and then the last step, when the rush has long left
        last = rng.random() < 0.3
        window.go_to_turn(history.last_turn - 1 if last else rng.randrange(history.last_turn))
        scene, state = window.scene, window.shown_state()
        assert scene.broken_invariants() == []
        fresh = ShopScene(window.program.menu)
        fresh.sync(state, set(), None, seconds=None)
        fresh.settle(state)
        assert who_is_drawn(scene) == who_is_drawn(fresh)
        inside = scene.sceneRect()
        assert all(inside.contains(x, y) for x, y, _s, _st in floor(scene).values())


def who_is_drawn(scene) -> dict[int, tuple]:
    return {tid: (scale, state) for tid, (_x, _y, scale, state) in floor(scene).items()}


def test_a_jump_there_and_back_in_a_rush_puts_everyone_where_they_stood(open_shop):
    shop = rush_in_the_past(open_shop, 1_000, 3.0)
    window = shop.window
    history = window.history
    rng = random.Random(7)
    window.go_to_turn(rng.randrange(history.first_turn, history.last_turn))
    for _ in range(10):
        here = (window.past, floor(window.scene))
        window.go_to_turn(rng.randrange(history.first_turn, history.last_turn))
        window.go_to_turn(here[0])
        assert (window.past, floor(window.scene)) == here


@pytest.mark.filterwarnings("ignore:coroutine 'latte' was never awaited")
def test_a_slip_thrown_away_shows_again_when_the_past_comes_round_again(open_shop):
    shop = open_shop()
    shop.window.go_to_step(0)  # the tour's first step: a slip nobody hands in
    shop.loop.set_pace(0.0)
    shop.run_to(2.5)
    window = shop.window
    (dropped,) = [s for s in window.state.slips.values() if s.state == "dropped"]

    def slip_then() -> str | None:
        slip = window.shown_state().slips.get(dropped.id)
        return slip.state if slip is not None else None

    press(shop, "Left")
    while slip_then() != "dropped":
        press(shop, "Left")
    window.scene.animate(10.0)  # looked at a while: the thrown-away slip has left the view
    assert dropped.id not in window.scene.slips
    while slip_then() is not None:
        press(shop, "Left")  # before it was written
    press(shop, "Right")
    assert slip_then() == "dropped"
    shown = window.scene.slips[dropped.id]
    assert shown.isVisible() and shown.dropped


def buzzers_in_hand(scene) -> dict[int, tuple | None]:
    """Each token's buzzer (its Future, and whether it is lit), if it holds one."""
    return {tid: token.buzzer for tid, token in scene.tokens.items()}


def assert_drawn_as_fresh(window) -> None:
    """The floor shown is the one a fresh floor draws of the state shown (`--turn`'s
    picture): everyone where it puts them, with what they hold, the tables and captions."""
    scene, state = window.scene, window.shown_state()
    fresh = ShopScene(window.program.menu)
    fresh.sync(state, set(), None, seconds=None)
    fresh.settle(state)
    assert scene.broken_invariants() == []
    assert floor(scene) == floor(fresh)
    assert scene.buzzers.keys() == fresh.buzzers.keys()
    assert buzzers_in_hand(scene) == buzzers_in_hand(fresh)
    assert scene.slips.keys() == fresh.slips.keys()
    assert scene.sceneRect() == fresh.sceneRect()
    tables = [table.isVisible() for table in scene.furniture.tables]
    assert tables == [table.isVisible() for table in fresh.furniture.tables]
    assert scene.line_label.plated == fresh.line_label.plated


def test_the_first_look_back_in_a_rush_draws_the_floor_a_fresh_one_would(open_shop):
    """The first past moment shown is drawn in one batch, as a far jump is: the same floor
    as a fresh one draws a customer at a time; a step back and forth from it comes back
    to it."""
    shop = rush_in_the_past(open_shop, 1_000, 3.0)
    window = shop.window
    window.go_to_turn(window.history.last_turn // 2)
    assert len(window.scene.tokens) > 500  # a crowd, drawn in one batch
    assert_drawn_as_fresh(window)
    here = floor(window.scene)
    press(shop, "Left")
    press(shop, "Right")
    assert floor(window.scene) == here


def test_a_far_jump_in_a_rush_draws_the_floor_a_fresh_one_would(open_shop):
    """A moment far from the one shown is drawn anew on the floor kept: everyone where a
    fresh floor puts them (`--turn`'s picture), with what they hold."""
    shop = rush_in_the_past(open_shop, 1_000, 3.0)
    window = shop.window
    history = window.history
    rng = random.Random(5)
    window.go_to_turn(rng.randrange(history.first_turn, history.last_turn))
    far = 0
    turns = [rng.randrange(history.first_turn, history.last_turn) for _ in range(10)]
    for turn in [*turns, history.first_turn]:  # the last: before the rush, no crowd
        shown = window.shown_state()
        window.go_to_turn(turn)
        state = window.shown_state()
        apart = abs(state.applied - shown.applied)
        if apart <= AFRESH_EVENTS_PER_CUSTOMER * max(len(state.customers), len(shown.customers)):
            continue  # near: those who differ move from where they stood (tests above)
        far += 1
        assert_drawn_as_fresh(window)
    assert not window.scene.places.crowded
    assert far >= 5  # most jumps were far: drawn anew
    assert window.scene.crowd.max_spots == MAX_SPOTS_PAST  # the grids of other moments kept
    window.do_now()
    assert window.scene.crowd.max_spots == MAX_SPOTS  # the live floor keeps those stood on


def test_the_first_step_back_shows_the_card_without_the_live_objects(open_shop):
    shop = open_shop()
    window = shop.window
    shop.run_to(1.0)
    ada = next(c for c in window.state.customers.values() if c.display == "Ada")
    window.select(ada.id)
    press(shop, "D")  # the card in asyncio's own words: the live Task's repr
    own_repr = "Task pending name=&#x27;Ada&#x27;"
    assert own_repr in window.card.text()
    press(shop, "Left")  # the past: the live object's repr says nothing of it
    assert window.past is not None
    assert own_repr not in window.card.text()


def test_back_during_a_replay_stops_it_and_the_past_stays_still(open_shop):
    shop = open_shop()
    window = back_before(shop, 30)
    press(shop, "R")
    shop.qtbot.waitUntil(lambda: window.history.last_turn >= 2, timeout=10_000)
    press(shop, "Left")  # back again, before the replay got there
    turns = shop.loop.turns
    shop.qtbot.wait(300)
    assert not window.replaying
    assert shop.loop.turns == turns  # nothing of the program runs while the past is shown
    assert "stopped before it got there" in window.statusBar().currentMessage()


def test_replay_runs_the_code_that_ran_not_the_file_changed_since(open_shop, tmp_path):
    program = tmp_path / "three.py"
    program.write_text(DEFAULT_PROGRAM.read_text())
    shop = open_shop(program)
    window = back_before(shop, 5)
    program.write_text("async def main():\n    pass\n")  # changed on disk meanwhile
    press(shop, "R")
    shop.qtbot.waitUntil(lambda: not window.replaying, timeout=20_000)
    assert "the same shop as before" in window.statusBar().currentMessage()
    assert window.program.source == DEFAULT_PROGRAM.read_text()


def test_the_floor_left_for_a_fresh_one_is_freed_without_a_full_collection(open_shop):
    shop = open_shop()
    shop.run_to(1.0)
    live_floor = weakref.ref(shop.window.scene)
    gc.collect()  # among the oldest objects now, where only a full collection looks
    press(shop, "Left")  # the past, on a fresh floor
    shop.qtbot.wait(10)
    gc.collect(1)  # the frames' collections reach this far, never further
    assert live_floor() is None  # its thousands of items in a rush would linger with it


def test_moments_are_kept_as_they_fall_due_not_a_frame_later(open_shop):
    """A frame at fast-forward folds thousands of events; the moments a far step back folds
    from are kept between its chunks, so none is further from the one before than its due
    and a chunk (a step's record may end up to two events past a chunk's end)."""
    shop = open_shop()
    window = shop.window
    assert window.rush(1_000)
    shop.loop.horizon = window.session.started_at + 3.0
    shop.loop.set_speed(math.inf)
    shop.loop.play()
    shop.qtbot.waitUntil(lambda: shop.loop.horizon is None, timeout=10_000)
    while window.unfolded:  # the frames fold what the run wrote, as they do in the app
        window.tick()
    history = window.history
    kept = [m.applied for m in history.moments]
    due = max(history.every, int(history.per_customer * 1_000)) * history.spacing
    assert len(kept) > 4
    gaps = [later - earlier for earlier, later in itertools.pairwise(kept)]
    assert max(gaps) <= due + FOLD_CHUNK + 2, gaps


def test_the_history_bar_tells_a_steps_time_from_the_runs_start_as_the_readouts_do(open_shop):
    """After a restart the loop's clock does not start at 0: a step's time is told from the
    run's start (it read 4.04 s for a step at 1.10 s)."""
    shop = open_shop()
    shop.run_to(1.0)
    shop.window.do_restart()
    shop.run_to(1.5)
    window = shop.window
    assert window.session.started_at > 0.5  # the loop's clock went on from the first run
    window.go_to_turn(4)
    since_start = window.history.turn(4).t - window.session.started_at
    assert 0.0 <= since_start <= 1.5
    assert f"· {since_start:.2f} s ·" in window.history_bar.text.text()


def test_a_replay_says_the_customers_sent_in_by_hand_are_not_replayed(open_shop):
    """A replay runs the program alone: a rush sent in by the person is not in it, so the
    shop it lands on differs, and it says why (it blamed the outside world)."""
    shop = open_shop()
    window = shop.window
    window.do_reset()
    shop.run_to(0.3)
    assert window.rush(20)
    shop.run_to(1.0)
    window.go_to_turn(window.history.last_turn - 1)
    assert len(window.shown_state().customers) > 20  # the rush is in the past shown
    press(shop, "R")
    shop.qtbot.waitUntil(lambda: not window.replaying, timeout=20_000)
    told = window.statusBar().currentMessage()
    assert "not the same shop: the 20 customers sent in by hand" in told
