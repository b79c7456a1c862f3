"""The furniture of the shop floor: what stands still while the customers move.

The boards, the ticket rail, the cashier, the counter and its sign, the espresso machine, the
door, the tables and the captions are put on a floor once. Only the tables grow (one per seat
taken) and the captions follow the theme. Kept apart from the scene so that the code which
follows the state reads without the floor's carpentry.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QStyleOptionGraphicsItem,
    QWidget,
)

from coffeeshop_gui.ui import layout
from coffeeshop_gui.ui.items.boards import BrewBoard, MenuBoard
from coffeeshop_gui.ui.items.crowd import CROWD_Z
from coffeeshop_gui.ui.items.hatch import HatchItem
from coffeeshop_gui.ui.items.prop import Prop
from coffeeshop_gui.ui.items.text import Writer
from coffeeshop_gui.ui.items.text import font as text_font
from coffeeshop_gui.ui.items.ticket_rail import TicketRail
from coffeeshop_gui.ui.theme import theme


class Placing(NamedTuple):
    """Where a piece of furniture stands: its size, its top-left, and its depth (z)."""

    width: float
    height: float
    x: float
    y: float
    z: float


# Depths, back to front: the cashier and the door; the executor's workers (HELPER_Z, 1.5, in
# items/helper.py) in front of the wall; the counter, its sign, the machine on it; the
# tables; the rail and the hatch over a crowd's edge. All stay behind the customers
# (CUSTOMER_Z, 10, in items/customer.py) and the crowd layer (CROWD_Z), who walk in front.
CASHIER = Placing(104, 113, 388, 104, z=1)
COUNTER = Placing(380, 56, 310, 200, z=2)
# The counter's sign, on the counter's front: in front of its panels, behind the machine.
SIGN_Z = 2.5
MACHINE = Placing(120, 96, 530, 118, z=3)  # on the counter, right of the cashier
DOOR = Placing(70, 110, 16, 600, z=1)  # bottom left, beside the places by the door
TABLE_SIZE = (76, 50)
TABLE_Z = 4
RAIL_Z = 5
HATCH_Z = 6
# Under a customer dragged over it, over everything else on the floor.
DOOR_ZONE_Z = 8

# The wall's two boards, at its left and right ends, as tall as the wall less a margin.
BOARD_SIZE = (275, 236)
MENU_AT = QPointF(10, 10)
BREW_BOARD_AT = QPointF(715, 10)
# The ticket rail hangs between the two boards.
RAIL_AT = QPointF(295, 4)
RAIL_WIDTH = 410

# Where a person drops a customer to send it away (cancel its task): the door and the floor
# in front of it, larger than the door so that a quick drag still lands.
DOOR_ZONE = QRectF(0, 560, 120, 210)
# The zone is shown only during a drag: a dashed red edge, its inside faint over the floor.
DOOR_ZONE_EDGE = QColor("#c62828")
DOOR_ZONE_EDGE_WIDTH = 3
DOOR_ZONE_FILL = QColor(198, 40, 40, 40)

# The captions under the wall: the line's on the left, over the line; the seats' on the right.
LINE_CAPTION_X = 20
SEATS_CAPTION_X = 580
# A caption lifted over a crowd sits on a plate this much larger than its text.
PLATE_MARGIN_X, PLATE_MARGIN_Y = 6, 3
# The corners of both plates (a caption's, the counter sign's).
PLATE_RADIUS = 6

# The counter's sign: a plate of dark wood (darker than the counter's panels, so the words
# stand out) with light words, inside the counter's front.
SIGN_SIZE = QRectF(0, 0, 380, 56)
SIGN_PLATE = QRectF(10, 16, 360, 36)
SIGN_WOOD = QColor("#6d4026")
SIGN_INK = QColor("#fff4e0")

# One table per seat of the normal layout, before anyone sits: an empty shop looks furnished.
BASE_TABLES = layout.NORMAL_SEATS

# The floor's tiles, in scene units, and the width of the lines between them.
TILE = 60
TILE_LINE_WIDTH = 2
# The wall is painted down behind the counter's foot, to here below WALL_HEIGHT; its
# skirting is the last TRIM_HEIGHT of it.
WALL_PAINTED_BELOW = 80
TRIM_HEIGHT = 10


class Caption(QGraphicsSimpleTextItem):
    """A caption on the floor; over a crowd it sits on a plate of floor colour, readable."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.plated = False
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # clicks reach who is below

    def over_crowd(self, over: bool) -> None:
        """Lift the caption over a crowd standing where it is, on its plate (or put it back)."""
        self.plated = over
        self.setZValue(CROWD_Z + 1 if over else 0)
        self.update()

    def paint(self, p: QPainter, o: QStyleOptionGraphicsItem, w: QWidget | None = None) -> None:
        if self.plated:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(theme().colour("floor"))
            p.drawRoundedRect(self.boundingRect(), PLATE_RADIUS, PLATE_RADIUS)
        # PySide6's stub wants a QWidget here, but Qt passes None when the scene renders to an image
        super().paint(p, o, w)  # type: ignore[arg-type]

    def boundingRect(self) -> QRectF:
        return (
            super()
            .boundingRect()
            .adjusted(-PLATE_MARGIN_X, -PLATE_MARGIN_Y, PLATE_MARGIN_X, PLATE_MARGIN_Y)
        )


class CounterSign(Writer, QGraphicsItem):
    """Words on the front of the counter: what the cashier stands for."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        self.drawn = []
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def boundingRect(self) -> QRectF:
        return QRectF(SIGN_SIZE)

    def paint(self, p: QPainter, _o: QStyleOptionGraphicsItem, _w: QWidget | None = None) -> None:
        self.start_writing()
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(SIGN_WOOD)
        p.drawRoundedRect(SIGN_PLATE, PLATE_RADIUS, PLATE_RADIUS)
        self.write(p, SIGN_PLATE, self.text, text_font(), SIGN_INK, SIGN_WOOD)


class Furniture:
    """The floor's fixed items, put on `scene` once; the tables grow as seats are taken."""

    def __init__(self, scene: QGraphicsScene, recipes: list[str]) -> None:
        self.tables: list[Prop] = []
        self._labels: list[tuple[Caption, str]] = []
        self.menu = MenuBoard(recipes, *BOARD_SIZE)
        self.menu.setPos(MENU_AT)
        scene.addItem(self.menu)
        self.brew_board = BrewBoard(*BOARD_SIZE)
        self.brew_board.setPos(BREW_BOARD_AT)
        scene.addItem(self.brew_board)
        # The loop's selector, shown once the program watches a socket or a pipe.
        self.hatch = HatchItem(layout.HATCH.width(), layout.HATCH.height())
        self.hatch.setPos(layout.HATCH.topLeft())
        self.hatch.setZValue(HATCH_Z)
        scene.addItem(self.hatch)
        self.rail = TicketRail(RAIL_WIDTH)
        self.rail.setPos(RAIL_AT)
        self.rail.setZValue(RAIL_Z)
        scene.addItem(self.rail)
        self._place("cashier", CASHIER)
        self.machine = self._place("espresso_machine", MACHINE)
        self._place("counter", COUNTER)
        door = self._place("door", DOOR)
        door.setToolTip("The door: drag a customer here to cancel its task")
        self.door_zone = QGraphicsRectItem(DOOR_ZONE)
        self.door_zone.setPen(QPen(DOOR_ZONE_EDGE, DOOR_ZONE_EDGE_WIDTH, Qt.PenStyle.DashLine))
        self.door_zone.setBrush(DOOR_ZONE_FILL)
        self.door_zone.setVisible(False)
        self.door_zone.setZValue(DOOR_ZONE_Z)
        scene.addItem(self.door_zone)
        self.sign = CounterSign("the event loop: one thread")
        self.sign.setPos(COUNTER.x, COUNTER.y)
        self.sign.setZValue(SIGN_Z)
        scene.addItem(self.sign)
        top = layout.CAPTION_TOP
        self.line_label = self._label("in line =\nthe ready queue", LINE_CAPTION_X, top)
        self._label("at the tables: awaiting,\neach with a buzzer (a Future)", SEATS_CAPTION_X, top)
        for i in range(BASE_TABLES):
            self.table(i)

    def _floor(self) -> QGraphicsScene:
        """The scene the furniture stands on, asked of the menu board: holding the scene
        itself would make a cycle that keeps an old floor, all its items, until a full
        collection of the garbage."""
        floor = self.menu.scene()
        assert floor is not None, "the menu board is on its floor for the floor's life"
        return floor

    def _place(self, name: str, placing: Placing) -> Prop:
        item = Prop(name, placing.width, placing.height)
        item.setPos(placing.x, placing.y)
        item.setZValue(placing.z)
        self._floor().addItem(item)
        return item

    def _label(self, text: str, x: float, y: float, role: str = "muted") -> Caption:
        label = Caption(text)
        label.setFont(text_font())
        label.setBrush(theme().colour(role))
        label.setPos(x, y)
        self._floor().addItem(label)
        self._labels.append((label, role))
        return label

    def restyle(self) -> None:
        """The captions in the current theme's colours and type."""
        for label, role in self._labels:
            label.setBrush(theme().colour(role))
            label.setFont(text_font())

    def table(self, index: int) -> None:
        """Make sure seat `index` has its table, the floor growing downwards to hold it."""
        while len(self.tables) <= index:
            spot = layout.table_for(len(self.tables))
            self.tables.append(
                self._place("table", Placing(*TABLE_SIZE, spot.x(), spot.y(), z=TABLE_Z))
            )
        height = layout.scene_height_for(len(self.tables))
        if height > self._floor().sceneRect().height():
            self._floor().setSceneRect(0, 0, layout.SCENE.width(), height)

    def show_tables(self, shown: bool) -> None:
        """Tables in view, or not (a crowd sits packed, without them)."""
        for table in self.tables:
            table.setVisible(shown)


def paint_floor(painter: QPainter, rect: QRectF | QRect) -> None:
    """The tiled floor and the wall above it, in the current theme, within `rect`."""
    look = theme()
    painter.fillRect(rect, look.colour("floor"))
    painter.setPen(QPen(look.colour("floor_tile"), TILE_LINE_WIDTH))
    top = int(layout.WALL_HEIGHT)
    for y in range(top, int(rect.bottom()) + TILE, TILE):
        painter.drawLine(int(rect.left()), y, int(rect.right()), y)
    for x in range(0, int(rect.right()) + TILE, TILE):
        painter.drawLine(x, top, x, int(rect.bottom()))
    painter.fillRect(
        QRectF(rect.left(), 0, rect.width(), layout.WALL_HEIGHT + WALL_PAINTED_BELOW),
        QBrush(look.colour("wall")),
    )
    painter.fillRect(
        QRectF(
            rect.left(),
            layout.WALL_HEIGHT + WALL_PAINTED_BELOW - TRIM_HEIGHT,
            rect.width(),
            TRIM_HEIGHT,
        ),
        look.colour("trim"),
    )
