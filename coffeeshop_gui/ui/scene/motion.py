"""Motion on the shop floor: what moves between two states, frame by frame.

The state says where each customer belongs; these functions walk them there (through the
counter when a step was served), carry the value an await returned to its customer in a cup,
send a buzzer up to the counter and back when a customer awaits (the handshake), run a light
from where a Future was done to its buzzer, and see ended customers out by the door. None of
it decides anything: it only moves, over time, what `following` already put in the picture.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF

from coffeeshop_gui.model.state import CustomerState
from coffeeshop_gui.ui import layout, palette
from coffeeshop_gui.ui.items.crowd import BUZZER_IN_HAND
from coffeeshop_gui.ui.items.cup import CupItem
from coffeeshop_gui.ui.items.customer import HEIGHT, CustomerItem
from coffeeshop_gui.ui.items.helper import HEAD_Y as HELPER_HEAD_Y
from coffeeshop_gui.ui.items.light import LightItem
from coffeeshop_gui.ui.layout import HANDSHAKE_COUNTER
from coffeeshop_gui.ui.scene import slips

if TYPE_CHECKING:
    from coffeeshop_gui.ui.scene.shop_scene import ShopScene

# Scene units per second: across the floor (layout.SCENE, 1000 wide) in about a second, so
# the moves of one step at 1x are over before the next step's begin.
WALK_SPEED = 900.0
# A buzzer's trip to the counter and back: slow enough for a room to follow with the eye.
HANDSHAKE_SECONDS = 1.2
DONE_LINGER = 3.0  # seconds a served customer stays by the door before leaving the picture
FAULT_LINGER = 20.0  # a failed or cancelled one stays longer: a room should see it
# Scene units per second: slower than a walk, so a cup is seen leaving the counter.
CUP_SPEED = 420.0
CUP_ON_TAG = QPointF(0, -HEIGHT - 6)  # a cup covers the tag over its customer's head
FAULTS = (CustomerState.FAILED, CustomerState.CANCELLED)
CUP_SECONDS = 2.5  # how long a delivered value stays in view
# A cup fades out over the last third of a second it is in view: opacity lost per second.
CUP_FADE_RATE = 3.0
# Cups in view at once, the oldest dropped first: a burst of values must not cover the floor.
MAX_CUPS = 8
# A light from a worker starts at its head: the worker did it (from its feet, at full size).
HELPER_HEAD = QPointF(0, HELPER_HEAD_Y)


@dataclass
class Handshake:
    """A buzzer's round trip: from the customer's hand to the counter, then to its place."""

    start: QPointF
    counter: QPointF
    age: float = 0.0

    def where(self, resting: QPointF) -> QPointF:
        """Position along the trip; `resting` is where the buzzer ends up."""
        half = HANDSHAKE_SECONDS / 2
        if self.age < half:
            return self.start + (self.counter - self.start) * (self.age / half)
        return self.counter + (resting - self.counter) * min(1.0, (self.age - half) / half)


def animate(scene: ShopScene, dt: float) -> None:
    """Walk the customers who are not yet where they belong; buzzers go with them."""
    step = WALK_SPEED * dt
    drag = scene.drag
    for tid in list(scene._moving):
        item = scene.customers.get(tid)
        path = scene._targets.get(tid)
        if item is None or not path:
            scene._moving.discard(tid)
            continue
        if drag is None or tid != drag.task_id:  # in a person's hand: it stays there
            delta = path[0] - item.pos()
            dist = (delta.x() ** 2 + delta.y() ** 2) ** 0.5
            if dist <= step:
                item.setPos(path[0])
                if len(path) > 1:
                    path.pop(0)
                else:
                    scene._moving.discard(tid)
            else:
                item.setPos(item.pos() + delta * (step / dist))
        place_buzzer(scene, tid, item)
    move_cups(scene, dt)
    slips.age_slips(scene, dt)
    slips.place_slips(scene)
    see_them_out(scene, dt)
    _advance_handshakes(scene, dt)
    _advance_lights(scene, dt)
    scene._flush_retired()


def see_them_out(scene: ShopScene, dt: float) -> None:
    """Ended customers linger by the door (failures longer), then leave the picture."""
    for tid, age in list(scene._left.items()):
        shown = scene.customers.get(tid) or scene.tokens.get(tid)
        if shown is None:
            scene._left.pop(tid, None)
            continue
        age += dt
        scene._left[tid] = age
        linger = DONE_LINGER if shown.state is CustomerState.DONE else FAULT_LINGER
        if age > linger:
            scene._remove_customer(tid)
            scene._gone.add(tid)


def carry_value(scene: ShopScene, task_id: int, text: str, at: float) -> None:
    """The value an await returned (at shop time `at`) travels from the counter to the
    resumed customer."""
    owner = scene.customers.get(task_id)
    if not text or owner is None:
        return  # not drawn yet, or a token in a crowd: too small to follow a cup to
    held = [c for c in scene.cups if c[0].task_id == task_id]
    for cup, _ in held:  # one cup in hand: what the latest await returned
        scene._retire(cup)
    if held:
        scene.cups = [c for c in scene.cups if c[0].task_id != task_id]
    cup = CupItem(task_id, text, palette.customer_colour(task_id), at)
    cup.setPos(HANDSHAKE_COUNTER)
    scene.addItem(cup)
    scene.cups.append((cup, 0.0))
    while len(scene.cups) > MAX_CUPS:
        scene._retire(scene.cups.pop(0)[0])


def move_cups(scene: ShopScene, dt: float, now: float | None = None) -> None:
    """Cups travel to their customers and fade; `now` (shop time) lets each cup be
    as old as its value and already arrived (settling, where no frame was watched)."""
    kept = []
    for cup, age in scene.cups:
        age = age + dt if now is None else max(age, now - cup.made_at)
        owner = scene.customers.get(cup.task_id)
        if age > CUP_SECONDS or owner is None or owner.state in FAULTS:
            # drunk; or its customer left or joined a crowd; or failed or was cancelled,
            # and its tag must say so, not hide under a cup
            scene._retire(cup)
            continue
        goal = owner.pos() + CUP_ON_TAG
        delta = goal - cup.pos()
        dist = (delta.x() ** 2 + delta.y() ** 2) ** 0.5
        step = CUP_SPEED * dt if now is None else dist
        cup.setPos(goal if dist <= step else cup.pos() + delta * (step / dist))
        cup.setOpacity(min(1.0, CUP_FADE_RATE * (CUP_SECONDS - age)))
        kept.append((cup, age))
    scene.cups = kept
    covered = {cup.task_id for cup, _ in kept}
    for tid, item in scene.customers.items():
        item.cover_tag(tid in covered)


def place_buzzer(scene: ShopScene, tid: int, item: CustomerItem) -> None:
    """A customer's buzzer on its table while it sits there, else in its hand; on the
    way to the counter and back during a handshake."""
    buzzer = scene.buzzers.get(tid)
    if buzzer is None:
        return
    seat = scene.places.seat_of(tid)
    held = scene.drag is not None and tid == scene.drag.task_id
    at_table = seat is not None and item.state is CustomerState.WAITING
    if at_table and seat is not None and not held and not scene.places.crowded:
        buzzer.setPos(layout.buzzer_at_table(seat))
    else:
        buzzer.setPos(item.pos() + BUZZER_IN_HAND)
    trip = scene.handshakes.get(tid)
    if trip is not None:  # still on its way up to the counter and back
        buzzer.setPos(trip.where(buzzer.pos()))


def hand_over(scene: ShopScene, task_id: int) -> None:
    """Show the handshake of an await: the buzzer goes up to the counter and comes back.

    The coroutine yields the Future up through its Task, which hangs its wake-up call on
    it; then the customer sits with it. Drawn as a round trip from hand to counter.
    """
    item = scene.customers.get(task_id)
    if item is not None and not scene.places.crowded:
        scene.handshakes[task_id] = Handshake(item.pos() + BUZZER_IN_HAND, HANDSHAKE_COUNTER)


def _advance_handshakes(scene: ShopScene, dt: float) -> None:
    for tid, trip in list(scene.handshakes.items()):
        trip.age += dt
        if trip.age >= HANDSHAKE_SECONDS or tid not in scene.customers:
            del scene.handshakes[tid]
        if tid in scene.customers:
            place_buzzer(scene, tid, scene.customers[tid])


def light_up(scene: ShopScene, task_id: int, lit_from: tuple[str, int | None]) -> None:
    """The buzzer lights from where its Future was done (see items/light.py)."""
    if scene.places.crowded:
        return  # too small to follow a light to, as a handshake
    source, key = lit_from
    if source == "hatch":
        start = scene.hatch.row_point(key)
    elif source == "helper":
        helper = scene.helpers.get(key or 0)
        spot = helper.pos() if helper is not None else QPointF(*layout.helper_spot(0))
        start = spot + HELPER_HEAD
    else:
        start = scene.machine.sceneBoundingRect().center()
    if task_id in scene.lights:
        scene._retire(scene.lights.pop(task_id))
    light = scene.lights[task_id] = LightItem(task_id, source, start)
    scene.addItem(light)


def _advance_lights(scene: ShopScene, dt: float) -> None:
    for tid, light in list(scene.lights.items()):
        light.age += dt
        buzzer = scene.buzzers.get(tid)
        if light.arrived or buzzer is None:
            scene._retire(scene.lights.pop(tid))
        else:
            light.travel(buzzer.pos())
