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
TINY_PIXELS = 3.0  # a token narrower than this on screen is a plain box: no curve shows
Batch = tuple[int, float]  # a colour (rgba) and a scale: drawn with one pen
CROWD_Z = 10.0  # above the floor and its props, with the customers


class CrowdLayer(QGraphicsItem):
    """Draws the customers and buzzers that are tokens (`item.token`) of a crowd.

    Its batches are kept between paints: an item that moves, resizes, changes state or
    leaves names itself in `stale` (or `stale_buzzers`), and a paint regroups only those.
    A rush changes hundreds of tokens a frame, not all ten thousand.
    """

    def __init__(
        self, customers: Mapping[int, CustomerItem], buzzers: Mapping[int, BuzzerItem]
    ) -> None:
        super().__init__()
        self._customers, self._buzzers = customers, buzzers
        self.stale: set[int] = set()  # task ids whose token changed since the last paint
        self.stale_buzzers: set[int] = set()  # task ids whose buzzer changed
        self._drawn: dict[int, tuple[Batch, Batch]] = {}  # task -> its fill and rim batches
        self._fills: dict[Batch, dict[int, QLineF]] = {}  # (rgba, scale) -> capsules
        self._rims: dict[Batch, dict[int, QLineF]] = {}
        self._faults: set[int] = set()
        self._lit: dict[int, tuple[bool, float]] = {}  # task -> its buzzer's batch
        self._dots: dict[tuple[bool, float], dict[int, QPointF]] = {}
        self.setZValue(CROWD_Z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # clicks go to the items

    def _selected(self) -> list[CustomerItem]:
        scene = self.scene()
        picked = scene.selectedItems() if scene is not None else []
        return [i for i in picked if isinstance(i, CustomerItem)]

    def boundingRect(self) -> QRectF:
        return layout.SCENE.adjusted(-100, -100, 100, 100)

    def _regroup(self) -> None:
        """Move each stale token to the batches it belongs to now (or out of them)."""
        for tid in self.stale:
            was = self._drawn.pop(tid, None)
            if was is not None:
                _drop(self._fills, was[0], tid)
                _drop(self._rims, was[1], tid)
                self._faults.discard(tid)
            item = self._customers.get(tid)
            if item is None or not item.token:
                continue
            capsule, s = item.capsule(), item.scale()
            fill, rim = item.token_rgba
            self._fills.setdefault((fill, s), {})[tid] = capsule
            self._rims.setdefault((rim, s), {})[tid] = capsule
            self._drawn[tid] = ((fill, s), (rim, s))
            if item.state in FAULTS:
                self._faults.add(tid)
        self.stale.clear()
        for tid in self.stale_buzzers:
            was_lit = self._lit.pop(tid, None)
            if was_lit is not None:
                _drop(self._dots, was_lit, tid)
            buzzer = self._buzzers.get(tid)
            if buzzer is None or not buzzer.token:
                continue
            batch = (buzzer.lit, buzzer.scale())
            self._dots.setdefault(batch, {})[tid] = buzzer.dot()
            self._lit[tid] = batch
        self.stale_buzzers.clear()

    def paint(self, p: QPainter, o: QStyleOptionGraphicsItem, _w: QWidget | None = None) -> None:
        self._regroup()
        view_scale = p.worldTransform().m11()
        for (rgba, s), capsules in self._rims.items():
            if view_scale * WIDTH * s < RIM_PIXELS:
                continue  # too small for a rim to show: tokens have gaps between them
            self._stroke(p, rgba, (WIDTH + 6) * s, view_scale * WIDTH * s, capsules)
        for (rgba, s), capsules in self._fills.items():
            self._stroke(p, rgba, WIDTH * s, view_scale * WIDTH * s, capsules)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        customers = self._customers
        lettered = [
            item
            for (_rgba, s), capsules in self._fills.items()
            if view_scale * s >= TOKEN_LETTERS
            for item in map(customers.get, capsules)
            if item is not None
        ]
        faults = [
            item
            for item in map(customers.get, self._faults)
            if item is not None and view_scale * item.scale() < TOKEN_LETTERS
        ]
        self._paint_faults(p, faults, view_scale)
        for item in [i for i in self._selected() if i.token]:
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

    @staticmethod
    def _stroke(
        p: QPainter, rgba: int, width: float, on_screen: float, capsules: dict[int, QLineF]
    ) -> None:
        """Capsules as one `drawLines`: round and smoothed, or, a few pixels wide on screen,
        square and plain (the same box to the eye, at a quarter of the cost)."""
        tiny = on_screen < TINY_PIXELS
        p.setRenderHint(QPainter.RenderHint.Antialiasing, not tiny)
        cap = Qt.PenCapStyle.SquareCap if tiny else Qt.PenCapStyle.RoundCap
        p.setPen(QPen(QColor.fromRgba(rgba), width, Qt.PenStyle.SolidLine, cap))
        p.drawLines(list(capsules.values()))

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
        # On a dark floor a dark (pending) buzzer needs a light rim, however small, to be seen.
        dark_floor = theme().colour("floor").lightness() < 128
        rim = QColor(theme().colour("muted")) if dark_floor else BUZZER_RIM
        for (lit, s), dots in self._dots.items():
            points = list(dots.values())
            width = BUZZER_SIZE * 0.8 * s
            tiny = view_scale * width < TINY_PIXELS  # a square of a few pixels: no curve shows
            cap = Qt.PenCapStyle.SquareCap if tiny else Qt.PenCapStyle.RoundCap
            p.setRenderHint(QPainter.RenderHint.Antialiasing, not tiny)
            if dark_floor or view_scale * width >= RIM_PIXELS:
                edge = max(1.5 * s, 0.8 / view_scale)  # under a pixel: a hint, not a ring
                p.setPen(QPen(rim, width + 2 * edge, Qt.PenStyle.SolidLine, cap))
                p.drawPoints(points)
            colour = palette.BUZZER_LIT if lit else palette.BUZZER_DARK
            p.setPen(QPen(colour, width, Qt.PenStyle.SolidLine, cap))
            p.drawPoints(points)


def _drop(batches: dict, batch: object, tid: int) -> None:
    group = batches.get(batch)
    if group is not None:
        group.pop(tid, None)
        if not group:
            del batches[batch]
