"""The narration strip on its own: the newest sentence first and whole, at any width and size."""

from __future__ import annotations

import pytest

from coffeeshop_gui.ui.narration_strip import NarrationStrip

LONG = (
    "Ben ran on from line 18 without giving the loop back, then sits down at line 17 on a "
    "pending Future: the Task hangs its wake-up on it, and the cashier serves the next in line"
)


@pytest.fixture
def strip(qtbot):
    made = NarrationStrip()
    qtbot.addWidget(made)
    made.resize(900, 10)
    made.restyle(17)
    made.show()
    return made


def shows_whole(strip: NarrationStrip) -> bool:
    return strip.heightForWidth(strip.width()) <= strip.height() + 1


def told_twice(strip: NarrationStrip) -> tuple[str, str]:
    """Tell the strip two sentences: its lines, newest first."""
    strip.tell("main sits down at line 12", "Ada walks in")
    newest, older = strip.text().split("<br>")
    return newest, older


def test_the_newest_sentence_comes_first(strip):
    newest, older = told_twice(strip)
    assert newest == "Ada walks in"
    assert "main sits down at line 12" in older


def test_the_sentence_before_the_newest_is_dimmed(strip):
    newest, older = told_twice(strip)
    assert "color:" in older and "color:" not in newest


def test_only_the_last_two_sentences_are_kept(strip):
    strip.tell("one", "two", "three")
    assert "one" not in strip.text()
    assert strip.text().startswith("three")


def test_an_older_sentence_that_does_not_fit_whole_is_left_out(strip):
    strip.tell("main sits down at line 12", LONG)
    strip.resize(420, strip.height())
    assert strip.text().startswith("Ben ran on")
    assert "main sits down" not in strip.text()
    assert shows_whole(strip)


def test_a_sentence_longer_than_the_strip_in_large_type_grows_it_to_show_it_whole(strip):
    steady = strip.height()
    strip.restyle(26)  # zoom 1.5
    strip.resize(500, strip.height())
    strip.tell(LONG)
    assert strip.height() > steady
    assert shows_whole(strip)


def test_a_narrower_strip_grows_for_the_sentence_it_already_shows(strip):
    strip.tell(LONG)
    assert shows_whole(strip)
    strip.resize(380, strip.height())  # the window made narrow: no new sentence comes
    assert shows_whole(strip)


def test_restyling_brings_the_steady_height_back(strip):
    strip.resize(380, strip.height())
    strip.tell(LONG)
    grown = strip.height()
    strip.resize(1200, strip.height())
    strip.restart("Opened a program")
    strip.restyle(17)
    assert strip.height() < grown
    assert strip.text() == "Opened a program"
