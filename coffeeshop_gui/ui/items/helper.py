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
# Behind the counter (2), in front of the wall and the cashier (1): see scene/furniture.py.
HELPER_Z = 1.5
# The figure, from its feet (the item's origin) up: a body, the head on it, and a dot on
# the apron in the colour of the customer whose job it runs. Smaller than a customer's.
BODY_W, BODY_H, BODY_ROUNDING = 32, 50, 10
HEAD_R = 12
HEAD_Y = -(BODY_H + HEAD_R)  # the head sits on the body
ORDER_DOT_Y, ORDER_DOT_R = -30, 6
# The tag with its kind over the head: its bottom edge this high, a little over the head
# (which ends at -74), and 2 taller than its line.
TAG_BOTTOM = -80
TAG_EXTRA_H = 2
TAG_ROUNDING = 6
TAG_PAPER = QColor(255, 255, 255, 235)  # white, the counter faintly through it
# The bounding rect starts 2 above the tag and is this tall: the tag and the figure.
BOUNDS_OVER_TAG = 2
BOUNDS_H = 124


class HelperItem(Writer, QGraphicsItem):
    """A smaller figure behind the counter, labelled with the kind of worker and its job."""

    def __init__(self, job: int, kind: str, function: str, task: int | None) -> None:
        super().__init__()
        self.drawn = []
        self.job, self.kind, self.function = job, kind, function
        self.owner = palette.customer_colour(task) if task else QColor("#9e9e9e")
        self.setZValue(HELPER_Z)
        self.setToolTip(f"worker {kind} running {function}() for run_in_executor (no event loop)")

    def boundingRect(self) -> QRectF:
        line = line_height(font(bold=True))
        top = TAG_BOTTOM - line - (TAG_EXTRA_H + BOUNDS_OVER_TAG)
        return QRectF(-TAG_W / 2, top, TAG_W, BOUNDS_H)

    def paint(self, p: QPainter, _o: QStyleOptionGraphicsItem, _w: QWidget | None = None) -> None:
        self.start_writing()
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        apron = APRON.get(self.kind, APRON["thread"])
        p.setPen(QPen(apron.darker(130), 2))
        p.setBrush(apron)
        body = QRectF(-BODY_W / 2, -BODY_H, BODY_W, BODY_H)
        p.drawRoundedRect(body, BODY_ROUNDING, BODY_ROUNDING)
        p.setBrush(QColor("#f2c49b"))
        p.setPen(QPen(QColor("#d9a77f"), 1.5))
        p.drawEllipse(QPointF(0, HEAD_Y), HEAD_R, HEAD_R)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(self.owner)
        p.drawEllipse(QPointF(0, ORDER_DOT_Y), ORDER_DOT_R, ORDER_DOT_R)
        line = line_height(font(bold=True))
        tag = QRectF(-TAG_W / 2, TAG_BOTTOM - line - TAG_EXTRA_H, TAG_W, line + TAG_EXTRA_H)
        p.setBrush(TAG_PAPER)
        p.setPen(QPen(apron.darker(150), 1))
        p.drawRoundedRect(tag, TAG_ROUNDING, TAG_ROUNDING)
        self.write(
            p,
            tag,
            self.kind,
            font(bold=True),
            QColor("#222222"),
            QColor("#ffffff"),
            Qt.AlignmentFlag.AlignCenter,
        )
