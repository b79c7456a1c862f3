"""An order slip: a coroutine object that exists but has not run (or was thrown away)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from coffeeshop_gui.ui import palette

W, H = 92.0, 44.0


class SlipItem(QGraphicsItem):
    """A paper slip with the recipe's name; crumpled and red when it was never awaited."""

    def __init__(self, slip: int, recipe: str) -> None:
        super().__init__()
        self.slip = slip
        self.recipe = recipe
        self.dropped = False
        self.setZValue(25)
        self.setToolTip(f"{recipe}(): a coroutine object, CORO_CREATED: nothing has run yet")

    def drop(self, warning: str) -> None:
        self.dropped = True
        self.setToolTip(f"RuntimeWarning: {warning}")
        self.setRotation(-14)
        self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(-W / 2 - 4, -H - 4, W + 8, H + 8)

    def paint(self, p: QPainter, _o: QStyleOptionGraphicsItem, _w: QWidget | None = None) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        paper = QPainterPath()
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
        p.setPen(QColor("#222222"))
        p.setFont(QFont("DejaVu Sans Mono", 9, QFont.Weight.Bold))
        p.drawText(
            QRectF(r.left() + 4, r.top() + 3, W - 18, 18),
            Qt.AlignmentFlag.AlignLeft,
            f"{self.recipe[:10]}()",
        )
        p.setFont(QFont("DejaVu Sans", 7))
        p.setPen(palette.FAILED if self.dropped else QColor("#555555"))
        note = "never awaited" if self.dropped else "coroutine: not run"
        p.drawText(QRectF(r.left() + 4, r.top() + 22, W - 8, 18), Qt.AlignmentFlag.AlignLeft, note)
