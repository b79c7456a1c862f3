"""The crowd layer: every customer of a crowd drawn in one paint, a few calls per colour.

Thousands of customer items each painting themselves cost Qt a Python call apiece every
frame (130 ms for 10,000). In a crowd the items stay, invisible, for clicks, drags and
tooltips, and this one item draws them all: a capsule per customer, batched by colour
into one `drawLines` call, and a dot per buzzer the same way.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from coffeeshop_gui.model.state import CustomerState
from coffeeshop_gui.ui import layout, palette
from coffeeshop_gui.ui.items.buzzer import SIZE as BUZZER_SIZE
from coffeeshop_gui.ui.items.buzzer import BuzzerItem
from coffeeshop_gui.ui.items.customer import HEIGHT, TOKEN_LETTERS, WIDTH, CustomerItem
from coffeeshop_gui.ui.theme import theme

BUZZER_RIM = QColor("#1d2023")
FAULTS = (CustomerState.FAILED, CustomerState.CANCELLED)
RIM_PIXELS = 8.0  # a token narrower than this on screen is drawn without its rim
CROWD_Z = 10.0  # above the floor and its props, with the customers


class CrowdLayer(QGraphicsItem):
    """Draws the customers and buzzers that are tokens (`item.token`) of a crowd."""

    def __init__(
        self, customers: Mapping[int, CustomerItem], buzzers: Mapping[int, BuzzerItem]
    ) -> None:
        super().__init__()
        self._customers, self._buzzers = customers, buzzers
        self.setZValue(CROWD_Z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # clicks go to the items

    def _selected(self) -> list[CustomerItem]:
        scene = self.scene()
        picked = scene.selectedItems() if scene is not None else []
        return [i for i in picked if isinstance(i, CustomerItem)]

    def boundingRect(self) -> QRectF:
        return layout.SCENE.adjusted(-100, -100, 100, 100)

    def paint(self, p: QPainter, o: QStyleOptionGraphicsItem, _w: QWidget | None = None) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        view_scale = p.worldTransform().m11()
        fills: dict[tuple[int, float], list[QLineF]] = {}
        rims: dict[tuple[int, float], list[QLineF]] = {}
        lettered: list[CustomerItem] = []
        faults: list[CustomerItem] = []
        for item in self._customers.values():
            if not item.token:
                continue
            capsule, s = item.capsule(), item.scale()
            fill, rim = item.token_rgba
            fills.setdefault((fill, s), []).append(capsule)
            rims.setdefault((rim, s), []).append(capsule)
            if view_scale * s >= TOKEN_LETTERS:
                lettered.append(item)
            elif item.state in FAULTS:
                faults.append(item)
        selected = [i for i in self._selected() if i.token]
        cap = Qt.PenCapStyle.RoundCap
        for (rgba, s), lines in rims.items():
            if view_scale * WIDTH * s < RIM_PIXELS:
                continue  # too small for a rim to show: tokens have gaps between them
            p.setPen(QPen(QColor.fromRgba(rgba), (WIDTH + 6) * s, Qt.PenStyle.SolidLine, cap))
            p.drawLines(lines)
        for (rgba, s), lines in fills.items():
            p.setPen(QPen(QColor.fromRgba(rgba), WIDTH * s, Qt.PenStyle.SolidLine, cap))
            p.drawLines(lines)
        self._paint_faults(p, faults, view_scale)
        for item in selected:
            s, at = item.scale(), item.pos()
            p.setPen(QPen(theme().colour("ink"), 4 * s / max(s, 0.25)))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawEllipse(QPointF(at.x(), at.y() - HEIGHT / 2 * s), WIDTH * s, HEIGHT / 2 * s + 4)
        for item in lettered:
            p.save()
            p.translate(item.pos())
            p.scale(item.scale(), item.scale())
            item.paint_letter(p)
            p.restore()
        self._paint_buzzers(p, view_scale)

    def _paint_faults(self, p: QPainter, faults: list[CustomerItem], view_scale: float) -> None:
        """A cross on a failed token, a bar on a cancelled one: too small for a letter, a
        fault must still not be told by its colour alone."""
        marks: dict[float, list[QLineF]] = {}  # by the token's scale, which sets the stroke
        for item in faults:
            s = item.scale()
            centre, r = item.capsule().center(), WIDTH / 2 * s * 0.6
            lines = marks.setdefault(s, [])
            if item.state is CustomerState.FAILED:
                lines.append(QLineF(centre + QPointF(-r, -r), centre + QPointF(r, r)))
                lines.append(QLineF(centre + QPointF(-r, r), centre + QPointF(r, -r)))
            else:
                lines.append(QLineF(centre + QPointF(-r, 0), centre + QPointF(r, 0)))
        for s, lines in marks.items():
            width = max(1.5 / view_scale, WIDTH * 0.16 * s)
            p.setPen(QPen(QColor("white"), width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
            p.drawLines(lines)

    def _paint_buzzers(self, p: QPainter, view_scale: float) -> None:
        """A buzzer in a crowd is its light only: dark while pending, lit when done."""
        dots: dict[tuple[bool, float], list[QPointF]] = {}
        for buzzer in self._buzzers.values():
            if buzzer.token:
                dots.setdefault((buzzer.lit, buzzer.scale()), []).append(buzzer.dot())
        cap = Qt.PenCapStyle.RoundCap
        # On a dark floor a dark (pending) buzzer needs a light rim, however small, to be seen.
        dark_floor = theme().colour("floor").lightness() < 128
        rim = QColor(theme().colour("muted")) if dark_floor else BUZZER_RIM
        for (lit, s), points in dots.items():
            width = BUZZER_SIZE * 0.8 * s
            if dark_floor or view_scale * width >= RIM_PIXELS:
                edge = max(1.5 * s, 0.8 / view_scale)  # under a pixel: a hint, not a ring
                p.setPen(QPen(rim, width + 2 * edge, Qt.PenStyle.SolidLine, cap))
                p.drawPoints(points)
            colour = palette.BUZZER_LIT if lit else palette.BUZZER_DARK
            p.setPen(QPen(colour, width, Qt.PenStyle.SolidLine, cap))
            p.drawPoints(points)
