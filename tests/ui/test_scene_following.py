"""The floor following the state (ui/scene/following.py), without a window: each customer
drawn in one way, the way its area's size calls for."""

from __future__ import annotations

from floors import customer, floor, state_of
from PySide6.QtCore import QPointF

from coffeeshop_gui.model.state import CustomerState
from coffeeshop_gui.ui.scene import ShopScene


def test_a_customer_in_a_short_line_is_drawn_in_full(qapp) -> None:
    scene = floor(state_of(customer(1, CustomerState.QUEUED)))
    assert 1 in scene.customers and 1 not in scene.tokens


def test_a_customer_whose_line_becomes_a_crowd_becomes_a_token(qapp) -> None:
    scene = floor(state_of(customer(1, CustomerState.QUEUED)))
    scene.sync(state_of(customer(1, CustomerState.QUEUED), crowd=1000), set(), {1}, seconds=None)
    assert 1 in scene.tokens and 1 not in scene.customers


def test_a_customer_picked_out_stays_picked_out_as_it_joins_a_crowd(qapp) -> None:
    scene = floor(state_of(customer(1, CustomerState.QUEUED)))
    scene.select(1)
    scene.sync(state_of(customer(1, CustomerState.QUEUED), crowd=1000), set(), {1}, seconds=None)
    assert scene.selected_task() == 1


def test_a_customer_dropped_in_walks_in_where_it_was_dropped(qapp) -> None:
    scene = ShopScene(["espresso"])
    scene.arrive_at(1, QPointF(250, 520))
    scene.sync(state_of(customer(1, CustomerState.QUEUED)), set(), {1}, seconds=None)
    assert scene.customers[1].pos() == QPointF(250, 520)
