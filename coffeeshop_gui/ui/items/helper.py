"""A worker beside the loop: a thread or a process doing `run_in_executor` work.

Neither is a cashier: no event loop runs in it. A thread runs Python only in turns with the
loop (the GIL); a process is a kitchen hand with an interpreter of its own.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from coffeeshop_gui.ui import palette
from coffeeshop_gui.ui.items.text import Writer, font, line_height

TAG_W = 106.0  # "process" in legible type

APRON = {"thread": QColor("#56B4E9"), "process": QColor("#009E73")}


class HelperItem(Writer, QGraphicsItem):
    """A smaller figure behind the counter, labelled with the kind of worker and its job."""

    def __init__(self, job: int, kind: str, function: str, task: int | None) -> None:
        super().__init__()
        self.drawn = []
        self.job, self.kind, self.function = job, kind, function
        self.owner = palette.customer_colour(task) if task else QColor("#9e9e9e")
        self.setZValue(1.5)  # behind the counter, in front of the wall
        self.setToolTip(f"worker {kind} running {function}() for run_in_executor (no event loop)")

    def boundingRect(self) -> QRectF:
        return QRectF(-TAG_W / 2, -80 - line_height(font(bold=True)) - 4, TAG_W, 124)

    def paint(self, p: QPainter, _o: QStyleOptionGraphicsItem, _w: QWidget | None = None) -> None:
        self.start_writing()
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
        line = line_height(font(bold=True))
        tag = QRectF(-TAG_W / 2, -80 - line - 2, TAG_W, line + 2)
        p.setBrush(QColor(255, 255, 255, 235))
        p.setPen(QPen(apron.darker(150), 1))
        p.drawRoundedRect(tag, 6, 6)
        self.write(
            p,
            tag,
            self.kind,
            font(bold=True),
            QColor("#222222"),
            QColor("#ffffff"),
            Qt.AlignmentFlag.AlignCenter,
        )
