"""The shop floor: arranges one item per customer, buzzer and brew from the folded state
(in a crowd, one token per customer, drawn by the crowd layer).

The scene decides nothing about what happens; `sync` reads the state, `animate` moves items
toward where the state says they belong (through the counter when a step was served). A
person's gestures (dragging a customer to the door, clicking a buzzer) are handed to the
window as commands; the picture changes only when the loop's events say so.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import islice

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSceneHelpEvent,
    QGraphicsSceneMouseEvent,
    QGraphicsSimpleTextItem,
    QStyleOptionGraphicsItem,
    QToolTip,
    QWidget,
)

from coffeeshop_gui.model.state import Customer, CustomerState, ShopState
from coffeeshop_gui.ui import layout, palette
from coffeeshop_gui.ui.items.boards import BrewBoard, MenuBoard
from coffeeshop_gui.ui.items.buzzer import BuzzerItem
from coffeeshop_gui.ui.items.crowd import BUZZER_IN_HAND, CROWD_Z, CrowdLayer
from coffeeshop_gui.ui.items.cup import CupItem
from coffeeshop_gui.ui.items.customer import HEIGHT, WIDTH, CustomerItem, tooltip
from coffeeshop_gui.ui.items.hatch import HatchItem
from coffeeshop_gui.ui.items.helper import HelperItem
from coffeeshop_gui.ui.items.light import LightItem
from coffeeshop_gui.ui.items.prop import Prop
from coffeeshop_gui.ui.items.slip import SlipItem
from coffeeshop_gui.ui.items.slip import W as SLIP_W
from coffeeshop_gui.ui.items.text import Writer
from coffeeshop_gui.ui.items.text import font as text_font
from coffeeshop_gui.ui.items.ticket_rail import TicketRail
from coffeeshop_gui.ui.layout import HANDSHAKE_COUNTER
from coffeeshop_gui.ui.places import Places
from coffeeshop_gui.ui.theme import theme

WALK_SPEED = 900.0  # scene units per second
HANDSHAKE_SECONDS = 1.2
SYNC_SECONDS = 0.004  # customers are looked at for this long a frame; a rush spreads over frames
SPREAD_FROM = 64  # more newcomers than this at once are drawn spread out, not oldest first
# A line this long or shorter has each customer's place in it looked up; a longer one is a
# crowd, drawn by the crowd layer (one more: the customer at the counter is in the queue too).
# Not a list of ten thousand every frame of a rush.
PLACES_IN_LINE = 64
FAR_BEHIND = (
    1_000  # with more customers than this not drawn at all, a frame gives them twice as long
)
DOOR = QPointF(layout.exit_spot(0).x() - 90, layout.exit_spot(0).y() - 40)  # newcomers walk in here
DONE_LINGER = 3.0  # seconds a served customer stays by the door before leaving the picture
FAULT_LINGER = 20.0  # a failed or cancelled one stays longer: a room should see it
CUP_SPEED = 420.0
CUP_ON_TAG = QPointF(0, -HEIGHT - 6)  # a cup covers the tag over its customer's head
FAULTS = (CustomerState.FAILED, CustomerState.CANCELLED)
CUP_SECONDS = 2.5  # how long a delivered value stays in view
MAX_CUPS = 8
DROPPED_SLIP_SECONDS = 4.0  # a thrown-away slip stays in view this long
SLIP_BESIDE = 34 + SLIP_W / 2  # a slip in hand is held beside its holder, clear of the body
SLIPS_IN_HAND = 2  # drawn in one hand; the second says how many more it holds
BASE_TABLES = 6
DOOR_ZONE = QRectF(0, 560, 120, 210)  # drop a customer here to send it away


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


class Caption(QGraphicsSimpleTextItem):
    """A caption on the floor; over a crowd it sits on a plate of floor colour, readable."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.plated = False
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # clicks reach who is below

    def over_crowd(self, over: bool) -> None:
        self.plated = over
        self.setZValue(CROWD_Z + 1 if over else 0)
        self.update()

    def paint(self, p: QPainter, o: QStyleOptionGraphicsItem, w: QWidget | None = None) -> None:
        if self.plated:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(theme().colour("floor"))
            p.drawRoundedRect(self.boundingRect(), 6, 6)
        super().paint(p, o, w)

    def boundingRect(self) -> QRectF:
        return super().boundingRect().adjusted(-6, -3, 6, 3)


class CounterSign(Writer, QGraphicsItem):
    """Words on the front of the counter: what the cashier stands for."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        self.drawn = []
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, 380, 56)

    def paint(self, p: QPainter, _o: QStyleOptionGraphicsItem, _w: QWidget | None = None) -> None:
        self.start_writing()
        wood = QColor("#6d4026")  # darker than the counter's panels: the words stand out
        plate = QRectF(10, 16, 360, 36)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(wood)
        p.drawRoundedRect(plate, 6, 6)
        self.write(p, plate, self.text, text_font(), QColor("#fff4e0"), wood)


class ShopScene(QGraphicsScene):
    """Items for the live shop; a view of `ShopState`, nothing more.

    Where a task id can be, at the end of any `sync` or `animate`:
    - drawn in at most one way: an item in `customers`, or a token in `tokens` (a crowd's);
    - in `_undrawn` only while it is in neither: the state knows it, no frame has drawn it
      yet (a burst is drawn over frames); `_dirty` holds drawn ones to look at again;
    - in `_left` only while it is drawn: it has ended and lingers by the door;
    - in `_gone` once it has walked out of the picture: in none of `customers`, `tokens`
      and `_left`, and never drawn again (an id still waiting in `_undrawn` is skipped).
    """

    def __init__(self, recipes: list[str]) -> None:
        super().__init__()
        self.setSceneRect(layout.SCENE)
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.customers: dict[int, CustomerItem] = {}  # drawn in full; a crowd's are `tokens`
        self.buzzers: dict[int, BuzzerItem] = {}  # by task id: the buzzer that customer holds
        self.on_send_away: Callable[[int], None] = lambda _task: None
        self.on_ring: Callable[[int], None] = lambda _future: None
        self._targets: dict[int, list[QPointF]] = {}
        self._moving: set[int] = set()  # customers not yet where the state puts them
        # Customers to look at again, oldest first: those drawn already come first (what is
        # on screen must be right, and a move is cheap), then those not drawn yet.
        self._dirty: dict[int, None] = {}
        self._undrawn: dict[int, None] = {}
        self.handshakes: dict[int, Handshake] = {}  # buzzers on their way to the counter
        self.lights: dict[int, LightItem] = {}  # lights on their way to a buzzer, by task
        self._arrivals: dict[int, QPointF] = {}
        self.places = Places()
        self._left: dict[int, float] = {}  # ended customers: seconds since they ended
        self._gone: set[int] = set()  # walked out of the picture (the state may still know)
        self._tables: list[Prop] = []
        self._labels: list[tuple[QGraphicsSimpleTextItem, str]] = []
        self._held: int | None = None  # the customer in a person's hand, by task id
        self.cups: list[tuple[CupItem, float]] = []  # in flight, with their age in seconds
        self._carried: dict[int, float] = {}  # task -> shop time of the value last carried
        self.slips: dict[int, SlipItem] = {}
        self._dropped: dict[int, float] = {}  # slip -> seconds since it was thrown away
        self._slip_places: dict[int, tuple[int | None, int]] = {}  # slip -> (holder, nth)
        self._held_moved = False
        self._held_at = self._grab_offset = QPointF()
        self._retired: list[QGraphicsItem] = []  # hidden, removed from the scene at frame end
        self._state = ShopState()  # as of the last sync: what a tooltip tells
        self._build_furniture(recipes)
        self.crowd = CrowdLayer()
        self.tokens = self.crowd.tokens  # customers of a crowd, by task id
        self.addItem(self.crowd)

    # -- furniture ----------------------------------------------------------------------

    def _build_furniture(self, recipes: list[str]) -> None:
        self.menu = MenuBoard(recipes, 275, 236)
        self.menu.setPos(10, 10)
        self.addItem(self.menu)
        self.brew_board = BrewBoard(275, 236)
        self.brew_board.setPos(715, 10)
        self.addItem(self.brew_board)
        self.helpers: dict[int, HelperItem] = {}
        # The loop's selector, shown once the program watches a socket or a pipe.
        self.hatch = HatchItem(layout.HATCH.width(), layout.HATCH.height())
        self.hatch.setPos(layout.HATCH.topLeft())
        self.hatch.setZValue(6)
        self.addItem(self.hatch)
        self.rail = TicketRail(410)
        self.rail.setPos(295, 4)
        self.rail.setZValue(5)
        self.addItem(self.rail)
        self._place(Prop("cashier", 104, 113), 388, 104, z=1)
        self.machine = self._place(Prop("espresso_machine", 120, 96), 530, 118, z=3)
        self._place(Prop("counter", 380, 56), 310, 200, z=2)
        door = self._place(Prop("door", 70, 110), 16, 600, z=1)
        door.setToolTip("The door: drag a customer here to cancel its task")
        self.door_zone = QGraphicsRectItem(DOOR_ZONE)
        self.door_zone.setPen(QPen(QColor("#c62828"), 3, Qt.PenStyle.DashLine))
        self.door_zone.setBrush(QColor(198, 40, 40, 40))
        self.door_zone.setVisible(False)
        self.door_zone.setZValue(8)
        self.addItem(self.door_zone)
        self.sign = CounterSign("the event loop: one thread")  # the cashier's own sign
        self.sign.setPos(310, 200)
        self.sign.setZValue(2.5)
        self.addItem(self.sign)
        top = layout.CAPTION_TOP
        self.line_label = self._label("in line =\nthe ready queue", 20, top, "muted")
        self._label("at the tables: awaiting,\neach with a buzzer (a Future)", 580, top, "muted")
        for i in range(BASE_TABLES):
            self._table(i)

    def _place(self, item: Prop, x: float, y: float, z: float) -> Prop:
        item.setPos(x, y)
        item.setZValue(z)
        self.addItem(item)
        return item

    def _label(self, text: str, x: float, y: float, role: str) -> Caption:
        label = Caption(text)
        label.setFont(text_font())
        label.setBrush(theme().colour(role))
        label.setPos(x, y)
        self.addItem(label)
        self._labels.append((label, role))
        return label

    def restyle(self) -> None:
        """Repaint everything in the current theme."""
        for label, role in self._labels:
            label.setBrush(theme().colour(role))
            label.setFont(text_font())
        self.update()

    def _table(self, index: int) -> None:
        while len(self._tables) <= index:
            spot = layout.table_for(len(self._tables))
            self._tables.append(self._place(Prop("table", 76, 50), spot.x(), spot.y(), z=4))
        height = layout.scene_height_for(len(self._tables))
        if height > self.sceneRect().height():
            self.setSceneRect(0, 0, layout.SCENE.width(), height)

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        look = theme()
        painter.fillRect(rect, look.colour("floor"))
        painter.setPen(QPen(look.colour("floor_tile"), 2))
        top = int(layout.WALL_HEIGHT)
        for y in range(top, int(rect.bottom()) + 60, 60):
            painter.drawLine(int(rect.left()), y, int(rect.right()), y)
        for x in range(0, int(rect.right()) + 60, 60):
            painter.drawLine(x, top, x, int(rect.bottom()))
        painter.fillRect(
            QRectF(rect.left(), 0, rect.width(), layout.WALL_HEIGHT + 80),
            QBrush(look.colour("wall")),
        )
        painter.fillRect(
            QRectF(rect.left(), layout.WALL_HEIGHT + 70, rect.width(), 10), look.colour("trim")
        )

    # -- following the state --------------------------------------------------------------

    def arrive_at(self, task_id: int, point: QPointF) -> None:
        """The customer for this task walks in where it was dropped."""
        self._arrivals[task_id] = QPointF(point)

    def draws(self, task_id: int) -> bool:
        """This customer is in the picture: an item, or a token of a crowd."""
        return task_id in self.customers or task_id in self.tokens

    @property
    def drawn(self) -> int:
        """Customers in the picture."""
        return len(self.customers) + len(self.tokens)

    @property
    def still_to_draw(self) -> int:
        """Customers still to be drawn as the state says: restyled, or drawn at all."""
        return len(self._dirty) + len(self._undrawn)

    @property
    def behind(self) -> bool:
        """Some are (a burst spreads over frames)."""
        return self.still_to_draw > 0

    def _look_again(self, tids: Iterable[int]) -> None:
        items, tokens, new = self.customers, self.tokens, []
        for tid in tids:
            if tid in items or tid in tokens:
                self._dirty[tid] = None
            elif tid not in self._undrawn:
                new.append(tid)
        if len(new) > SPREAD_FROM:
            # A burst is drawn over frames: taken oldest first, its first frames would show
            # only those served first, seated, and an empty line; spread out, each frame
            # shows the crowd in proportion. A prime stride that does not divide the count
            # takes every one, once (7919 alone would take 7,919 newcomers as one).
            stride = 7919 if len(new) % 7919 else 7907
            new = [new[i * stride % len(new)] for i in range(len(new))]
        self._undrawn.update(dict.fromkeys(new))

    def sync(
        self,
        state: ShopState,
        served: set[int],
        touched: set[int] | None = None,
        seconds: float | None = SYNC_SECONDS,
    ) -> None:
        """Make the items say what `state` says; `served` tasks pass by the counter first.

        `touched` are the tasks the new events were about; with thousands of customers only
        they (and a short line, whose order shifts, and the customers of an area laid out
        anew) are looked at again. Customers are looked at for at most `seconds` (None: all),
        so a burst of thousands is drawn over a few frames and the window stays smooth.
        """
        self._state = state
        by_hatch = bool(state.lines) and self.places.make_room_for_hatch()
        relayout = self.places.size_for(state)
        if by_hatch:
            relayout.add(CustomerState.WAITING)
        if relayout:  # a crowd sits without tables (a past floor may show an earlier moment)
            for table in self._tables:
                table.setVisible(not self.places.crowded)
        if relayout:  # a crowd in line stands where its caption is: lift the caption over it
            self.line_label.over_crowd(self.places.line_capacity > layout.NORMAL_QUEUE)
        self._forget_departed(state)
        order: dict[int, int] = {}  # places in a short line; a long one is a crowd
        if len(state.queue) <= PLACES_IN_LINE + 1:
            in_line = [t for t in state.queue if t != state.running]
            if len(in_line) <= PLACES_IN_LINE:
                order = {tid: i for i, tid in enumerate(in_line)}
        if touched is None:
            self._look_again(state.customers)
        else:
            if relayout:  # only those in the areas laid out anew stand elsewhere now
                self._look_again(t for t, c in state.customers.items() if c.state in relayout)
            self._look_again(touched)
            if self.places.line_capacity == layout.NORMAL_QUEUE:
                self._look_again(order)  # a short line keeps its order
        slip_of = {sl.task: sl.id for sl in state.slips.values() if sl.task is not None}
        if seconds is not None and len(self._undrawn) > FAR_BEHIND:
            seconds *= 2  # a rush just came in, unseen: draw it sooner, at a slower frame
        deadline = time.perf_counter() + (seconds if seconds is not None else math.inf)
        for pending in (self._dirty, self._undrawn):
            while pending and time.perf_counter() < deadline:  # the rest: next frames
                # A few at a time from the front: a dict skips the slots of the keys deleted
                # before, so taking one at a time would cost more the further it got.
                for tid in list(islice(pending, 16)):
                    del pending[tid]
                    c = state.customers.get(tid)
                    if c is not None and tid not in self._gone:
                        self._sync_customer(c, served, order, slip_of)
        self._sync_slips(state)
        self._sync_helpers(state)
        self.hatch.show(state)
        self._flush_retired()

    def draw_now(self, task_id: int) -> None:
        """Draw this customer now, ahead of those still to draw (a lesson follows it)."""
        customer = self._state.customers.get(task_id)
        if customer is None or task_id in self._gone or self.draws(task_id):
            return
        self._undrawn.pop(task_id, None)
        self._sync_customer(customer, set(), {}, {})

    def _sync_customer(
        self, c: Customer, served: set[int], order: dict[int, int], slip_of: dict[int, int]
    ) -> None:
        target, scale = self.places.target(c, order)
        if scale < 1.0:
            self._sync_token(c, target, scale)
            return
        item = self.customers.get(c.id)
        if item is None:
            item = self._add_customer(c, self.slips.get(slip_of.get(c.id, -1)))
        item.show(c)
        if c.got_at is not None and self._carried.get(c.id) != c.got_at:
            # The coffee, from the state, not from a frame's events: which frame folds
            # which events depends on the machine, and the picture must not.
            self._carried[c.id] = c.got_at
            if self._state.now - c.got_at < CUP_SECONDS:
                self.carry_value(c.id, c.got or "", c.got_at)
        path = self._targets.setdefault(c.id, [])
        if c.id in served and c.state is not CustomerState.RUNNING:
            path[:] = [QPointF(layout.SERVICE), target]
        elif not path:
            path.append(target)
        elif path[-1] != target:
            path[-1] = target
        self._moving.add(c.id)
        if c.state.ended:
            self._left.setdefault(c.id, 0.0)
        elif self.places.seat_of(c.id) is not None and not self.places.crowded:
            self._table(self.places.seat_of(c.id))
        self._sync_buzzer(c)
        self._place_buzzer(c.id, item)

    def _sync_token(self, c: Customer, target: QPointF, scale: float) -> None:
        """A customer of a crowd is a token: it takes its place at once (thousands walking
        cost a frame each, and no one can follow one of them anyway)."""
        item = self.customers.get(c.id)
        if item is not None:  # joins the crowd: the crowd layer draws it from now on
            if item.isSelected():
                self.crowd.selected = c.id  # before the item goes, taking its selection
            self._forget_item(c.id)
        if c.id == self._held:  # in a person's hand: it stays there
            target = self._held_at
        buzzer = (c.future or 0, c.buzzer_lit) if _holds_buzzer(c) else None
        self.crowd.put(c.id, c.display, c.state, c.line, target, scale, buzzer)
        if c.state.ended:
            self._left.setdefault(c.id, 0.0)

    def _forget_departed(self, state: ShopState) -> None:
        """Customers the state no longer keeps (long gone) leave the scene for good."""
        if self.drawn + len(self._gone) == len(state.customers):
            return
        for tid in [t for t in (*self.customers, *self.tokens) if t not in state.customers]:
            self._remove_customer(tid)
        self._gone &= state.customers.keys()

    def _retire(self, item: QGraphicsItem) -> None:
        """Take an item out of the picture now, and out of the scene at the end of the frame.

        After a removal Qt renumbers every top-level item on the next add: removing and
        adding in turn costs O(items) each (300 µs apiece among 10,000). Batched, a frame
        pays it once.
        """
        item.hide()
        self._retired.append(item)

    def _retire_buzzer(self, tid: int) -> None:
        self._retire(self.buzzers.pop(tid))

    def _flush_retired(self) -> None:
        """The end of a frame's changes: retired items go, the crowd layer redraws."""
        for item in self._retired:
            self.removeItem(item)
        self._retired.clear()
        if self.crowd.changed:
            self.crowd.update()

    def _remove_customer(self, tid: int) -> None:
        if tid in self.customers:
            self._forget_item(tid)
        else:
            picked = self.crowd.selected == tid
            self.crowd.remove(tid)
            if picked:
                self.selectionChanged.emit()  # as an item's leaving does
        self._left.pop(tid, None)
        self.places.forget(tid)

    def _forget_item(self, tid: int) -> None:
        """A customer's item leaves the picture (and its buzzer, its path)."""
        self._retire(self.customers.pop(tid))
        self._carried.pop(tid, None)
        if tid in self.buzzers:
            self._retire_buzzer(tid)
        self._targets.pop(tid, None)
        self._moving.discard(tid)
        self.handshakes.pop(tid, None)
        if tid in self.lights:
            self._retire(self.lights.pop(tid))

    def _sync_helpers(self, state: ShopState) -> None:
        """One worker figure per executor job still running; it leaves when the job is done."""
        for job in [j for j in self.helpers if j not in state.jobs]:
            self._retire(self.helpers.pop(job))
        for i, job in enumerate(state.jobs.values()):
            helper = self.helpers.get(job.id)
            if helper is None:
                helper = self.helpers[job.id] = HelperItem(job.id, job.kind, job.function, job.task)
                self.addItem(helper)
            helper.setPos(*layout.helper_spot(i))

    def _sync_slips(self, state: ShopState) -> None:
        """A slip in its holder's hand until it is handed in, awaited, or thrown away."""
        held: dict[int | None, int] = {}
        for slip in state.slips.values():
            item = self.slips.get(slip.id)
            if slip.state in ("handed in", "awaited"):
                if item is not None:
                    self._retire(self.slips.pop(slip.id))
                continue
            if item is None:
                if slip.id in self._dropped and self._dropped[slip.id] < 0:
                    continue  # thrown away and already gone from view
                item = self.slips[slip.id] = SlipItem(slip.id, slip.recipe)
                self.addItem(item)
            if slip.state == "dropped" and not item.dropped:
                item.drop(slip.warning)
                self._dropped[slip.id] = 0.0
            nth = held[slip.holder] = held.get(slip.holder, -1) + 1
            self._slip_places[slip.id] = (slip.holder, nth)
        self._place_slips()

    def _place_slips(self) -> None:
        """Slips stay in their holder's hand as the holder walks; a hand holding many
        (a gather of three hundred, not yet wrapped) shows a few and how many more."""
        held: dict[int | None, int] = {}
        for slip in self.slips:
            holder, _nth = self._slip_places.get(slip, (None, 0))
            held[holder] = held.get(holder, 0) + 1
        for slip, item in self.slips.items():
            holder_id, nth = self._slip_places.get(slip, (None, 0))
            # a token of a crowd is too small a hand to hold a slip drawn full size
            in_hand = holder_id is None or holder_id in self.customers
            item.setVisible(nth < SLIPS_IN_HAND and in_hand)
            if not item.isVisible():
                continue
            last = nth == SLIPS_IN_HAND - 1
            item.hold_more(held.get(holder_id, 0) - SLIPS_IN_HAND if last else 0)
            base = self.position_of(holder_id) if holder_id else None
            base = base if base is not None else QPointF(layout.SERVICE)
            item.setPos(base + QPointF(-SLIP_BESIDE, -40 - 70 * nth))

    def _age_slips(self, dt: float) -> None:
        for slip, age in list(self._dropped.items()):
            if age < 0:
                continue
            age += dt
            if age > DROPPED_SLIP_SECONDS and slip in self.slips:
                self._retire(self.slips.pop(slip))
                age = -1.0
            self._dropped[slip] = age

    def _add_customer(self, c: Customer, from_slip: SlipItem | None) -> CustomerItem:
        item = CustomerItem(c.id, c.display)
        door = QPointF(DOOR)
        if from_slip is not None:  # handed in: the new customer comes from the hand holding it
            door = from_slip.pos()
        picked = self.crowd.selected == c.id
        was = self.crowd.remove(c.id) if c.id in self.tokens else None
        if was is not None:  # leaves a crowd: it walks out of it
            door = was.pos
        item.setPos(self._arrivals.pop(c.id, door))
        self.addItem(item)
        self.customers[c.id] = item
        if picked:  # it keeps the selection it had as a token
            item.setSelected(True)
        return item

    def position_of(self, task_id: int) -> QPointF | None:
        """Where this customer is drawn now (an item's feet, or a token's)."""
        item = self.customers.get(task_id)
        if item is not None:
            return item.pos()
        token = self.tokens.get(task_id)
        return token.pos if token is not None else None

    def _sync_buzzer(self, c: Customer) -> None:
        holds = _holds_buzzer(c)
        buzzer = self.buzzers.get(c.id)
        if not holds:
            if buzzer is not None:
                self._retire_buzzer(c.id)
            return
        if buzzer is None or (c.future is not None and buzzer.future_id != c.future):
            if buzzer is not None:
                self._retire_buzzer(c.id)
            buzzer = self.buzzers[c.id] = BuzzerItem(c.future or 0)
            self.addItem(buzzer)
        if c.buzzer_lit and not buzzer.lit and c.lit_from is not None:
            self._light_up(c.id, c.lit_from)
        buzzer.set_lit(c.buzzer_lit, c.lit_from[0] if c.buzzer_lit and c.lit_from else "")

    def _light_up(self, task_id: int, lit_from: tuple[str, int | None]) -> None:
        """The buzzer lights from where its Future was done (see items/light.py)."""
        if self.places.crowded:
            return  # too small to follow a light to, as a handshake
        source, key = lit_from
        if source == "hatch":
            start = self.hatch.row_point(key)
        elif source == "helper":
            helper = self.helpers.get(key or 0)
            spot = helper.pos() if helper is not None else QPointF(*layout.helper_spot(0))
            start = spot + QPointF(0, -62)  # its head: the worker did it
        else:
            start = self.machine.sceneBoundingRect().center()
        if task_id in self.lights:
            self._retire(self.lights.pop(task_id))
        light = self.lights[task_id] = LightItem(task_id, source, start)
        self.addItem(light)

    def _advance_lights(self, dt: float) -> None:
        for tid, light in list(self.lights.items()):
            light.age += dt
            buzzer = self.buzzers.get(tid)
            if light.arrived or buzzer is None:
                self._retire(self.lights.pop(tid))
            else:
                light.travel(buzzer.pos())

    # -- motion -----------------------------------------------------------------------------

    def animate(self, dt: float) -> None:
        """Walk the customers who are not yet where they belong; buzzers go with them."""
        step = WALK_SPEED * dt
        for tid in list(self._moving):
            item = self.customers.get(tid)
            path = self._targets.get(tid)
            if item is None or not path:
                self._moving.discard(tid)
                continue
            if tid != self._held:
                delta = path[0] - item.pos()
                dist = (delta.x() ** 2 + delta.y() ** 2) ** 0.5
                if dist <= step:
                    item.setPos(path[0])
                    if len(path) > 1:
                        path.pop(0)
                    else:
                        self._moving.discard(tid)
                else:
                    item.setPos(item.pos() + delta * (step / dist))
            self._place_buzzer(tid, item)
        self._move_cups(dt)
        self._age_slips(dt)
        self._place_slips()
        self._see_them_out(dt)
        self._advance_handshakes(dt)
        self._advance_lights(dt)
        self._flush_retired()

    def _see_them_out(self, dt: float) -> None:
        """Ended customers linger by the door (failures longer), then leave the picture."""
        for tid, age in list(self._left.items()):
            shown = self.customers.get(tid) or self.tokens.get(tid)
            if shown is None:
                self._left.pop(tid, None)
                continue
            age += dt
            self._left[tid] = age
            linger = DONE_LINGER if shown.state is CustomerState.DONE else FAULT_LINGER
            if age > linger:
                self._remove_customer(tid)
                self._gone.add(tid)

    def carry_value(self, task_id: int, text: str, at: float) -> None:
        """The value an await returned (at shop time `at`) travels from the counter to the
        resumed customer."""
        owner = self.customers.get(task_id)
        if not text or owner is None:
            return  # not drawn yet, or a token in a crowd: too small to follow a cup to
        held = [c for c in self.cups if c[0].task_id == task_id]
        for cup, _ in held:  # one cup in hand: what the latest await returned
            self._retire(cup)
        if held:
            self.cups = [c for c in self.cups if c[0].task_id != task_id]
        cup = CupItem(task_id, text, palette.customer_colour(task_id), at)
        cup.setPos(HANDSHAKE_COUNTER)
        self.addItem(cup)
        self.cups.append((cup, 0.0))
        while len(self.cups) > MAX_CUPS:
            self._retire(self.cups.pop(0)[0])

    def _move_cups(self, dt: float, now: float | None = None) -> None:
        """Cups travel to their customers and fade; `now` (shop time) lets each cup be
        as old as its value and already arrived (settling, where no frame was watched)."""
        kept = []
        for cup, age in self.cups:
            age = age + dt if now is None else max(age, now - cup.made_at)
            owner = self.customers.get(cup.task_id)
            if age > CUP_SECONDS or owner is None or owner.state in FAULTS:
                # drunk; or its customer left or joined a crowd; or failed or was cancelled,
                # and its tag must say so, not hide under a cup
                self._retire(cup)
                continue
            goal = owner.pos() + CUP_ON_TAG
            delta = goal - cup.pos()
            dist = (delta.x() ** 2 + delta.y() ** 2) ** 0.5
            step = CUP_SPEED * dt if now is None else dist
            cup.setPos(goal if dist <= step else cup.pos() + delta * (step / dist))
            cup.setOpacity(min(1.0, 3 * (CUP_SECONDS - age)))
            kept.append((cup, age))
        self.cups = kept
        covered = {cup.task_id for cup, _ in kept}
        for tid, item in self.customers.items():
            item.cover_tag(tid in covered)

    def _place_buzzer(self, tid: int, item: CustomerItem) -> None:
        buzzer = self.buzzers.get(tid)
        if buzzer is None:
            return
        seat = self.places.seat_of(tid)
        at_table = seat is not None and item.state is CustomerState.WAITING
        if at_table and tid != self._held and not self.places.crowded:
            buzzer.setPos(layout.buzzer_at_table(seat))
        else:
            buzzer.setPos(item.pos() + BUZZER_IN_HAND)
        trip = self.handshakes.get(tid)
        if trip is not None:  # still on its way up to the counter and back
            buzzer.setPos(trip.where(buzzer.pos()))

    def hand_over(self, task_id: int) -> None:
        """Show the handshake of an await: the buzzer goes up to the counter and comes back.

        The coroutine yields the Future up through its Task, which hangs its wake-up call on
        it; then the customer sits with it. Drawn as a round trip from hand to counter.
        """
        item = self.customers.get(task_id)
        if item is not None and not self.places.crowded:
            self.handshakes[task_id] = Handshake(item.pos() + QPointF(34, -40), HANDSHAKE_COUNTER)

    def _advance_handshakes(self, dt: float) -> None:
        for tid, trip in list(self.handshakes.items()):
            trip.age += dt
            if trip.age >= HANDSHAKE_SECONDS or tid not in self.customers:
                del self.handshakes[tid]
            if tid in self.customers:
                self._place_buzzer(tid, self.customers[tid])

    def settle(self, state: ShopState) -> None:
        """Put everything where it is going at once (for screenshots and tests), as at shop
        time `state.now`: a cup returned, or a customer ended, longer ago than it stays in
        the picture is gone, as it would be had the frames been watched."""
        now = state.now
        self.handshakes.clear()  # every buzzer handed over is already back in place
        for tid, age in self._left.items():  # each as long by the door as it has ended
            c = state.customers.get(tid)
            if c is not None and c.ended_at is not None:
                self._left[tid] = max(age, now - c.ended_at)
        self._see_them_out(0.0)
        for tid, item in self.customers.items():
            path = self._targets.get(tid)
            if path:
                item.setPos(path[-1])
                del path[:-1]
            self._place_buzzer(tid, item)
        self._moving.clear()
        for tid, light in self.lights.items():  # reached its buzzer, the beam still drawn
            buzzer = self.buzzers.get(tid)
            if buzzer is not None:
                light.travel(buzzer.pos(), share=1.0)
        self._move_cups(0.0, now)
        self._place_slips()
        self._flush_retired()

    def show_moment(self, state: ShopState) -> None:
        """Draw `state`, another moment of the run this floor shows (a past step, scrubbed
        to), with everyone in place: only the customers whose picture differs are drawn
        again. Drawn anew on a fresh floor, a rush of ten thousand cost 300 ms a step.

        Time may run backwards here, so what the live floor only ever adds to is worked out
        again: customers not yet made then leave, and those gone by the door (`_gone`) or
        ended then (`_left`) are as the moment's shop time says. A customer back in an area
        is handed the place it had there last (`Places.show_moments`): a step back then
        forward puts everyone where they stood.
        """
        before, customers, now = self._state.customers, state.customers, state.now
        self.places.show_moments()
        tokens = self.tokens
        changed = [
            tid
            for tid, c in customers.items()
            if (was := before.get(tid)) is not c
            and (
                was is None or (_token_looks(was) != _token_looks(c) if tid in tokens else was != c)
            )
        ]
        for tid in [t for t in (*self.customers, *self.tokens) if t not in customers]:
            self._remove_customer(tid)  # not made yet, at this moment (or long dropped)
        self._gone &= customers.keys()
        back = [tid for tid in self._gone if not _gone_by(customers[tid], now)]
        self._gone.difference_update(back)
        changed += back
        for tid in changed:
            was = before.get(tid)
            if was is None or was.state is not customers[tid].state:
                self.places.forget(tid)  # all first: each may take the place another left
            self._left.pop(tid, None)
            if tid in self.lights:
                self._retire(self.lights.pop(tid))
        for sid in [sid for sid in self._dropped if sid not in state.slips]:
            del self._dropped[sid]
        for slip in state.slips.values():  # a slip thrown away later is in hand again
            if slip.state != "dropped" and slip.id in self._dropped:
                del self._dropped[slip.id]
                if slip.id in self.slips:
                    self._retire(self.slips.pop(slip.id))
        for cup, _age in self.cups:  # each carried again if its value is recent then
            self._retire(cup)
        self.cups.clear()
        self._carried.clear()
        changed += [tid for tid in self.customers if customers[tid].got_at is not None]
        self.sync(state, set(), set(changed), seconds=None)
        for tid in self._left:  # as long by the door as it has ended, at this moment
            ended_at = customers[tid].ended_at
            self._left[tid] = 0.0 if ended_at is None else max(0.0, now - ended_at)
        self.settle(state)

    # -- gestures -----------------------------------------------------------------------------

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            at = event.scenePos()
            future = self._pending_buzzer_at(at)
            if future is not None:
                self.on_ring(future)
                event.accept()
                return
            customer = self._item_at(at, CustomerItem)
            token = self.crowd.at(at) if customer is None else None
            if token is not None:  # a token is not an item: the scene picks it out itself
                self.select(token.task_id)
                if not token.state.ended:
                    self._hold(token.task_id, token.pos, at)
                event.accept()
                return
            if self.crowd.selected is not None:
                self.crowd.selected = None
                self.crowd.update()
                self.selectionChanged.emit()
            if customer is not None and not customer.state.ended:
                self._hold(customer.task_id, customer.pos(), at)
        super().mousePressEvent(event)

    def _pending_buzzer_at(self, at: QPointF) -> int | None:
        """The Future of a dark buzzer under `at` (an item's, or a token's light)."""
        buzzer = self._item_at(at, BuzzerItem)
        if buzzer is not None:
            return None if buzzer.lit else buzzer.future_id
        token = self.crowd.buzzer_at(at)
        if token is None or token.buzzer is None or token.buzzer[1]:
            return None
        return token.buzzer[0]

    def _hold(self, task_id: int, feet: QPointF, at: QPointF) -> None:
        self._held, self._held_moved = task_id, False
        self._held_at, self._grab_offset = QPointF(feet), feet - at

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._held is not None and event.buttons() & Qt.MouseButton.LeftButton:
            self._held_at = event.scenePos() + self._grab_offset
            item = self.customers.get(self._held)
            if item is not None:
                item.setPos(self._held_at)
            elif self._held in self.tokens:
                self.crowd.move(self._held, self._held_at)
                self.crowd.update()
            self._held_moved = True
            self.door_zone.setVisible(True)
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        held, moved = self._held, self._held_moved
        self._held = None
        self.door_zone.setVisible(False)
        if held is not None and moved:
            if DOOR_ZONE.contains(self._held_at):
                self.on_send_away(held)
            if self.draws(held):
                self._dirty[held] = None  # back to its place, unless it is leaving
        super().mouseReleaseEvent(event)

    def helpEvent(self, event: QGraphicsSceneHelpEvent) -> None:
        """A token's tooltip, as an item's: who it is, where it stopped."""
        at = event.scenePos()
        if self._item_at(at, CustomerItem) is None and self._item_at(at, BuzzerItem) is None:
            token = self.crowd.at(at)
            customer = self._state.customers.get(token.task_id) if token is not None else None
            if customer is not None:
                QToolTip.showText(event.screenPos(), tooltip(customer), event.widget())
                event.accept()
                return
        super().helpEvent(event)

    def _item_at(self, pos: QPointF, kind: type):
        for item in self.items(pos, Qt.ItemSelectionMode.IntersectsItemShape):
            if isinstance(item, kind):
                return item
        return None

    def state_shown(self) -> ShopState:
        """The state this floor was last drawn from: the live one, or a past turn's."""
        return self._state

    def broken_invariants(self) -> list[str]:
        """The class docstring's rules this scene breaks now (none, unless it has a bug):
        tests and the fuzz run ask after each frame."""
        drawn, tokens = self.customers.keys(), self.tokens.keys()
        broken = [f"task {t} is both an item and a token" for t in drawn & tokens]
        broken += [f"task {t} is drawn and still to draw" for t in self._undrawn.keys() & drawn]
        broken += [f"task {t} is a token and still to draw" for t in self._undrawn.keys() & tokens]
        broken += [f"task {t} lingers undrawn" for t in self._left.keys() - drawn - tokens]
        broken += [f"task {t} is gone but drawn" for t in self._gone & (drawn | tokens)]
        broken += [f"task {t} is gone but lingers" for t in self._gone & self._left.keys()]
        return broken

    # -- selection ------------------------------------------------------------------------------

    def selected_task(self) -> int | None:
        """The customer picked out: a selected item, or a token."""
        items = [i for i in self.selectedItems() if isinstance(i, CustomerItem)]
        return items[0].task_id if items else self.crowd.selected

    def place_of(self, task_id: int | None) -> QRectF | None:
        """Where this customer is drawn, with its name and tag: a magnified view follows it."""
        item = self.customers.get(task_id) if task_id is not None else None
        if item is not None:
            return item.sceneBoundingRect()
        token = self.tokens.get(task_id) if task_id is not None else None
        if token is None:
            return None
        w, h = WIDTH * token.scale, HEIGHT * token.scale
        return QRectF(token.pos.x() - w / 2, token.pos.y() - h, w, h)

    def select(self, task_id: int) -> None:
        """Pick out this customer (an item is selected; a token is ringed by the crowd)."""
        item = self.customers.get(task_id)
        self.crowd.selected = task_id if item is None and task_id in self.tokens else None
        self.crowd.update()
        self.clearSelection()
        if item is not None:
            item.setSelected(True)
        else:
            self.selectionChanged.emit()


def _holds_buzzer(c: Customer) -> bool:
    """A customer holds a buzzer while it awaits a Future (seated or woken in line), and
    while its buzzer is lit, until it is served."""
    return c.buzzer_lit or (
        c.future is not None and c.state in (CustomerState.WAITING, CustomerState.QUEUED)
    )


def _token_looks(c: Customer) -> tuple:
    """What of a customer a crowd's token draws (its tooltip reads the state shown)."""
    return (c.display, c.state, c.future is None, c.buzzer_lit)


def _gone_by(c: Customer, now: float) -> bool:
    """Whether an ended customer has left the picture by shop time `now` (see `animate`)."""
    if c.ended_at is None:
        return False
    linger = DONE_LINGER if c.state is CustomerState.DONE else FAULT_LINGER
    return now - c.ended_at > linger
