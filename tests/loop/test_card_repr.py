"""The card's reprs of live asyncio objects: a file's folders dropped, a value left whole."""

from __future__ import annotations

from coffeeshop_gui.loop.session import card_repr


def test_the_card_drops_the_folders_of_the_file_a_task_runs_at():
    text = "<Task pending name='Ada' coro=<order() running at /home/ada/shop/step2.py:18>>"
    assert card_repr(text) == "<Task pending name='Ada' coro=<order() running at step2.py:18>>"


def test_the_card_keeps_a_path_that_is_a_value_whole():
    text = "<Future finished result='/srv/menu/latte.py'>"
    assert card_repr(text) == text
