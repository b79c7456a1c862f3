"""Next and previous customer, without a window (window_commands.py)."""

from __future__ import annotations

from coffeeshop_gui.ui.window_commands import next_in_turn

IDS = [4, 7, 9]


def test_next_goes_to_the_customer_after_the_selected_one() -> None:
    assert next_in_turn(IDS, 7, +1) == 9


def test_previous_goes_to_the_customer_before_the_selected_one() -> None:
    assert next_in_turn(IDS, 7, -1) == 4


def test_next_from_the_last_customer_comes_round_to_the_first() -> None:
    assert next_in_turn(IDS, 9, +1) == 4


def test_previous_from_the_first_customer_comes_round_to_the_last() -> None:
    assert next_in_turn(IDS, 4, -1) == 9


def test_next_with_none_selected_starts_at_the_first() -> None:
    assert next_in_turn(IDS, None, +1) == 4


def test_previous_with_a_customer_gone_from_the_list_starts_at_the_last() -> None:
    assert next_in_turn(IDS, 5, -1) == 9
