"""The shop floor: arranges one item per customer, buzzer and brew from the folded state
(in a crowd, one token per customer, drawn by the crowd layer).

The scene decides nothing about what happens; `sync` reads the state, `animate` moves items
toward where the state says they belong (through the counter when a step was served). A
person's gestures (dragging a customer to the door, clicking a buzzer) are announced to the
window as requests (Qt signals); the picture changes only when the loop's events say so.

This module holds what the scene keeps and the rules between its parts; the work is done in
sibling modules, one idea each: `furniture`, `following` (the state), `slips`, `motion`,
`gestures`, `selection` and `past`. They are functions over the scene, and they share its
underscored attributes; nothing outside this package touches those.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, QRectF, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsSceneHelpEvent,
    QGraphicsSceneMouseEvent,
)

from coffeeshop_gui.model.state import ShopState
from coffeeshop_gui.ui import layout
from coffeeshop_gui.ui.items.buzzer import BuzzerItem
from coffeeshop_gui.ui.items.crowd import CrowdLayer
from coffeeshop_gui.ui.items.cup import CupItem
from coffeeshop_gui.ui.items.customer import CustomerItem
from coffeeshop_gui.ui.items.helper import HelperItem
from coffeeshop_gui.ui.items.light import LightItem
from coffeeshop_gui.ui.items.slip import SlipItem
from coffeeshop_gui.ui.places import Places
from coffeeshop_gui.ui.scene import following, gestures, motion, past, selection
from coffeeshop_gui.ui.scene.following import SYNC_SECONDS
from coffeeshop_gui.ui.scene.furniture import Furniture, paint_floor
from coffeeshop_gui.ui.scene.gestures import Drag
from coffeeshop_gui.ui.scene.motion import Handshake


class ShopScene(QGraphicsScene):
    """Items for the live shop; a view of `ShopState`, nothing more.

    Where a task id can be, at the end of any `sync`, `animate`, `settle` or `show_moment`
    (`broken_invariants` checks each rule):
    - drawn in at most one way: an item in `customers`, or a token in `tokens` (a crowd's);
    - in `_undrawn` only while it is in neither: the state knows it, no frame has drawn it
      yet (a burst is drawn over frames); `_dirty` holds drawn ones to look at again;
    - in `_left` only while it is drawn: it has ended and lingers by the door;
    - in `_gone` once it has walked out of the picture: in none of `customers`, `tokens`
      and `_left`, and never drawn again (an id still waiting in `_undrawn` is skipped);
    - in `buzzers`, `handshakes` and `lights` only while it is in `customers`: a token
      draws its own buzzer, too small to follow a handshake or a light to.
    """

    # A person asks for a customer's task to be cancelled (dropped at the door): its id.
    send_away_requested = Signal(int)
    # A person asks for a dark buzzer to be lit by hand (`set_result`): its Future's id.
    ring_requested = Signal(int)

    def __init__(self, recipes: list[str]) -> None:
        super().__init__()
        self.setSceneRect(layout.SCENE)
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.customers: dict[int, CustomerItem] = {}  # drawn in full; a crowd's are `tokens`
        self.buzzers: dict[int, BuzzerItem] = {}  # by task id: the buzzer that customer holds
        self._targets: dict[int, list[QPointF]] = {}  # where each walks, the counter first
        self._moving: set[int] = set()  # customers not yet where the state puts them
        # Customers to look at again, oldest first: those drawn already come first (what is
        # on screen must be right, and a move is cheap), then those not drawn yet.
        self._dirty: dict[int, None] = {}
        self._undrawn: dict[int, None] = {}
        self.handshakes: dict[int, Handshake] = {}  # buzzers on their way to the counter
        self.lights: dict[int, LightItem] = {}  # lights on their way to a buzzer, by task
        self._arrivals: dict[int, QPointF] = {}  # where a customer dropped in walks in
        self.places = Places()
        self._left: dict[int, float] = {}  # ended customers: seconds since they ended
        self._gone: set[int] = set()  # walked out of the picture (the state may still know)
        self.drag: Drag | None = None  # the customer in a person's hand
        self.cups: list[tuple[CupItem, float]] = []  # in flight, with their age in seconds
        self._carried: dict[int, float] = {}  # task -> shop time of the value last carried
        self.slips: dict[int, SlipItem] = {}
        self._dropped: dict[int, float] = {}  # slip -> seconds since thrown away (slips.py)
        self._slip_places: dict[int, tuple[int | None, int]] = {}  # slip -> (holder, nth)
        self.helpers: dict[int, HelperItem] = {}  # the executor's workers, by job
        self._retired: list[QGraphicsItem] = []  # hidden, removed from the scene at frame end
        self._state = ShopState()  # as of the last sync: what a tooltip tells
        self.furniture = Furniture(self, recipes)
        self.menu, self.brew_board = self.furniture.menu, self.furniture.brew_board
        self.hatch, self.rail = self.furniture.hatch, self.furniture.rail
        self.machine, self.sign = self.furniture.machine, self.furniture.sign
        self.door_zone, self.line_label = self.furniture.door_zone, self.furniture.line_label
        self.crowd = CrowdLayer()
        self.tokens = self.crowd.tokens  # customers of a crowd, by task id
        self.addItem(self.crowd)

    # -- furniture ----------------------------------------------------------------------

    def restyle(self) -> None:
        """Repaint everything in the current theme."""
        self.furniture.restyle()
        self.update()

    def drawBackground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        paint_floor(painter, rect)

    # -- following the state ----------------------------------------------------------------

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
        """True while customers are still to be drawn (a burst spreads over frames)."""
        return self.still_to_draw > 0

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
        following.sync(self, state, served, touched, seconds)

    def draw_now(self, task_id: int) -> None:
        """Draw this customer now, ahead of those still to draw (a lesson follows it)."""
        following.draw_now(self, task_id)

    def settle(self, state: ShopState) -> None:
        """Put everything where it is going at once (for screenshots and tests), as at shop
        time `state.now`: a cup returned, or a customer ended, longer ago than it stays in
        the picture is gone, as it would be had the frames been watched."""
        following.settle(self, state)

    def position_of(self, task_id: int) -> QPointF | None:
        """Where this customer is drawn now (an item's feet, or a token's)."""
        item = self.customers.get(task_id)
        if item is not None:
            return item.pos()
        token = self.tokens.get(task_id)
        return token.pos if token is not None else None

    def state_shown(self) -> ShopState:
        """The state this floor was last drawn from: the live one, or a past turn's."""
        return self._state

    def show_moment(self, state: ShopState) -> None:
        """Draw `state`, another moment of the run, with everyone in place (see `past`)."""
        past.show_moment(self, state)

    # -- the scene's own bookkeeping: the only places customers leave its sets -----------

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
        """A customer leaves the picture, item or token, and gives up its place."""
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
        for name, kept in (
            ("buzzer", self.buzzers),
            ("handshake", self.handshakes),
            ("light", self.lights),
        ):
            broken += [f"task {t} has a {name} but no item" for t in kept.keys() - drawn]
        return broken

    # -- motion -----------------------------------------------------------------------------

    def animate(self, dt: float) -> None:
        """Walk the customers who are not yet where they belong; buzzers go with them."""
        motion.animate(self, dt)

    def hand_over(self, task_id: int) -> None:
        """Show the handshake of an await: the buzzer goes up to the counter and comes back."""
        motion.hand_over(self, task_id)

    # -- gestures -----------------------------------------------------------------------------

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if not gestures.press(self, event):
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if not gestures.move(self, event):
            super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        gestures.release(self)
        super().mouseReleaseEvent(event)

    def helpEvent(self, event: QGraphicsSceneHelpEvent) -> None:
        """A token's tooltip, as an item's: who it is, where it stopped."""
        if not gestures.token_tooltip(self, event):
            super().helpEvent(event)

    # -- selection ------------------------------------------------------------------------------

    def selected_task(self) -> int | None:
        """The customer picked out: a selected item, or a token."""
        return selection.selected_task(self)

    def place_of(self, task_id: int | None) -> QRectF | None:
        """Where this customer is drawn, with its name and tag: a magnified view follows it."""
        return selection.place_of(self, task_id)

    def select(self, task_id: int) -> None:
        """Pick out this customer (an item is selected; a token is ringed by the crowd)."""
        selection.select(self, task_id)
