"""The wall boards: the menu of `async def` recipes, and the espresso machine's brews (timers)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from coffeeshop_gui.model.state import Brew
from coffeeshop_gui.ui import palette
from coffeeshop_gui.ui.items.text import TITLE_PX, Writer, font, line_height
from coffeeshop_gui.ui.theme import theme

MAX_ROWS = 6  # the most rows a board has room for
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
PAD = 12.0
ROW_EXTRA = 2  # a row a little taller than its text: the rows do not touch
# The wooden frame, drawn inside the board's rect (inset by half its pen, so none is cut).
FRAME, FRAME_PEN, ROUNDING = QColor("#8d6e63"), 6, 8
# The text keeps this far from the board's top and bottom edges: clear of the frame.
FRAME_ROOM = 8
TITLE_GAP = 4  # between the title and the first row
# A brew's row: its label on the left share, the time left on the right share, and a
# progress bar between, this far from both and inset from the row's top and bottom.
LABEL_SHARE, TIME_SHARE = 0.42, 0.3
BAR_GAP, BAR_INSET_Y, BAR_ROUNDING = 4, 7, 4
BAR_TRACK = QColor("#4a453f")
# A timer due the moment it was set (call_later(0)) has no length: this stands in for it.
NO_LENGTH = 1e-9


def row_height() -> float:
    """A row is as tall as its text, at the presenter's zoom."""
    return line_height(font()) + ROW_EXTRA


class Board(Writer, QGraphicsItem):
    """A chalkboard with a title; subclasses paint the rows."""

    def __init__(self, title: str, width: float, height: float) -> None:
        super().__init__()
        self.title = title
        self.drawn = []
        self._rect = QRectF(0, 0, width, height)

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, p: QPainter, _o: QStyleOptionGraphicsItem, _w: QWidget | None = None) -> None:
        self.start_writing()
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QPen(FRAME, FRAME_PEN))
        board = theme().colour("board")
        p.setBrush(board)
        half = FRAME_PEN / 2
        p.drawRoundedRect(self._rect.adjusted(half, half, -half, -half), ROUNDING, ROUNDING)
        title = font(TITLE_PX, bold=True)
        slot = QRectF(PAD, FRAME_ROOM, self._rect.width() - 2 * PAD, line_height(title))
        self.write(p, slot, self.title, title, theme().colour("chalk"), board, LEFT)
        self.paint_rows(p, self.rows_area())

    def rows_area(self) -> QRectF:
        """Where the rows go: under the title, inside the frame (in the board's own units)."""
        top = line_height(font(TITLE_PX, bold=True))
        return self._rect.adjusted(PAD, top + FRAME_ROOM + TITLE_GAP, -PAD, -FRAME_ROOM)

    def paint_rows(self, p: QPainter, area: QRectF) -> None:
        raise NotImplementedError

    @staticmethod
    def fit(count: int, area: QRectF, row_h: float) -> int:
        """How many of `count` rows to draw in `area`, keeping the last row for
        "+ N more" when they do not all fit: nothing is drawn past the board's edge."""
        rows = max(1, int(area.height() // row_h))
        return count if count <= rows else rows - 1

    def paint_more(self, p: QPainter, area: QRectF, top: float, hidden: int, what: str) -> None:
        slot = QRectF(area.left(), top, area.width(), row_height())
        look = theme()
        self.write(
            p,
            slot,
            f"+ {hidden:,} more {what}",
            font(),
            look.colour("chalk_dim"),
            look.colour("board"),
            LEFT,
        )


class MenuBoard(Board):
    """Lists the program's `async def` functions: the recipes a customer can order."""

    def __init__(self, recipes: list[str], width: float, height: float) -> None:
        super().__init__("MENU: async def", width, height)
        self.recipes = recipes

    def paint_rows(self, p: QPainter, area: QRectF) -> None:
        look = theme()
        row = row_height()
        recipes = [_short_signature(r) for r in self.recipes] or ["(no async def)"]
        shown = self.fit(len(recipes), area, row)
        for i, recipe in enumerate(recipes[:shown]):
            slot = QRectF(area.left(), area.top() + i * row, area.width(), row)
            self.write(
                p,
                slot,
                recipe,
                font(mono=True),
                look.colour("chalk_dim"),
                look.colour("board"),
                LEFT,
            )
        if shown < len(recipes):
            self.paint_more(p, area, area.top() + shown * row, len(recipes) - shown, "recipes")


def _short_signature(recipe: str) -> str:
    """`customer(name, drinks)` as `customer(…)`: the name is what a room reads."""
    name, _, rest = recipe.partition("(")
    return f"{name}()" if rest.startswith(")") or not rest else f"{name}(…)"


class BrewBoard(Board):
    """The loop's timer heap, soonest first: each brew with the shop time it has left."""

    def __init__(self, width: float, height: float) -> None:
        super().__init__("TIMERS: brewing", width, height)
        self.brews: list[Brew] = []  # the soonest MAX_ROWS
        self.count = 0
        self.now = 0.0

    def show_brews(self, soonest: list[Brew], count: int, now: float) -> None:
        """The soonest timers (only a few fit: a rush has thousands) of `count` in all."""
        self.brews = soonest[:MAX_ROWS]
        self.count = count
        self.now = now
        self.update()

    def paint_rows(self, p: QPainter, area: QRectF) -> None:
        row = row_height()
        look = theme()
        if not self.brews:
            slot = QRectF(area.left(), area.top(), area.width(), row)
            self.write(
                p,
                slot,
                "no timers: idle",
                font(),
                look.colour("chalk_dim"),
                look.colour("board"),
                LEFT,
            )
            return
        shown = min(len(self.brews), self.fit(self.count, area, row))
        for i, brew in enumerate(self.brews[:shown]):
            top = area.top() + i * row
            self._paint_brew(p, brew, QRectF(area.left(), top, area.width(), row))
        if shown < self.count:
            self.paint_more(p, area, area.top() + shown * row, self.count - shown, "timers")

    def _paint_brew(self, p: QPainter, brew: Brew, r: QRectF) -> None:
        total = max(brew.when - brew.started, NO_LENGTH)
        done = min(1.0, max(0.0, (self.now - brew.started) / total))
        left = max(0.0, brew.when - self.now)
        look = theme()
        board = look.colour("board")
        label_w = r.width() * LABEL_SHARE
        self.write(
            p,
            QRectF(r.left(), r.top(), label_w, r.height()),
            brew.label,
            font(),
            look.colour("chalk"),
            board,
            LEFT,
        )
        time_w = r.width() * TIME_SHARE
        bar = QRectF(
            r.left() + label_w + BAR_GAP,
            r.top() + BAR_INSET_Y,
            r.width() - label_w - time_w - 2 * BAR_GAP,
            r.height() - 2 * BAR_INSET_Y,
        )
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(BAR_TRACK)
        p.drawRoundedRect(bar, BAR_ROUNDING, BAR_ROUNDING)
        owner = palette.customer_colour(brew.task) if brew.task else palette.BUZZER_LIT
        p.setBrush(owner)
        done_part = QRectF(bar.left(), bar.top(), bar.width() * done, bar.height())
        p.drawRoundedRect(done_part, BAR_ROUNDING, BAR_ROUNDING)
        self.write(
            p,
            QRectF(r.right() - time_w, r.top(), time_w, r.height()),
            f"{left:.1f} s",
            font(),
            look.colour("chalk_dim"),
            board,
            RIGHT,
        )
