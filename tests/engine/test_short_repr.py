"""Reprs on the saved-spot card: whole when they fit, else cut after a word, never mangled."""

from __future__ import annotations

import asyncio

from coffeeshop_gui.engine.chain import short_repr, shorten


class Reprs:
    """An object whose repr is the given text, as asyncio's objects print themselves."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def test_an_event_loops_repr_is_shown_whole():
    loop = asyncio.new_event_loop()
    try:
        assert short_repr(loop) == repr(loop)
    finally:
        loop.close()


def test_a_long_repr_is_cut_after_a_whole_word_and_its_brackets_closed():
    task = (
        "<Task pending name='Ada' coro=<order() running at step2_handshake.py:18> "
        "wait_for=<Future pending cb=[Task.task_wakeup()]> cb=[Task.task_wakeup()]>"
    )
    assert shorten(task, 60) == "<Task pending name='Ada' coro=<order() running at …>>"


def test_a_cut_inside_a_string_closes_the_string():
    assert short_repr("a latte with oat milk, extra hot, no foam, please") == (
        "'a latte with oat milk, extra hot, no …'"
    )


def test_no_shortened_repr_is_cut_in_the_middle():
    long = Reprs("<ShopLoop running=True closed=False debug=False " + "x=1 " * 30 + ">")
    for value in (long, "y" * 100, list(range(50)), 10**80, {"k": "v" * 80}):
        text = short_repr(value)
        assert "..." not in text and text.count("…") == 1
        assert text[: len(text) // 2] == repr(value)[: len(text) // 2]  # its start is its own


def test_a_repr_that_fits_is_left_alone():
    assert shorten("<Future pending>", 16) == "<Future pending>"


class Refuses:
    def __init__(self, raised: BaseException) -> None:
        self.raised = raised

    def __repr__(self) -> str:
        raise self.raised


def test_a_repr_that_fails_or_even_exits_is_named_on_the_card_and_ends_nothing():
    assert short_repr(Refuses(ValueError("no"))).startswith("<Refuses instance at 0x")
    for raised in (SystemExit(3), KeyboardInterrupt()):
        assert short_repr(Refuses(raised)) == f"<repr failed: {type(raised).__name__}>"
