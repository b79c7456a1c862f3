"""An order slip: a coroutine object that exists but has not run (or was thrown away)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from coffeeshop_gui.ui import palette
from coffeeshop_gui.ui.items.text import Writer, font, line_height

INK = QColor("#222222")

W = 190.0  # "not run yet" in legible type
# The text's inset from the paper's edges: a margin of paper around the two lines.
TEXT_INSET_X, TEXT_INSET_Y = 6, 4
# The folded top-right corner, this long on each edge; the recipe's name stops short of it.
FOLD = 12
# Room around the paper for its (dashed, antialiased) edge.
EDGE_ROOM = 4
# A slip never awaited lies askew, crumpled: degrees, anticlockwise.
DROPPED_TILT = -14
# Over the customers (10), their buzzers and its light (12, 13); under a cup handed over (30).
SLIP_Z = 25
PAPER, DROPPED_PAPER = QColor("#fffef7"), QColor("#fde8e8")


def _height() -> float:
    """Two lines of text (the recipe, then a note) with paper above and below."""
    return 2 * line_height(font()) + 2 * TEXT_INSET_Y


class SlipItem(Writer, QGraphicsItem):
    """A paper slip with the recipe's name; crumpled and red when it was never awaited."""

    def __init__(self, slip: int, recipe: str) -> None:
        super().__init__()
        self.drawn = []
        self.slip = slip
        self.recipe = recipe
        self.dropped = False
        self.more = 0  # slips in the same hand not drawn, behind this one
        self.setZValue(SLIP_Z)
        self.setToolTip(f"{recipe}(): a coroutine object, CORO_CREATED: nothing has run yet")

    def hold_more(self, more: int) -> None:
        """How many more slips its holder has (only a few are drawn)."""
        if more != self.more:
            self.more = more
            self.update()

    def drop(self, warning: str) -> None:
        self.dropped = True
        self.setToolTip(f"RuntimeWarning: {warning}")
        self.setRotation(DROPPED_TILT)
        self.update()

    def boundingRect(self) -> QRectF:
        room = EDGE_ROOM
        return QRectF(-W / 2 - room, -_height() - room, W + 2 * room, _height() + 2 * room)

    def paint(self, p: QPainter, _o: QStyleOptionGraphicsItem, _w: QWidget | None = None) -> None:
        self.start_writing()
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        paper = QPainterPath()
        H = _height()  # noqa: N806 (as the constant it was, now zoomed)
        r = QRectF(-W / 2, -H, W, H)
        paper.moveTo(r.topLeft())
        paper.lineTo(r.right() - FOLD, r.top())
        paper.lineTo(r.right(), r.top() + FOLD)
        paper.lineTo(r.bottomRight())
        paper.lineTo(r.bottomLeft())
        paper.closeSubpath()
        edge = palette.FAILED if self.dropped else QColor("#8d8d8d")
        p.setPen(QPen(edge, 1.5, Qt.PenStyle.DashLine if self.dropped else Qt.PenStyle.SolidLine))
        ground = DROPPED_PAPER if self.dropped else PAPER
        p.setBrush(ground)
        p.drawPath(paper)
        p.drawLine(QPointF(r.right() - FOLD, r.top()), QPointF(r.right() - FOLD, r.top() + FOLD))
        line = line_height(font())
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        left_x, top = r.left() + TEXT_INSET_X, r.top() + TEXT_INSET_Y
        name = QRectF(left_x, top, W - 2 * TEXT_INSET_X - FOLD, line)
        self.write(p, name, f"{self.recipe}()", font(mono=True, bold=True), INK, ground, left)
        note = "never awaited" if self.dropped else "not run yet"
        if self.more and not self.dropped:
            note = f"and {self.more:,} more"
        ink = palette.FAILED.darker(120) if self.dropped else QColor("#444444")
        self.write(
            p,
            QRectF(left_x, top + line, W - 2 * TEXT_INSET_X, line),
            note,
            font(),
            ink,
            ground,
            left,
        )
