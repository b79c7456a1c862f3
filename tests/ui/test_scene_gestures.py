"""A person's hands on the floor (ui/scene/gestures.py), without a window: a drag is one
`Drag`, and what a person asks for comes out as the scene's signals."""

from __future__ import annotations

from floors import customer, drag, floor, mouse, state_of
from PySide6.QtCore import QEvent, QPointF

from coffeeshop_gui.model.state import CustomerState
from coffeeshop_gui.ui.scene import DOOR_ZONE
from coffeeshop_gui.ui.scene.gestures import Drag


def test_a_dragged_customer_keeps_its_feet_where_the_hand_took_them() -> None:
    held = Drag(7, feet=QPointF(100, 200), pointer=QPointF(110, 150))
    assert held.move(QPointF(300, 300)) == QPointF(290, 350)
    assert held.at == QPointF(290, 350)


def test_a_press_without_a_move_is_not_a_drag() -> None:
    held = Drag(7, feet=DOOR_ZONE.center(), pointer=DOOR_ZONE.center())
    assert not held.moved
    assert not held.sends_away()  # a click on a customer by the door cancels nothing


def test_a_customer_put_down_at_the_door_is_to_be_sent_away() -> None:
    held = Drag(7, feet=QPointF(400, 400), pointer=QPointF(400, 400))
    held.move(DOOR_ZONE.center())
    assert held.sends_away()


def test_a_customer_put_down_away_from_the_door_stays() -> None:
    held = Drag(7, feet=QPointF(400, 400), pointer=QPointF(400, 400))
    held.move(QPointF(400, 500))
    assert not held.sends_away()


def grabbed(scene, task_id: int) -> tuple[QPointF, QPointF]:
    """Where to press on a customer's item, and how far its feet are from there."""
    item = scene.customers[task_id]
    at = item.sceneBoundingRect().center()
    return at, item.pos() - at


def test_a_customer_dropped_at_the_door_asks_to_be_sent_away(qapp) -> None:
    scene = floor(state_of(customer(1, CustomerState.QUEUED)))
    asked: list[int] = []
    scene.send_away_requested.connect(asked.append)
    at, grip = grabbed(scene, 1)
    drag(scene, at, DOOR_ZONE.center() - grip)
    assert asked == [1]


def test_a_customer_dropped_on_the_floor_is_not_sent_away(qapp) -> None:
    scene = floor(state_of(customer(1, CustomerState.QUEUED)))
    asked: list[int] = []
    scene.send_away_requested.connect(asked.append)
    at, _grip = grabbed(scene, 1)
    drag(scene, at, at + QPointF(60, 0))
    assert asked == []


def test_a_customer_follows_the_hand_while_dragged(qapp) -> None:
    scene = floor(state_of(customer(1, CustomerState.QUEUED)))
    at, grip = grabbed(scene, 1)
    mouse(scene, QEvent.Type.GraphicsSceneMousePress, at)
    mouse(scene, QEvent.Type.GraphicsSceneMouseMove, at + QPointF(0, 80))
    assert scene.customers[1].pos() == at + QPointF(0, 80) + grip


def test_the_door_is_marked_only_while_a_customer_is_dragged(qapp) -> None:
    scene = floor(state_of(customer(1, CustomerState.QUEUED)))
    at, _grip = grabbed(scene, 1)
    mouse(scene, QEvent.Type.GraphicsSceneMousePress, at)
    mouse(scene, QEvent.Type.GraphicsSceneMouseMove, at + QPointF(0, 80))
    assert scene.door_zone.isVisible()
    mouse(scene, QEvent.Type.GraphicsSceneMouseRelease, at + QPointF(0, 80), held=False)
    assert not scene.door_zone.isVisible()


def test_clicking_a_dark_buzzer_asks_for_it_to_ring(qapp) -> None:
    scene = floor(state_of(customer(1, CustomerState.WAITING, future=9)))
    rung: list[int] = []
    scene.ring_requested.connect(rung.append)
    mouse(scene, QEvent.Type.GraphicsSceneMousePress, scene.buzzers[1].sceneBoundingRect().center())
    assert rung == [9]


def test_clicking_a_lit_buzzer_asks_nothing(qapp) -> None:
    lit = customer(1, CustomerState.QUEUED, future=9, buzzer_lit=True)
    scene = floor(state_of(lit))
    rung: list[int] = []
    scene.ring_requested.connect(rung.append)
    mouse(scene, QEvent.Type.GraphicsSceneMousePress, scene.buzzers[1].sceneBoundingRect().center())
    assert rung == []
