"""Order slips on the shop floor: coroutine objects that exist and have not run.

A slip is in its holder's hand (the customer whose code called the coroutine function; one no
task holds is drawn at the counter) until it is handed in as a task, awaited, or thrown away,
when it crumples and stays in view a few seconds: a coroutine never awaited is a bug a room
should see. Apart from the customers because a slip follows its own events (`state.slips`)
and only borrows its holder's position.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF

from coffeeshop_gui.model.state import ShopState
from coffeeshop_gui.ui import layout
from coffeeshop_gui.ui.items.crowd import BUZZER_IN_HAND
from coffeeshop_gui.ui.items.slip import SlipItem
from coffeeshop_gui.ui.items.slip import W as SLIP_W

if TYPE_CHECKING:
    from coffeeshop_gui.ui.scene.shop_scene import ShopScene

DROPPED_SLIP_SECONDS = 4.0  # a thrown-away slip stays in view this long
# A slip in hand is held where a buzzer is (BUZZER_IN_HAND, from the feet), on the other
# side of the body: beside its holder, clear of it, at hand height.
SLIP_BESIDE = BUZZER_IN_HAND.x() + SLIP_W / 2
SLIP_HAND_HEIGHT = -BUZZER_IN_HAND.y()
# A second slip in the same hand is drawn this much higher, clear of the first.
SLIP_STACK_STEP = 70
SLIPS_IN_HAND = 2  # drawn in one hand; the second says how many more it holds
# `scene._dropped` marks a slip thrown away and already gone from view with this age.
OUT_OF_VIEW = -1.0


def sync_slips(scene: ShopScene, state: ShopState) -> None:
    """A slip in its holder's hand until it is handed in, awaited, or thrown away."""
    held: dict[int | None, int] = {}
    for slip in state.slips.values():
        item = scene.slips.get(slip.id)
        if slip.state in ("handed in", "awaited"):
            if item is not None:
                scene._retire(scene.slips.pop(slip.id))
                scene._slip_places.pop(slip.id, None)
            continue
        if item is None:
            if slip.id in scene._dropped and scene._dropped[slip.id] < 0:
                continue  # thrown away and already gone from view
            item = scene.slips[slip.id] = SlipItem(slip.id, slip.recipe)
            scene.addItem(item)
        if slip.state == "dropped" and not item.dropped:
            item.drop(slip.warning)
            scene._dropped[slip.id] = 0.0
        nth = held[slip.holder] = held.get(slip.holder, -1) + 1
        scene._slip_places[slip.id] = (slip.holder, nth)
    place_slips(scene)


def place_slips(scene: ShopScene) -> None:
    """Slips stay in their holder's hand as the holder walks; a hand holding many
    (a gather of three hundred, not yet wrapped) shows a few and how many more."""
    held: dict[int | None, int] = {}
    for slip in scene.slips:
        holder, _nth = scene._slip_places.get(slip, (None, 0))
        held[holder] = held.get(holder, 0) + 1
    for slip, item in scene.slips.items():
        holder_id, nth = scene._slip_places.get(slip, (None, 0))
        # a token of a crowd is too small a hand to hold a slip drawn full size
        in_hand = holder_id is None or holder_id in scene.customers
        item.setVisible(nth < SLIPS_IN_HAND and in_hand)
        if not item.isVisible():
            continue
        last = nth == SLIPS_IN_HAND - 1
        item.hold_more(held.get(holder_id, 0) - SLIPS_IN_HAND if last else 0)
        base = scene.position_of(holder_id) if holder_id else None
        base = base if base is not None else QPointF(layout.SERVICE)
        at = base + QPointF(-SLIP_BESIDE, -SLIP_HAND_HEIGHT - SLIP_STACK_STEP * nth)
        if at.x() - SLIP_W / 2 < scene.sceneRect().left():  # by the door: in the other hand
            at.setX(base.x() + SLIP_BESIDE)
        item.setPos(at)


def age_slips(scene: ShopScene, dt: float) -> None:
    """Slips thrown away grow older; past DROPPED_SLIP_SECONDS they leave the picture."""
    for slip, age in list(scene._dropped.items()):
        if age < 0:
            continue
        age += dt
        if age > DROPPED_SLIP_SECONDS and slip in scene.slips:
            scene._retire(scene.slips.pop(slip))
            scene._slip_places.pop(slip, None)
            age = OUT_OF_VIEW
        scene._dropped[slip] = age
