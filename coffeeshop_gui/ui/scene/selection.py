"""The customer picked out on the floor, whichever way it is drawn.

A customer drawn in full is a Qt item and uses Qt's own selection; a token of a crowd is not
an item, so the crowd layer rings the one picked out. These functions make the two read as
one selection: the card, the code panel and the magnifier ask here, not the items.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF

from coffeeshop_gui.ui.items.customer import HEIGHT, WIDTH, CustomerItem

if TYPE_CHECKING:
    from coffeeshop_gui.ui.scene.shop_scene import ShopScene


def selected_task(scene: ShopScene) -> int | None:
    """The customer picked out: a selected item, or a token."""
    items = [i for i in scene.selectedItems() if isinstance(i, CustomerItem)]
    return items[0].task_id if items else scene.crowd.selected


def place_of(scene: ShopScene, task_id: int | None) -> QRectF | None:
    """Where this customer is drawn, with its name and tag: a magnified view follows it."""
    item = scene.customers.get(task_id) if task_id is not None else None
    if item is not None:
        return item.sceneBoundingRect()
    token = scene.tokens.get(task_id) if task_id is not None else None
    if token is None:
        return None
    w, h = WIDTH * token.scale, HEIGHT * token.scale
    return QRectF(token.pos.x() - w / 2, token.pos.y() - h, w, h)


def select(scene: ShopScene, task_id: int) -> None:
    """Pick out this customer (an item is selected; a token is ringed by the crowd)."""
    item = scene.customers.get(task_id)
    scene.crowd.selected = task_id if item is None and task_id in scene.tokens else None
    scene.crowd.update()
    scene.clearSelection()
    if item is not None:
        item.setSelected(True)
    else:
        scene.selectionChanged.emit()


def unselect_token(scene: ShopScene) -> None:
    """No token picked out any more (a click elsewhere on the floor), said as Qt says it."""
    if scene.crowd.selected is not None:
        scene.crowd.selected = None
        scene.crowd.update()
        scene.selectionChanged.emit()
