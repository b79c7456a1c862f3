"""Save the window as it is now, for a slide: a PNG (pixels, as on screen) or an SVG.

The SVG is the same painting recorded as drawing commands (QtSvg's QSvgGenerator, part of
PySide6-Essentials): text stays text and shapes stay sharp at any size on a slide.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QFileDialog, QWidget

PICTURE_FORMATS = {".png": "PNG image (*.png)", ".svg": "SVG drawing (*.svg)"}


def save_picture(widget: QWidget, path: str | Path) -> str | None:
    """Write `widget` as drawn now to `path` (.png or .svg); None, or why it could not."""
    target = Path(path)
    kind = target.suffix.lower()
    if kind not in PICTURE_FORMATS:
        return f"{target.name}: a picture is saved as .png or .svg"
    if kind == ".png":
        return None if widget.grab().save(str(target), "PNG") else f"could not write {target}"
    return _save_svg(widget, target)


def _save_svg(widget: QWidget, target: Path) -> str | None:
    from PySide6.QtSvg import QSvgGenerator  # only when asked for: not at every start

    try:  # QSvgGenerator reports nothing: see first whether the file can be written
        with open(target, "ab"):
            pass
    except OSError as exc:
        return f"could not write {target} ({exc.strerror})"
    size = widget.size()
    generator = QSvgGenerator()
    generator.setFileName(str(target))
    generator.setSize(QSize(size))
    generator.setViewBox(QRect(0, 0, size.width(), size.height()))
    generator.setTitle(widget.windowTitle())
    generator.setDescription("Coffee Shop asyncio: the shop as it was when this was saved")
    painter = QPainter(generator)
    try:
        widget.render(painter, QPoint(0, 0))
    finally:
        painter.end()
    return None


def ask_and_save(widget: QWidget, suggested: str) -> str | None:
    """Ask where to save the picture (PNG or SVG, by the name or the filter chosen) and save
    it; a sentence for the status bar, or None if the person changed their mind."""
    path, chosen = QFileDialog.getSaveFileName(
        widget, "Save picture", suggested, ";;".join(PICTURE_FORMATS.values())
    )
    if not path:
        return None
    if Path(path).suffix.lower() not in PICTURE_FORMATS:  # the filter says which, not the name
        path += ".svg" if chosen == PICTURE_FORMATS[".svg"] else ".png"
    refused = save_picture(widget, path)
    return f"Not saved: {refused}" if refused else f"Saved the picture as {path}"
