"""The customer picked out (ui/scene/selection.py), without a window: an item and a token
of a crowd read as one selection."""

from __future__ import annotations

from floors import customer, floor, mouse, state_of
from PySide6.QtCore import QEvent, QPointF

from coffeeshop_gui.model.state import CustomerState
from coffeeshop_gui.ui.items.customer import HEIGHT


def crowd_floor():
    """Three customers in a line of a thousand: each is a token of the crowd."""
    return floor(state_of(*(customer(i, CustomerState.QUEUED) for i in (1, 2, 3)), crowd=1000))


def test_selecting_a_drawn_customer_selects_its_item(qapp) -> None:
    scene = floor(state_of(customer(1, CustomerState.QUEUED)))
    scene.select(1)
    assert scene.selected_task() == 1
    assert scene.customers[1].isSelected()


def test_selecting_a_token_is_the_scenes_selection(qapp) -> None:
    scene = crowd_floor()
    assert scene.tokens.keys() == {1, 2, 3}
    scene.select(2)
    assert scene.selected_task() == 2


def test_selecting_a_token_says_the_selection_changed(qapp) -> None:
    scene = crowd_floor()
    said: list[bool] = []
    scene.selectionChanged.connect(lambda: said.append(True))
    scene.select(2)
    assert said == [True]


def test_a_click_on_the_bare_floor_drops_a_tokens_selection(qapp) -> None:
    scene = crowd_floor()
    scene.select(2)
    mouse(scene, QEvent.Type.GraphicsSceneMousePress, QPointF(5, 750))
    assert scene.selected_task() is None


def test_the_place_of_a_token_is_its_figure_at_its_scale(qapp) -> None:
    scene = crowd_floor()
    token = scene.tokens[2]
    assert token.scale < 1.0
    place = scene.place_of(2)
    assert place is not None
    assert place.height() == HEIGHT * token.scale
    assert place.bottom() == token.pos.y()  # from its feet up
