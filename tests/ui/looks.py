"""What a viewer sees on screen: the colour of the shop at a point."""

from __future__ import annotations

from PySide6.QtGui import QColor


def pixel(shop, scene_point) -> QColor:
    """The colour the view shows at a point of the scene, read from a grab of the window."""
    view = shop.window.view
    image = view.viewport().grab().toImage()
    at = view.mapFromScene(scene_point)
    return QColor(image.pixel(at.x(), at.y()))


def close_to(a: QColor, b: QColor, tolerance: int = 12) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))


def distance(a: QColor, b: QColor) -> int:
    """How far apart two colours are (sum of the channel differences)."""
    return sum(abs(x - y) for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))
