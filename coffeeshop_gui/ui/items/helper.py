"""A worker beside the loop: a thread or a process doing `run_in_executor` work.

Neither is a cashier: no event loop runs in it. A thread runs Python only in turns with the
loop (the GIL); a process is a kitchen hand with an interpreter of its own.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from coffeeshop_gui.ui import palette

APRON = {"thread": QColor("#56B4E9"), "process": QColor("#009E73")}


class HelperItem(QGraphicsItem):
    """A smaller figure behind the counter, labelled with the kind of worker and its job."""

    def __init__(self, job: int, kind: str, function: str, task: int | None) -> None:
        super().__init__()
        self.job, self.kind, self.function = job, kind, function
        self.owner = palette.customer_colour(task) if task else QColor("#9e9e9e")
        self.setZValue(1.5)  # behind the counter, in front of the wall
        self.setToolTip(f"worker {kind} running {function}() for run_in_executor (no event loop)")

    def boundingRect(self) -> QRectF:
        return QRectF(-30, -96, 60, 100)

    def paint(self, p: QPainter, _o: QStyleOptionGraphicsItem, _w: QWidget | None = None) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        apron = APRON.get(self.kind, APRON["thread"])
        p.setPen(QPen(apron.darker(130), 2))
        p.setBrush(apron)
        p.drawRoundedRect(QRectF(-16, -50, 32, 50), 10, 10)
        p.setBrush(QColor("#f2c49b"))
        p.setPen(QPen(QColor("#d9a77f"), 1.5))
        p.drawEllipse(QPointF(0, -62), 12, 12)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(self.owner)  # whose order it is working on
        p.drawEllipse(QPointF(0, -30), 6, 6)
        tag = QRectF(-30, -96, 60, 16)
        p.setBrush(QColor(255, 255, 255, 220))
        p.setPen(QPen(apron.darker(150), 1))
        p.drawRoundedRect(tag, 6, 6)
        p.setPen(QColor("#222222"))
        p.setFont(QFont("DejaVu Sans", 7, QFont.Weight.Bold))
        p.drawText(tag, Qt.AlignmentFlag.AlignCenter, self.kind)
