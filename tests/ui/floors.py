"""A shop floor on its own, drawn from a hand-made state: the scene's parts tested without a
window, a loop or a program."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtWidgets import QApplication, QGraphicsSceneMouseEvent

from coffeeshop_gui.model.state import Customer, CustomerState, ShopState
from coffeeshop_gui.ui.scene import ShopScene


def customer(task_id: int, state: CustomerState, **fields) -> Customer:
    return Customer(task_id, f"c{task_id}", "regular", None, 0.0, state=state, **fields)


def state_of(*customers: Customer, now: float = 1.0, crowd: int = 0) -> ShopState:
    """A state with these customers; `crowd` more in line than shown makes the line a crowd."""
    state = ShopState(now=now)
    for c in customers:
        state.customers[c.id] = c
    state.queue = {c.id: None for c in customers if c.state is CustomerState.QUEUED}
    state.counts = dict(Counter(c.state for c in customers))
    if crowd:
        state.counts[CustomerState.QUEUED] = state.counts.get(CustomerState.QUEUED, 0) + crowd
    return state


def floor(state: ShopState) -> ShopScene:
    """A floor that shows `state`, everyone in place."""
    scene = ShopScene(["espresso"])
    scene.sync(state, set(), None, seconds=None)
    scene.settle(state)
    return scene


def mouse(scene: ShopScene, kind: QEvent.Type, at: QPointF, held: bool = True) -> None:
    """Send the scene a left-button mouse event at scene point `at`, as a view would."""
    event = QGraphicsSceneMouseEvent(kind)
    event.setScenePos(at)
    event.setButton(Qt.MouseButton.LeftButton)
    buttons = Qt.MouseButton.LeftButton if held else Qt.MouseButton.NoButton
    event.setButtons(buttons)
    QApplication.sendEvent(scene, event)


def drag(scene: ShopScene, start: QPointF, end: QPointF) -> None:
    """Press at `start`, move to `end` and release there."""
    mouse(scene, QEvent.Type.GraphicsSceneMousePress, start)
    mouse(scene, QEvent.Type.GraphicsSceneMouseMove, end)
    mouse(scene, QEvent.Type.GraphicsSceneMouseRelease, end, held=False)
