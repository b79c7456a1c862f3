"""The coffee carried back: the value an `await` returns, on its way to the resumed customer."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

FONT = QFont("DejaVu Sans Mono", 10, QFont.Weight.Bold)


class CupItem(QGraphicsItem):
    """A cup with the value written on a tag; it fades once delivered."""

    def __init__(self, task_id: int, text: str, colour: QColor, made_at: float) -> None:
        super().__init__()
        self.task_id = task_id
        self.made_at = made_at  # shop time the value was returned
        self.text = text
        self.colour = colour
        width = QFontMetricsF(FONT).horizontalAdvance(text) + 16
        self._rect = QRectF(-width / 2, -46, max(width, 40), 46)
        self.setZValue(30)

    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(-2, -2, 2, 2)

    def paint(self, p: QPainter, _o: QStyleOptionGraphicsItem, _w: QWidget | None = None) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        tag = QRectF(self._rect.left(), self._rect.top(), self._rect.width(), 22)
        p.setPen(QPen(self.colour, 2))
        p.setBrush(QColor("#fffdf5"))
        p.drawRoundedRect(tag, 8, 8)
        p.setPen(QColor("#222222"))
        p.setFont(FONT)
        p.drawText(tag, Qt.AlignmentFlag.AlignCenter, self.text)
        p.setPen(QPen(QColor("#5d4037"), 2))
        p.setBrush(QColor("#f4f1ea"))
        p.drawRoundedRect(QRectF(-10, -22, 20, 20), 4, 4)
        p.setBrush(QColor("#6d4c41"))
        p.drawEllipse(QRectF(-8, -21, 16, 6))
