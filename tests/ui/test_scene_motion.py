"""Motion on the floor (ui/scene/motion.py), without a window: walking at its speed, the
handshake's round trip, and ended customers seen out by the door."""

from __future__ import annotations

import math

from floors import customer, floor, state_of
from PySide6.QtCore import QPointF

from coffeeshop_gui.model.state import CustomerState
from coffeeshop_gui.ui.scene import DONE_LINGER
from coffeeshop_gui.ui.scene.gestures import Drag
from coffeeshop_gui.ui.scene.motion import HANDSHAKE_SECONDS, WALK_SPEED, Handshake


def distance(a: QPointF, b: QPointF) -> float:
    return math.hypot(a.x() - b.x(), a.y() - b.y())


def test_a_handshake_goes_up_to_the_counter_first() -> None:
    trip = Handshake(QPointF(0, 0), QPointF(100, 0), age=HANDSHAKE_SECONDS / 4)
    assert trip.where(QPointF(0, 100)) == QPointF(50, 0)


def test_a_handshake_reaches_the_counter_halfway() -> None:
    trip = Handshake(QPointF(0, 0), QPointF(100, 0), age=HANDSHAKE_SECONDS / 2)
    assert trip.where(QPointF(0, 100)) == QPointF(100, 0)


def test_a_handshake_ends_where_the_buzzer_rests() -> None:
    trip = Handshake(QPointF(0, 0), QPointF(100, 0), age=HANDSHAKE_SECONDS)
    assert trip.where(QPointF(0, 100)) == QPointF(0, 100)


def seated_after_queueing(qapp):
    """A floor whose one customer stood in line and now has a seat to walk to."""
    scene = floor(state_of(customer(1, CustomerState.QUEUED)))
    start = scene.customers[1].pos()
    scene.sync(state_of(customer(1, CustomerState.WAITING, future=9)), set(), {1}, seconds=None)
    return scene, start


def test_a_customer_walks_to_its_new_place_at_walking_speed(qapp) -> None:
    scene, start = seated_after_queueing(qapp)
    scene.animate(0.1)
    assert math.isclose(distance(scene.customers[1].pos(), start), WALK_SPEED * 0.1)


def test_a_customer_in_a_persons_hand_does_not_walk(qapp) -> None:
    scene, start = seated_after_queueing(qapp)
    scene.drag = Drag(1, start, start)
    scene.animate(0.1)
    assert scene.customers[1].pos() == start


def test_a_served_customer_leaves_the_picture_after_lingering(qapp) -> None:
    scene = floor(state_of(customer(1, CustomerState.DONE, ended_at=1.0), now=1.0))
    scene.animate(DONE_LINGER - 0.1)
    assert scene.draws(1)
    scene.animate(0.2)
    assert not scene.draws(1)


def test_a_failed_customer_lingers_longer_than_a_served_one(qapp) -> None:
    scene = floor(state_of(customer(1, CustomerState.FAILED, ended_at=1.0), now=1.0))
    scene.animate(DONE_LINGER + 1.0)
    assert scene.draws(1)
