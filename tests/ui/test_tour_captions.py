"""The tour shows one caption at a time, each when its program reaches the moment it tells
of (an event in the log), and each step's screenshot lands on its key moment."""

from __future__ import annotations

from test_moments import run_to_moment

from coffeeshop_gui.lessons import TOUR, Lesson
from coffeeshop_gui.ui.tour_banner import TourBanner

STEP6 = TOUR[5]  # the buzzer lights
RAIL_CAPTION = STEP6.captions[1]  # "...Ada's wake-up is one: a ticket on the rail."


def test_step6_tells_of_the_rail_only_once_the_wake_up_is_queued(open_shop):
    shop = open_shop()
    shop.window.go_to_step(5)
    run_to_moment(shop, when="Ben wake-up")  # Ben's espresso lit first; Ada still waits
    banner = shop.window.banner.text()
    assert STEP6.captions[0] in banner and "ticket on the rail" not in banner
    run_to_moment(shop, when="Ada wake-up")
    banner = shop.window.banner.text()
    assert "ticket on the rail" in banner and STEP6.captions[0] not in banner
    assert [(t.label, t.kind) for t in shop.window.scene.rail.tickets] == [("Ada", "wake-up")]


def test_step6_moves_on_when_the_cashier_serves_ada_again(open_shop):
    shop = open_shop()
    shop.window.go_to_step(5)
    run_to_moment(shop, when="serves Ada again")
    assert "Ada resumes at her saved line" in shop.window.banner.text()


def test_a_run_again_starts_from_the_first_caption(open_shop):
    shop = open_shop()
    shop.window.go_to_step(5)
    run_to_moment(shop, when="Ada wake-up")
    shop.window.do_restart()
    shop.window.settle()
    assert STEP6.captions[0] in shop.window.banner.text()


def test_every_step_has_a_cue_per_caption():
    for lesson in TOUR:
        assert len(lesson.cues) == len(lesson.captions), lesson.title


def test_every_step_has_a_key_moment():
    for lesson in TOUR:
        assert lesson.key_moment, lesson.title


def test_a_step_without_cues_shows_all_its_captions_at_once(qtbot):
    banner = TourBanner()
    qtbot.addWidget(banner)
    lesson = Lesson("The kitchen", STEP6.file, ("First.", "Second."))
    banner.show_step(lesson, 7, 7)
    assert "First. Second." in banner.text()
