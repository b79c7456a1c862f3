"""The coffee carried back: the value an `await` returns, on its way to the resumed customer.

It lands on the customer's tag (over its head) in the customer's colour, and covers it for
as long as it stays: the value belongs visibly to the one it was handed to.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from coffeeshop_gui.ui.items.text import Writer, font, line_height, text_width

CUP_W = 150.0  # the widest a cup's tag gets: a little wider than a "line N" tag
PAPER, INK = QColor("#fffdf5"), QColor("#222222")
# The tag's text is inset this much each side, clear of the rounded ends; the tag is the
# text's width plus EXTRA_W: both insets and a few units to spare, so no value is cut that fits.
TEXT_INSET = 6
EXTRA_W = 16
EXTRA_H = 2  # the tag a little taller than its line
EDGE_PEN, ROUNDING = 3, 8  # the edge in the customer's colour, thick enough to tell it by
EDGE_ROOM = 2  # the bounding rect reaches half the edge's pen past the tag, rounded up
# In front of everything on the floor: a cup is carried over the customers to a tag.
CUP_Z = 30


class CupItem(Writer, QGraphicsItem):
    """A tag with the value on it (shortened with "…"); it fades once delivered.

    Its origin is the middle of its bottom edge: placed there, it sits where the tag does.
    """

    def __init__(self, task_id: int, text: str, colour: QColor, made_at: float) -> None:
        super().__init__()
        self.drawn = []
        self.task_id = task_id
        self.made_at = made_at  # shop time the value was returned
        self.text = text
        self.colour = colour
        self.setZValue(CUP_Z)
        # Its size, once: Qt asks for the bounding rect at every paint and every move.
        made = font(mono=True)
        width = min(CUP_W, text_width(f"☕ {text}", made) + EXTRA_W)
        height = line_height(made) + EXTRA_H
        self._tag = QRectF(-width / 2, -height, width, height)

    def boundingRect(self) -> QRectF:
        room = EDGE_ROOM
        return self._tag.adjusted(-room, -room, room, room)

    def paint(self, p: QPainter, _o: QStyleOptionGraphicsItem, _w: QWidget | None = None) -> None:
        self.start_writing()
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        tag = self._tag
        p.setPen(QPen(self.colour, EDGE_PEN))
        p.setBrush(PAPER)
        p.drawRoundedRect(tag, ROUNDING, ROUNDING)
        slot = tag.adjusted(TEXT_INSET, 0, -TEXT_INSET, 0)
        self.write(
            p, slot, f"☕ {self.text}", font(mono=True), INK, PAPER, Qt.AlignmentFlag.AlignCenter
        )
