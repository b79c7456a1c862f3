"""An order slip: a coroutine object that exists but has not run (or was thrown away)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from coffeeshop_gui.ui import palette
from coffeeshop_gui.ui.items.text import Writer, font, line_height

INK = QColor("#222222")

W = 190.0  # "not run yet" in legible type


def _height() -> float:
    return 2 * line_height(font()) + 8


class SlipItem(Writer, QGraphicsItem):
    """A paper slip with the recipe's name; crumpled and red when it was never awaited."""

    def __init__(self, slip: int, recipe: str) -> None:
        super().__init__()
        self.drawn = []
        self.slip = slip
        self.recipe = recipe
        self.dropped = False
        self.more = 0  # slips in the same hand not drawn, behind this one
        self.setZValue(25)
        self.setToolTip(f"{recipe}(): a coroutine object, CORO_CREATED: nothing has run yet")

    def hold_more(self, more: int) -> None:
        """How many more slips its holder has (only a few are drawn)."""
        if more != self.more:
            self.more = more
            self.update()

    def drop(self, warning: str) -> None:
        self.dropped = True
        self.setToolTip(f"RuntimeWarning: {warning}")
        self.setRotation(-14)
        self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(-W / 2 - 4, -_height() - 4, W + 8, _height() + 8)

    def paint(self, p: QPainter, _o: QStyleOptionGraphicsItem, _w: QWidget | None = None) -> None:
        self.start_writing()
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        paper = QPainterPath()
        H = _height()  # noqa: N806 (as the constant it was, now zoomed)
        r = QRectF(-W / 2, -H, W, H)
        paper.moveTo(r.topLeft())
        paper.lineTo(r.right() - 12, r.top())
        paper.lineTo(r.right(), r.top() + 12)
        paper.lineTo(r.bottomRight())
        paper.lineTo(r.bottomLeft())
        paper.closeSubpath()
        edge = palette.FAILED if self.dropped else QColor("#8d8d8d")
        p.setPen(QPen(edge, 1.5, Qt.PenStyle.DashLine if self.dropped else Qt.PenStyle.SolidLine))
        p.setBrush(QColor("#fde8e8") if self.dropped else QColor("#fffef7"))
        p.drawPath(paper)
        p.drawLine(QPointF(r.right() - 12, r.top()), QPointF(r.right() - 12, r.top() + 12))
        ground = QColor("#fde8e8") if self.dropped else QColor("#fffef7")
        line = line_height(font())
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        name = QRectF(r.left() + 6, r.top() + 4, W - 24, line)
        self.write(p, name, f"{self.recipe}()", font(mono=True, bold=True), INK, ground, left)
        note = "never awaited" if self.dropped else "not run yet"
        if self.more and not self.dropped:
            note = f"and {self.more:,} more"
        ink = palette.FAILED.darker(120) if self.dropped else QColor("#444444")
        self.write(
            p,
            QRectF(r.left() + 6, r.top() + 4 + line, W - 12, line),
            note,
            font(),
            ink,
            ground,
            left,
        )
