"""A still piece of the shop drawn from an SVG: counter, cashier, espresso machine, table, door."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from coffeeshop_gui.ui.assets import renderer


class Prop(QGraphicsItem):
    """Paints `assets/<name>.svg` into a `width` x `height` box."""

    def __init__(self, name: str, width: float, height: float) -> None:
        super().__init__()
        self.name = name
        self._rect = QRectF(0, 0, width, height)
        self._renderer = renderer(name)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(
        self, painter: QPainter, _o: QStyleOptionGraphicsItem, _w: QWidget | None = None
    ) -> None:
        self._renderer.render(painter, self._rect)
