"""The times a program measured and reported (`coffeeshop_gui.model.shop.report`), as bars.

A panel beside the code, not a board on the floor: it appears only when a program reports
times (the tour's step 4), and the floor keeps its room for the customers.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from coffeeshop_gui.ui import palette
from coffeeshop_gui.ui.theme import theme

TEXT_PX = 15  # at zoom 1
PAD = 8.0
LABEL_SHARE, TIME_SHARE = 0.45, 0.2  # of the width: the label, and "4.75 s"
ROW_EXTRA = 4  # a row a little taller than its text: the bars do not touch
# Any width: the panel takes its column's (its size policy ignores the hint's width).
HINT_W = 200
LABEL_GAP = 6  # a shortened label ends this far before its bar begins
TIME_GAP = 12  # the longest bar ends this far before its time
BAR_INSET_Y, BAR_ROUNDING = 5, 3  # a bar thinner than its row, above and below


class TimingsPanel(QWidget):
    """Each measured time as a bar against the longest, with its label and seconds."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, float]] = []
        self.zoom = 1.0
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setVisible(False)

    def _font(self, bold: bool = False) -> QFont:
        made = QFont("DejaVu Sans")
        made.setPixelSize(round(TEXT_PX * self.zoom))
        made.setBold(bold)
        return made

    def _row_height(self) -> float:
        return QFontMetricsF(self._font()).height() + ROW_EXTRA

    def show_times(self, measured: dict[str, float]) -> None:
        rows = list(measured.items())
        if rows != self.rows:
            self.rows = rows
            self.setVisible(bool(rows))
            self.setFixedHeight(self.sizeHint().height())
            self.update()

    def restyle(self, zoom: float) -> None:
        self.zoom = zoom
        self.setFixedHeight(self.sizeHint().height())
        self.update()

    def sizeHint(self) -> QSize:
        rows = len(self.rows) + 1  # and the title
        return QSize(HINT_W, round(rows * self._row_height() + 2 * PAD))

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        look = theme()
        p.fillRect(self.rect(), look.colour("board"))
        row = self._row_height()
        width = self.width() - 2 * PAD
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        p.setPen(look.colour("chalk"))
        p.setFont(self._font(bold=True))
        p.drawText(QRectF(PAD, PAD, width, row), left, "TIMINGS, measured on this machine")
        longest = max((s for _, s in self.rows), default=1.0) or 1.0
        p.setFont(self._font())
        metrics = QFontMetricsF(p.font())
        label_w, time_w = width * LABEL_SHARE, width * TIME_SHARE
        for i, (label, seconds) in enumerate(self.rows, start=1):
            top = PAD + i * row
            p.setPen(look.colour("chalk"))
            shown = metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_w - LABEL_GAP)
            p.drawText(QRectF(PAD, top, label_w, row), left, shown)
            room = width - label_w - time_w - TIME_GAP
            length = room * seconds / longest
            bar = QRectF(PAD + label_w, top + BAR_INSET_Y, length, row - 2 * BAR_INSET_Y)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(palette.BUZZER_LIT)
            p.drawRoundedRect(bar, BAR_ROUNDING, BAR_ROUNDING)
            p.setPen(look.colour("chalk"))
            p.drawText(QRectF(PAD + width - time_w, top, time_w, row), right, f"{seconds:.2f} s")
