"""A buzzer: the Future a customer awaits. Dark while pending, lit when it is done."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QRadialGradient
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from coffeeshop_gui.ui import palette
from coffeeshop_gui.ui.items.light import PLACES

SIZE = 34.0


class BuzzerItem(QGraphicsItem):
    """Draws one awaited Future; `lit` follows the folded state (the Future is done)."""

    def __init__(self, future_id: int) -> None:
        super().__init__()
        self.future_id = future_id
        self.lit = False
        self.source = ""  # where its light came from, while lit (see items/light.py)
        self.setZValue(12)

    def set_lit(self, lit: bool, source: str = "") -> None:
        """Lit or dark; `source` says where its light came from ("hatch", "machine", ...)."""
        if lit != self.lit or source != self.source:
            self.lit, self.source = lit, source
            where = f", done at {PLACES[source]}" if source in PLACES else ""
            done = f"Future done{where}: the wake-up is queued"
            self.setToolTip(done if lit else "Future pending")
            self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(-SIZE, -SIZE, 2 * SIZE, 2 * SIZE)

    def shape(self) -> QPainterPath:
        """Where a click rings it: the buzzer itself, not its glow."""
        path = QPainterPath()
        path.addRect(QRectF(-SIZE / 2, -SIZE / 2, SIZE, SIZE))
        return path

    def paint(self, p: QPainter, o: QStyleOptionGraphicsItem, _w: QWidget | None = None) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = SIZE / 2
        if o.levelOfDetailFromTransform(p.worldTransform()) < 0.45:  # in a crowd: the light only
            p.setPen(QPen(QColor("#1d2023"), 3))
            p.setBrush(palette.BUZZER_LIT if self.lit else palette.BUZZER_DARK)
            p.drawEllipse(QPointF(0, 0), r * 0.8, r * 0.8)
            return
        if self.lit:
            glow = QRadialGradient(QPointF(0, 0), SIZE)
            glow.setColorAt(0.0, palette.BUZZER_GLOW)
            glow.setColorAt(1.0, QColor(255, 194, 10, 0))
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(glow)
            p.drawEllipse(QPointF(0, 0), SIZE, SIZE)
        p.setPen(QPen(QColor("#1d2023"), 2))
        p.setBrush(QColor("#55595e"))
        p.drawRoundedRect(QRectF(-r, -r, SIZE, SIZE), 9, 9)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(palette.BUZZER_LIT if self.lit else palette.BUZZER_DARK)
        p.drawEllipse(QPointF(0, 0), r - 5, r - 5)
