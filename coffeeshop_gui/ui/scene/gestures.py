"""A person's hands on the shop floor: clicks, drags and hovering.

The floor decides nothing here either: clicking a dark buzzer asks for it to be lit by hand
(`ring_requested`, `set_result` on its Future), and dropping a customer at the door asks for
its task to be cancelled (`send_away_requested`). The window acts on those requests; the
picture changes only when the loop's events say so. A customer being dragged is one `Drag`,
made on the press, moved with the pointer and finished on the release.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsSceneHelpEvent,
    QGraphicsSceneMouseEvent,
    QToolTip,
)

from coffeeshop_gui.ui.items.buzzer import BuzzerItem
from coffeeshop_gui.ui.items.customer import CustomerItem, tooltip
from coffeeshop_gui.ui.scene.furniture import DOOR_ZONE
from coffeeshop_gui.ui.scene.selection import select, unselect_token

if TYPE_CHECKING:
    from coffeeshop_gui.ui.scene.shop_scene import ShopScene

ItemKind = TypeVar("ItemKind", bound=QGraphicsItem)


class Drag:
    """A customer in a person's hand, from the press that picks it up to the release that
    puts it down: where its feet are held, and whether it moved at all (a click that does
    not move is no drag, and sends no one away)."""

    def __init__(self, task_id: int, feet: QPointF, pointer: QPointF) -> None:
        self.task_id = task_id
        self.at = QPointF(feet)
        self.moved = False
        self._grip = feet - pointer  # the feet keep this offset from the pointer

    def move(self, pointer: QPointF) -> QPointF:
        """Follow the pointer; where the feet are held now."""
        self.at = pointer + self._grip
        self.moved = True
        return self.at

    def sends_away(self) -> bool:
        """Put down at the door: its task is to be cancelled."""
        return self.moved and DOOR_ZONE.contains(self.at)


def press(scene: ShopScene, event: QGraphicsSceneMouseEvent) -> bool:
    """A dark buzzer clicked asks to be lit; a customer (item or token) pressed is picked
    out and picked up. True when the press was used up here (Qt is not to see it)."""
    if event.button() != Qt.MouseButton.LeftButton:
        return False
    at = event.scenePos()
    future = _dark_buzzer_at(scene, at)
    if future is not None:
        scene.ring_requested.emit(future)
        event.accept()
        return True
    customer = item_at(scene, at, CustomerItem)
    token = scene.crowd.at(at) if customer is None else None
    if token is not None:  # a token is not an item: the scene picks it out itself
        select(scene, token.task_id)
        if not token.state.ended:
            scene.drag = Drag(token.task_id, token.pos, at)
        event.accept()
        return True
    unselect_token(scene)
    if customer is not None and not customer.state.ended:
        scene.drag = Drag(customer.task_id, customer.pos(), at)
    return False


def move(scene: ShopScene, event: QGraphicsSceneMouseEvent) -> bool:
    """The customer in hand follows the pointer, the door lit to drop it on. True when
    the move was used up here."""
    drag = scene.drag
    if drag is None or not event.buttons() & Qt.MouseButton.LeftButton:
        return False
    at = drag.move(event.scenePos())
    item = scene.customers.get(drag.task_id)
    if item is not None:
        item.setPos(at)
    elif drag.task_id in scene.tokens:
        scene.crowd.move(drag.task_id, at)
        scene.crowd.update()
    scene.door_zone.setVisible(True)
    event.accept()
    return True


def release(scene: ShopScene) -> None:
    """The customer in hand is put down: at the door it asks to be sent away; anywhere
    else it walks back to where the state puts it."""
    drag, scene.drag = scene.drag, None
    scene.door_zone.setVisible(False)
    if drag is None or not drag.moved:
        return
    if drag.sends_away():
        scene.send_away_requested.emit(drag.task_id)
    if scene.draws(drag.task_id):
        scene._dirty[drag.task_id] = None  # back to its place, unless it is leaving


def token_tooltip(scene: ShopScene, event: QGraphicsSceneHelpEvent) -> bool:
    """A token's tooltip, as an item's: who it is, where it stopped. True when shown."""
    at = event.scenePos()
    if item_at(scene, at, CustomerItem) is not None or item_at(scene, at, BuzzerItem) is not None:
        return False
    token = scene.crowd.at(at)
    customer = scene.state_shown().customers.get(token.task_id) if token is not None else None
    if customer is None:
        return False
    QToolTip.showText(event.screenPos(), tooltip(customer), event.widget())
    event.accept()
    return True


def _dark_buzzer_at(scene: ShopScene, at: QPointF) -> int | None:
    """The Future of a dark buzzer under `at` (an item's, or a token's light)."""
    buzzer = item_at(scene, at, BuzzerItem)
    if buzzer is not None:
        return None if buzzer.lit else buzzer.future_id
    token = scene.crowd.buzzer_at(at)
    if token is None or token.buzzer is None:
        return None
    future, lit = token.buzzer
    return None if lit else future


def item_at(scene: ShopScene, pos: QPointF, kind: type[ItemKind]) -> ItemKind | None:
    """The topmost item of this kind under `pos`, by its shape."""
    for item in scene.items(pos, Qt.ItemSelectionMode.IntersectsItemShape):
        if isinstance(item, kind):
            return item
    return None
