"""The scene's own rules (ShopScene's docstring), as `broken_invariants` reports them, and
another moment of the run drawn on the same floor (ui/scene/past.py), without a window."""

from __future__ import annotations

from floors import customer, floor, state_of

from coffeeshop_gui.model.state import CustomerState


def test_a_floor_drawn_from_a_state_breaks_no_rule(qapp) -> None:
    scene = floor(state_of(customer(1, CustomerState.WAITING, future=9)))
    assert scene.broken_invariants() == []


def test_a_buzzer_left_behind_by_its_customer_is_reported(qapp) -> None:
    scene = floor(state_of(customer(1, CustomerState.WAITING, future=9)))
    scene.customers.pop(1)  # the item gone, its buzzer not
    assert "task 1 has a buzzer but no item" in scene.broken_invariants()


def test_a_moment_before_a_customer_came_in_does_not_show_it(qapp) -> None:
    first, second = customer(1, CustomerState.QUEUED), customer(2, CustomerState.QUEUED)
    scene = floor(state_of(first, second))
    scene.show_moment(state_of(first))
    assert not scene.draws(2)


def test_coming_back_from_the_past_shows_a_customer_again(qapp) -> None:
    first, second = customer(1, CustomerState.QUEUED), customer(2, CustomerState.QUEUED)
    scene = floor(state_of(first, second))
    scene.show_moment(state_of(first))
    scene.show_moment(state_of(first, second))
    assert scene.draws(2)
