"""A buzzer: the Future a customer awaits. Dark while pending, lit when it is done."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QRadialGradient
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from coffeeshop_gui.model.state import Customer, CustomerState
from coffeeshop_gui.ui import palette
from coffeeshop_gui.ui.items.customer import CROWD_DETAIL
from coffeeshop_gui.ui.items.light import PLACES

SIZE = 34.0
# Over its customer (10, items/customer.py), under the light that comes to it (13).
BUZZER_Z = 12
BODY, RIM = QColor("#55595e"), QColor("#1d2023")
RIM_PEN, ROUNDING = 2, 9
LIGHT_INSET = 5  # the light is a disc this far inside the buzzer's edge
# Drawn small (customers are tokens below CROWD_DETAIL), a buzzer is only its light: a disc
# most of its size, with a rim thick enough to see it by.
CROWD_LIGHT_SHARE = 0.8
CROWD_RIM_PEN = 3


class BuzzerItem(QGraphicsItem):
    """Draws one awaited Future; `lit` follows the folded state (the Future is done)."""

    def __init__(self, future_id: int) -> None:
        super().__init__()
        self.future_id = future_id
        self.lit = False
        self.source = ""  # where its light came from, while lit (see items/light.py)
        self.setZValue(BUZZER_Z)

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
        if o.levelOfDetailFromTransform(p.worldTransform()) < CROWD_DETAIL:
            p.setPen(QPen(RIM, CROWD_RIM_PEN))
            p.setBrush(palette.BUZZER_LIT if self.lit else palette.BUZZER_DARK)
            light = r * CROWD_LIGHT_SHARE
            p.drawEllipse(QPointF(0, 0), light, light)
            return
        if self.lit:
            glow = QRadialGradient(QPointF(0, 0), SIZE)
            glow.setColorAt(0.0, palette.BUZZER_GLOW)
            glow.setColorAt(1.0, palette.BUZZER_GLOW_EDGE)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(glow)
            p.drawEllipse(QPointF(0, 0), SIZE, SIZE)
        p.setPen(QPen(RIM, RIM_PEN))
        p.setBrush(BODY)
        p.drawRoundedRect(QRectF(-r, -r, SIZE, SIZE), ROUNDING, ROUNDING)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(palette.BUZZER_LIT if self.lit else palette.BUZZER_DARK)
        p.drawEllipse(QPointF(0, 0), r - LIGHT_INSET, r - LIGHT_INSET)


def holds_buzzer(c: Customer) -> bool:
    """A customer holds a buzzer while it awaits a Future (seated or woken in line), and
    while its buzzer is lit, until it is served."""
    return c.buzzer_lit or (
        c.future is not None and c.state in (CustomerState.WAITING, CustomerState.QUEUED)
    )
