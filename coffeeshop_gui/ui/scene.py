"""The shop floor: arranges one item per customer, buzzer and brew from the folded state.

The scene decides nothing about what happens; `sync` reads the state, `animate` moves items
toward where the state says they belong (through the counter when a step was served).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QGraphicsScene, QGraphicsSimpleTextItem

from coffeeshop_gui.model.state import Customer, CustomerState, ShopState
from coffeeshop_gui.ui import layout, palette
from coffeeshop_gui.ui.items.boards import BrewBoard, MenuBoard
from coffeeshop_gui.ui.items.buzzer import BuzzerItem
from coffeeshop_gui.ui.items.customer import CustomerItem
from coffeeshop_gui.ui.items.prop import Prop

WALK_SPEED = 900.0  # scene units per second
BASE_TABLES = 8


class ShopScene(QGraphicsScene):
    """Items for the live shop; a view of `ShopState`, nothing more."""

    def __init__(self, recipes: list[str]) -> None:
        super().__init__()
        self.setSceneRect(layout.SCENE)
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.customers: dict[int, CustomerItem] = {}
        self.buzzers: dict[int, BuzzerItem] = {}  # by task id: the buzzer that customer holds
        self._targets: dict[int, list[QPointF]] = {}
        self._seats: dict[int, int] = {}
        self._exits: dict[int, int] = {}
        self._tables: list[Prop] = []
        self._build_furniture(recipes)

    # -- furniture ----------------------------------------------------------------------

    def _build_furniture(self, recipes: list[str]) -> None:
        self.menu = MenuBoard(recipes, 300, 150)
        self.menu.setPos(20, 14)
        self.addItem(self.menu)
        self.brew_board = BrewBoard(330, 170)
        self.brew_board.setPos(655, 14)
        self.addItem(self.brew_board)
        self._place(Prop("cashier", 116, 126), 342, 70, z=1)
        self._place(Prop("espresso_machine", 130, 104), 500, 92, z=3)
        self._place(Prop("counter", 420, 70), 230, 186, z=2)
        self._place(Prop("door", 70, 110), 24, 660, z=1)
        self._label(
            "the cashier = the event loop: one thread, one customer at a time",
            232,
            262,
            11,
            palette.INK,
        )
        self._label("in line = the ready queue", 70, 412 + 26, 10, palette.MUTED)
        self._label(
            "at the tables: suspended at an await, holding a buzzer (a Future)",
            500,
            298,
            10,
            palette.MUTED,
        )
        self._label("left the shop", 22, 636, 10, palette.MUTED)
        for i in range(BASE_TABLES):
            self._table(i)

    def _place(self, item: Prop, x: float, y: float, z: float) -> Prop:
        item.setPos(x, y)
        item.setZValue(z)
        self.addItem(item)
        return item

    def _label(self, text: str, x: float, y: float, size: int, colour: QColor) -> None:
        label = QGraphicsSimpleTextItem(text)
        label.setFont(QFont("DejaVu Sans", size, QFont.Weight.DemiBold))
        label.setBrush(colour)
        label.setPos(x, y)
        self.addItem(label)

    def _table(self, index: int) -> None:
        while len(self._tables) <= index:
            spot = layout.table_for(len(self._tables))
            self._tables.append(self._place(Prop("table", 92, 60), spot.x(), spot.y(), z=4))
        height = layout.scene_height_for(len(self._tables))
        if height > self.sceneRect().height():
            self.setSceneRect(0, 0, layout.SCENE.width(), height)

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        painter.fillRect(rect, palette.FLOOR)
        painter.setPen(QPen(palette.FLOOR_TILE, 2))
        top = int(layout.WALL_HEIGHT)
        for y in range(top, int(rect.bottom()) + 60, 60):
            painter.drawLine(int(rect.left()), y, int(rect.right()), y)
        for x in range(0, int(rect.right()) + 60, 60):
            painter.drawLine(x, top, x, int(rect.bottom()))
        painter.fillRect(
            QRectF(rect.left(), 0, rect.width(), layout.WALL_HEIGHT + 80), QBrush(QColor("#e9d8bd"))
        )
        painter.fillRect(
            QRectF(rect.left(), layout.WALL_HEIGHT + 70, rect.width(), 10), palette.WALL
        )

    # -- following the state --------------------------------------------------------------

    def sync(self, state: ShopState, served: set[int]) -> None:
        """Make the items say what `state` says; `served` tasks pass by the counter first."""
        queue_index = {tid: i for i, tid in enumerate(t for t in state.queue if t != state.running)}
        for c in state.customers.values():
            item = self.customers.get(c.id)
            if item is None:
                item = self._add_customer(c)
            item.show(c)
            target = self._target_for(c, state, queue_index)
            path = self._targets.setdefault(c.id, [])
            if c.id in served and c.state is not CustomerState.RUNNING:
                path[:] = [QPointF(layout.SERVICE), target]
            elif not path:
                path.append(target)
            elif path[-1] != target:
                path[-1] = target
            self._sync_buzzer(c)
        self.brew_board.show(list(state.brews.values()), state.now)

    def _add_customer(self, c: Customer) -> CustomerItem:
        item = CustomerItem(c.id, c.name)
        item.setPos(layout.exit_spot(0).x() - 90, layout.exit_spot(0).y() - 40)  # the door
        self.addItem(item)
        self.customers[c.id] = item
        return item

    def _target_for(self, c: Customer, state: ShopState, queue_index: dict[int, int]) -> QPointF:
        if c.state is CustomerState.WAITING:
            return layout.seat(self._seat_of(c.id))
        self._seats.pop(c.id, None)
        if c.state is CustomerState.RUNNING:
            return QPointF(layout.SERVICE)
        if c.state is CustomerState.QUEUED:
            return layout.queue_spot(queue_index.get(c.id, 0))
        if c.id not in self._exits:
            self._exits[c.id] = len(self._exits)
        return layout.exit_spot(self._exits[c.id])

    def _seat_of(self, task_id: int) -> int:
        seat = self._seats.get(task_id)
        if seat is None:
            taken = set(self._seats.values())
            seat = next(i for i in range(len(taken) + 1) if i not in taken)
            self._seats[task_id] = seat
            self._table(seat)
        return seat

    def _sync_buzzer(self, c: Customer) -> None:
        holds = c.future is not None and c.state in (CustomerState.WAITING, CustomerState.QUEUED)
        holds = holds or c.buzzer_lit
        buzzer = self.buzzers.get(c.id)
        if not holds:
            if buzzer is not None:
                self.removeItem(self.buzzers.pop(c.id))
            return
        if buzzer is None or (c.future is not None and buzzer.future_id != c.future):
            if buzzer is not None:
                self.removeItem(buzzer)
            buzzer = self.buzzers[c.id] = BuzzerItem(c.future or 0)
            self.addItem(buzzer)
        buzzer.set_lit(c.buzzer_lit)

    # -- motion -----------------------------------------------------------------------------

    def animate(self, dt: float) -> None:
        """Walk every customer toward its next waypoint; buzzers stay on their tables."""
        step = WALK_SPEED * dt
        for tid, item in self.customers.items():
            path = self._targets.get(tid)
            if path:
                pos = item.pos()
                target = path[0]
                delta = target - pos
                dist = (delta.x() ** 2 + delta.y() ** 2) ** 0.5
                if dist <= step:
                    item.setPos(target)
                    if len(path) > 1:
                        path.pop(0)
                else:
                    item.setPos(pos + delta * (step / dist))
            self._place_buzzer(tid, item)

    def _place_buzzer(self, tid: int, item: CustomerItem) -> None:
        buzzer = self.buzzers.get(tid)
        if buzzer is None:
            return
        seat = self._seats.get(tid)
        if seat is not None and item.state is CustomerState.WAITING:
            buzzer.setPos(layout.buzzer_at_table(seat))
        else:
            buzzer.setPos(item.pos() + QPointF(34, -40))  # carried back to the counter

    def settle(self) -> None:
        """Put everything where it is going at once (for screenshots and tests)."""
        for tid, item in self.customers.items():
            path = self._targets.get(tid)
            if path:
                item.setPos(path[-1])
                del path[:-1]
            self._place_buzzer(tid, item)

    def customer_at(self, pos: QPointF) -> CustomerItem | None:
        for item in self.items(pos, Qt.ItemSelectionMode.IntersectsItemShape):
            if isinstance(item, CustomerItem):
                return item
        return None
