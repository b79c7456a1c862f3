"""Following the state: the shop floor made to say what a `ShopState` says.

`sync` looks again at the customers the new events were about and gives each its picture
(an item, or a crowd's token), its place, its buzzer and its slips; `settle` puts everything
where it is going at once. Which customers are in which of the scene's sets at the end of
each is stated once, in `ShopScene`'s docstring. A burst of thousands is drawn over a few
frames, within a time budget a frame, so the window stays smooth.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable
from itertools import islice
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QPointF

from coffeeshop_gui.model.state import Customer, CustomerState, ShopState
from coffeeshop_gui.ui import layout
from coffeeshop_gui.ui.items.buzzer import BuzzerItem, holds_buzzer
from coffeeshop_gui.ui.items.customer import CustomerItem
from coffeeshop_gui.ui.items.helper import HelperItem
from coffeeshop_gui.ui.items.slip import SlipItem
from coffeeshop_gui.ui.scene import slips
from coffeeshop_gui.ui.scene.motion import (
    CUP_SECONDS,
    carry_value,
    light_up,
    move_cups,
    place_buzzer,
    see_them_out,
)

if TYPE_CHECKING:
    from coffeeshop_gui.ui.scene.shop_scene import ShopScene

SYNC_SECONDS = 0.004  # customers are looked at for this long a frame; a rush spreads over frames
SPREAD_FROM = 64  # more newcomers than this at once are drawn spread out, not oldest first
# A burst is drawn over frames: taken oldest first, its first frames would show only those
# served first, seated, and an empty line; spread out, each frame shows the crowd in
# proportion. A prime stride that does not divide the count takes every one, once (7919
# alone would take 7,919 newcomers as one): the second prime is for counts the first divides.
SPREAD_STRIDE = 7919
SPREAD_STRIDE_ELSE = 7907
# A line this long or shorter has each customer's place in it looked up; a longer one is a
# crowd, drawn by the crowd layer (one more: the customer at the counter is in the queue too).
# Not a list of ten thousand every frame of a rush.
PLACES_IN_LINE = 64
# With more customers than this not drawn at all, a frame gives them FAR_BEHIND_BUDGET
# times SYNC_SECONDS: a rush just came in, unseen, and is drawn sooner at a slower frame.
FAR_BEHIND = 1_000
FAR_BEHIND_BUDGET = 2
# Customers taken at a time from the front of those still to look at: a dict skips the slots
# of the keys deleted before, so taking one at a time would cost more the further it got.
SYNC_BATCH = 16
# Newcomers walk in at the doorway: left of the first place by the door, a step up from it.
DOOR_FROM_EXIT = QPointF(-90, -40)
DOOR = layout.exit_spot(0) + DOOR_FROM_EXIT
_T = TypeVar("_T")  # what `spread` orders: task ids, or customers


def sync(
    scene: ShopScene,
    state: ShopState,
    served: set[int],
    touched: set[int] | None = None,
    seconds: float | None = SYNC_SECONDS,
) -> None:
    """Make the items say what `state` says (see `ShopScene.sync`)."""
    scene._state = state
    relayout = lay_out(scene, state)
    _forget_departed(scene, state)
    order = order_in_line(state)
    if touched is None:
        _look_again(scene, state.customers)
    else:
        if relayout:  # only those in the areas laid out anew stand elsewhere now
            _look_again(scene, (t for t, c in state.customers.items() if c.state in relayout))
        _look_again(scene, touched)
        if scene.places.line_capacity == layout.NORMAL_QUEUE:
            _look_again(scene, order)  # a short line keeps its order
    slip_of = {sl.task: sl.id for sl in state.slips.values() if sl.task is not None}
    if seconds is not None and len(scene._undrawn) > FAR_BEHIND:
        seconds *= FAR_BEHIND_BUDGET
    deadline = time.perf_counter() + (seconds if seconds is not None else math.inf)
    for pending in (scene._dirty, scene._undrawn):
        while pending and time.perf_counter() < deadline:  # the rest: next frames
            for tid in list(islice(pending, SYNC_BATCH)):
                del pending[tid]
                c = state.customers.get(tid)
                if c is not None and tid not in scene._gone:
                    _sync_customer(scene, c, served, order, slip_of)
    slips.sync_slips(scene, state)
    _sync_helpers(scene, state)
    scene.hatch.show_lines(state)
    scene._flush_retired()


def _look_again(scene: ShopScene, tids: Iterable[int]) -> None:
    """Mark these customers to be drawn again: the drawn ones first (what is on screen must
    be right, and a move is cheap), newcomers after them, spread out if they are many."""
    items, tokens, new = scene.customers, scene.tokens, []
    for tid in tids:
        if tid in items or tid in tokens:
            scene._dirty[tid] = None
        elif tid not in scene._undrawn:
            new.append(tid)
    scene._undrawn.update(dict.fromkeys(spread(new)))


def lay_out(scene: ShopScene, state: ShopState) -> set[CustomerState]:
    """Size the areas for `state` (see `Places.size_for`), and the tables and the line's
    caption with them: the states whose area was laid out anew."""
    by_hatch = bool(state.lines) and scene.places.make_room_for_hatch()
    relayout = scene.places.size_for(state)
    if by_hatch:
        relayout.add(CustomerState.WAITING)
    if relayout:  # a crowd sits without tables (a past floor may show an earlier moment)
        scene.furniture.show_tables(not scene.places.crowded)
        # a crowd in line stands where its caption is: lift the caption over it
        scene.line_label.over_crowd(scene.places.line_capacity > layout.NORMAL_QUEUE)
    return relayout


def order_in_line(state: ShopState) -> dict[int, int]:
    """Each one's place in a short line (a long one is a crowd, and this is empty)."""
    if len(state.queue) > PLACES_IN_LINE + 1:
        return {}
    in_line = [t for t in state.queue if t != state.running]
    return {tid: i for i, tid in enumerate(in_line)} if len(in_line) <= PLACES_IN_LINE else {}


def spread(new: list[_T]) -> list[_T]:
    """Newcomers in the order they are drawn: spread out if they are many (see
    `SPREAD_STRIDE`), so each frame of a burst shows the crowd in proportion."""
    if len(new) <= SPREAD_FROM:
        return new
    stride = SPREAD_STRIDE if len(new) % SPREAD_STRIDE else SPREAD_STRIDE_ELSE
    return [new[i * stride % len(new)] for i in range(len(new))]


def draw_now(scene: ShopScene, task_id: int) -> None:
    """Draw this customer now, ahead of those still to draw (a lesson follows it)."""
    customer = scene._state.customers.get(task_id)
    if customer is None or task_id in scene._gone or scene.draws(task_id):
        return
    scene._undrawn.pop(task_id, None)
    _sync_customer(scene, customer, set(), {}, {})


def _sync_customer(
    scene: ShopScene,
    c: Customer,
    served: set[int],
    order: dict[int, int],
    slip_of: dict[int, int],
) -> None:
    target, scale = scene.places.target(c, order)
    if scale < 1.0:
        _sync_token(scene, c, target, scale)
        return
    item = scene.customers.get(c.id)
    if item is None:
        item = _add_customer(scene, c, scene.slips.get(slip_of.get(c.id, -1)))
    item.show_customer(c)
    if c.got_at is not None and scene._carried.get(c.id) != c.got_at:
        # The coffee, from the state, not from a frame's events: which frame folds
        # which events depends on the machine, and the picture must not.
        scene._carried[c.id] = c.got_at
        if scene._state.now - c.got_at < CUP_SECONDS:
            carry_value(scene, c.id, c.got or "", c.got_at)
    path = scene._targets.setdefault(c.id, [])
    if c.id in served and c.state is not CustomerState.RUNNING:
        path[:] = [QPointF(layout.SERVICE), target]
    elif not path:
        path.append(target)
    elif path[-1] != target:
        path[-1] = target
    scene._moving.add(c.id)
    if c.state.ended:
        scene._left.setdefault(c.id, 0.0)
    elif (seat := scene.places.seat_of(c.id)) is not None and not scene.places.crowded:
        scene.furniture.table(seat)
    _sync_buzzer(scene, c)
    place_buzzer(scene, c.id, item)


def _sync_token(scene: ShopScene, c: Customer, target: QPointF, scale: float) -> None:
    """A customer of a crowd is a token: it takes its place at once (thousands walking
    cost a frame each, and no one can follow one of them anyway)."""
    item = scene.customers.get(c.id)
    if item is not None:  # joins the crowd: the crowd layer draws it from now on
        if item.isSelected():
            scene.crowd.selected = c.id  # before the item goes, taking its selection
        scene._forget_item(c.id)
    drag = scene.drag
    if drag is not None and c.id == drag.task_id:  # in a person's hand: it stays there
        target = drag.at
    buzzer = (c.future or 0, c.buzzer_lit) if holds_buzzer(c) else None
    scene.crowd.put(c.id, c.display, c.state, c.line, target, scale, buzzer)
    if c.state.ended:
        scene._left.setdefault(c.id, 0.0)


def _forget_departed(scene: ShopScene, state: ShopState) -> None:
    """Customers the state no longer keeps (long gone) leave the scene for good."""
    if scene.drawn + len(scene._gone) == len(state.customers):
        return
    for tid in [t for t in (*scene.customers, *scene.tokens) if t not in state.customers]:
        scene._remove_customer(tid)
    scene._gone &= state.customers.keys()


def _sync_helpers(scene: ShopScene, state: ShopState) -> None:
    """One worker figure per executor job still running; it leaves when the job is done."""
    for job_id in [j for j in scene.helpers if j not in state.jobs]:
        scene._retire(scene.helpers.pop(job_id))
    for i, job in enumerate(state.jobs.values()):
        helper = scene.helpers.get(job.id)
        if helper is None:
            helper = scene.helpers[job.id] = HelperItem(job.id, job.kind, job.function, job.task)
            scene.addItem(helper)
        helper.setPos(*layout.helper_spot(i))


def _add_customer(scene: ShopScene, c: Customer, from_slip: SlipItem | None) -> CustomerItem:
    item = CustomerItem(c.id, c.display)
    door = QPointF(DOOR)
    if from_slip is not None:  # handed in: the new customer comes from the hand holding it
        door = from_slip.pos()
    picked = scene.crowd.selected == c.id
    was = scene.crowd.remove(c.id) if c.id in scene.tokens else None
    if was is not None:  # leaves a crowd: it walks out of it
        door = was.pos
    item.setPos(scene._arrivals.pop(c.id, door))
    scene.addItem(item)
    scene.customers[c.id] = item
    if picked:
        item.setSelected(True)
    return item


def _sync_buzzer(scene: ShopScene, c: Customer) -> None:
    holds = holds_buzzer(c)
    buzzer = scene.buzzers.get(c.id)
    if not holds:
        if buzzer is not None:
            scene._retire_buzzer(c.id)
        return
    if buzzer is None or (c.future is not None and buzzer.future_id != c.future):
        if buzzer is not None:
            scene._retire_buzzer(c.id)
        buzzer = scene.buzzers[c.id] = BuzzerItem(c.future or 0)
        scene.addItem(buzzer)
    if c.buzzer_lit and not buzzer.lit and c.lit_from is not None:
        light_up(scene, c.id, c.lit_from)
    buzzer.set_lit(c.buzzer_lit, c.lit_from[0] if c.buzzer_lit and c.lit_from else "")


def settle(scene: ShopScene, state: ShopState) -> None:
    """Put everything where it is going at once (see `ShopScene.settle`)."""
    now = state.now
    scene.handshakes.clear()  # every buzzer handed over is already back in place
    for tid, age in scene._left.items():  # each as long by the door as it has ended
        c = state.customers.get(tid)
        if c is not None and c.ended_at is not None:
            scene._left[tid] = max(age, now - c.ended_at)
    see_them_out(scene, 0.0)
    for tid, item in scene.customers.items():
        path = scene._targets.get(tid)
        if path:
            item.setPos(path[-1])
            del path[:-1]
        place_buzzer(scene, tid, item)
    scene._moving.clear()
    for tid, light in scene.lights.items():  # reached its buzzer, the beam still drawn
        buzzer = scene.buzzers.get(tid)
        if buzzer is not None:
            light.travel(buzzer.pos(), share=1.0)
    move_cups(scene, 0.0, now)
    slips.place_slips(scene)
    scene._flush_retired()
