"""The light that reaches a buzzer as its Future is done, drawn from where it was done.

In asyncio's words: the callback that completed the Future ran here. A timer's (the
`call_later` behind `asyncio.sleep`) runs in the espresso machine, a reader's or writer's
(the selector saw a socket or pipe ready) at the hatch, on the line it came in on, and an
executor job's Future is done by the worker that ran it. Where is read from the log
(`Customer.lit_from`), never guessed from the program.
"""

from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QRadialGradient
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from coffeeshop_gui.ui import palette

LIGHT_SECONDS = 0.9  # real seconds the light takes from its source to the buzzer
GLOW = 16.0  # radius of the travelling light
PLACES = {"machine": "the espresso machine", "hatch": "the hatch", "helper": "the worker"}
# Over the buzzers (12) it travels to.
LIGHT_Z = 13
# The beam behind the light: the lit colour, a little see-through, a thick round-capped line.
BEAM_ALPHA, BEAM_PEN = 170, 5
SOURCE_R = 6  # the lit dot at the source, while the light is on its way


class LightItem(QGraphicsItem):
    """A glow travelling from `start` (its source) to a buzzer, with its beam behind it."""

    def __init__(self, task_id: int, source: str, start: QPointF) -> None:
        super().__init__()
        self.task_id, self.source, self.start = task_id, source, QPointF(start)
        self.head = QPointF(start)
        self.age = 0.0
        self.setZValue(LIGHT_Z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setToolTip(f"the Future was done at {PLACES.get(source, source)}")

    def travel(self, goal: QPointF, share: float | None = None) -> None:
        """Move the head along the way to `goal`: as far as the light's age says, or
        `share` of the way (1.0: there, the beam drawn whole)."""
        if share is None:
            share = min(1.0, self.age / LIGHT_SECONDS)
        self.prepareGeometryChange()
        self.head = self.start + (goal - self.start) * share

    @property
    def arrived(self) -> bool:
        return self.age >= LIGHT_SECONDS

    def boundingRect(self) -> QRectF:
        return QRectF(self.start, self.head).normalized().adjusted(-GLOW, -GLOW, GLOW, GLOW)

    def paint(self, p: QPainter, _o: QStyleOptionGraphicsItem, _w: QWidget | None = None) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        beam = QColor(palette.BUZZER_LIT)
        beam.setAlpha(BEAM_ALPHA)
        p.setPen(QPen(beam, BEAM_PEN, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.drawLine(QLineF(self.start, self.head))
        glow = QRadialGradient(self.head, GLOW)
        glow.setColorAt(0.0, palette.BUZZER_LIT)
        glow.setColorAt(1.0, palette.BUZZER_GLOW_EDGE)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(glow)
        p.drawEllipse(self.head, GLOW, GLOW)
        p.setBrush(palette.BUZZER_LIT)
        p.drawEllipse(self.start, SOURCE_R, SOURCE_R)
