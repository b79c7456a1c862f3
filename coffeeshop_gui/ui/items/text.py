"""Text in the shop: sized in scene units for the back row, and noted where it lands.

The floor is fitted to its view, so a size in scene units becomes pixels by the view's scale.
The narrowest view the window gives the floor (beside the code, at 1024x768) shows it at
about 0.59 scale: TEXT_PX keeps every word at 14 px or more there, and larger everywhere else.
The presenter's zoom does not: the floor has one layout, and larger words would collide
(the panels beside it do grow with the zoom).

Every item that draws text keeps what it drew last in `drawn` (the words, where they landed,
in what size and colours), so a layout test can check sizes, overlaps, clipping and contrast
from the real paint, not from a copy of its rules.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter

TEXT_PX = 24.0  # labels, captions, board rows: scene units at zoom 1
TITLE_PX = 25.0  # board titles


@dataclass(frozen=True, slots=True)
class Drawn:
    """One run of text as painted: `box` is where its glyphs landed and `slot` the room it
    was given (item coordinates), `size` its font's pixel size in item units."""

    text: str
    box: QRectF
    slot: QRectF
    size: float
    ink: QColor
    ground: QColor | None  # what it is drawn on; None: the shop floor


def font(size: float = TEXT_PX, *, bold: bool = False, mono: bool = False) -> QFont:
    """A font `size` scene units tall."""
    return _font(round(size), bold, mono)


@functools.lru_cache(maxsize=64)
def _font(pixels: int, bold: bool, mono: bool) -> QFont:
    made = QFont("DejaVu Sans Mono" if mono else "DejaVu Sans")
    made.setPixelSize(max(1, pixels))
    if bold:
        made.setWeight(QFont.Weight.Bold)
    return made


@functools.lru_cache(maxsize=64)
def metrics(made: QFont) -> QFontMetricsF:
    return QFontMetricsF(made)


def fitted(text: str, made: QFont, width: float, mode: Qt.TextElideMode) -> str:
    """`text` shortened with "…" to fit `width`, if it must be."""
    return metrics(made).elidedText(text, mode, width)


class Writer:
    """A mixin for items that draw text: `write` draws a run and notes it in `drawn`."""

    drawn: list[Drawn]

    def start_writing(self) -> None:
        """Call at the top of `paint`: what was drawn before is gone."""
        self.drawn = []

    def write(
        self,
        p: QPainter,
        slot: QRectF,
        text: str,
        made: QFont,
        ink: QColor,
        ground: QColor | None = None,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignCenter,  # with a vertical part
        elide: Qt.TextElideMode = Qt.TextElideMode.ElideRight,
    ) -> QRectF:
        """Draw `text` in `slot`, shortened with "…" if it does not fit; the box it took."""
        shown = fitted(text, made, slot.width(), elide)
        p.setFont(made)
        p.setPen(ink)
        box = p.drawText(slot, align, shown)
        self.drawn.append(Drawn(shown, box, QRectF(slot), made.pixelSize(), ink, ground))
        return box


def text_width(text: str, made: QFont) -> float:
    return metrics(made).horizontalAdvance(text)


def line_height(made: QFont) -> float:
    return metrics(made).height()
