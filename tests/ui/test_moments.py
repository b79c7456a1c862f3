"""Stills of a chosen moment: the shop run a turn at a time to the turn asked for, or to the
first caption with the words asked for, and left there with its line and rail as they are."""

from __future__ import annotations

from coffeeshop_gui.loop.shop_loop import Gate
from coffeeshop_gui.ui.moments import RunToMoment, caption_matches


def run_to_moment(shop, **moment) -> RunToMoment:
    """Run the shop to a moment and settle the picture there."""
    reached, ended = [], []
    run = RunToMoment(
        shop.loop,
        shop.window.session.log,
        lambda: reached.append(shop.loop.turns),
        lambda: ended.append(shop.loop.turns),
        **moment,
    )
    run.start()
    shop.qtbot.waitUntil(lambda: bool(reached or ended), timeout=10_000)
    shop.window.settle()
    run.outcome = "reached" if reached else "ended"
    return run


def test_a_name_matches_its_possessive_in_any_case():
    caption = "Ben's buzzer lights up: its done callback, Ben's wake-up, joins the ready queue"
    assert caption_matches(caption, "ben wake-up")
    assert caption_matches(caption, "BUZZER LIGHTS")
    assert not caption_matches(
        "Ben sits down at line 17: the Task hangs its wake-up on it", "Ben wake-up"
    )


def test_a_caption_moment_shows_the_wake_up_on_the_rail(open_shop):
    shop = open_shop()
    run = run_to_moment(shop, when="Ben wake-up")
    assert run.outcome == "reached"
    assert "Ben's wake-up" in run.watch.found
    rail = shop.window.scene.rail
    assert [(t.label, t.kind) for t in rail.tickets] == [("Ben", "wake-up")]
    assert shop.customer("Ben").buzzer_lit
    assert shop.loop.gate is Gate.PAUSED


def test_a_turn_moment_stops_right_after_that_turn(open_shop):
    shop = open_shop()
    run = run_to_moment(shop, turn=12)
    shop.qtbot.wait(50)  # paused there: no turn is taken after it
    assert run.outcome == "reached"
    assert run.taken == 12
    assert len(shop.window.scene.rail.tickets) == 2  # Cy's and Ada's wake-ups, still in line


def test_turn_zero_is_before_the_first_turn(open_shop):
    shop = open_shop()
    run = run_to_moment(shop, turn=0)
    assert run.taken == 0
    assert [(t.label, t.kind) for t in shop.window.scene.rail.tickets] == [("main", "start")]


def test_a_moment_the_program_never_reaches_ends_with_the_program(open_shop):
    shop = open_shop()
    run = run_to_moment(shop, when="no caption says this")
    assert run.outcome == "ended"
    assert shop.window.session.main.done()
