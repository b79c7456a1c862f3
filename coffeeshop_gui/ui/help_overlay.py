"""The keys, shown over the window (F1 or ?): the same list the shortcuts are made from.

Some thirty commands do not fit one column at 1024x768: the list is laid out in as many
columns as the window's width holds, and scrolls if even those are taller than the window.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

TEXT_PX = 17  # the keys' text (at least 14, to read from the back)
COLUMN_PX = 480  # the room a column of keys and what they do needs before it wraps badly
MAX_COLUMNS = 3
# Over the whole window: a near-black brown, nearly opaque, so that the keys read on it and
# the window still shows faintly through.
SHADE = QColor(20, 16, 12, 215)


def columns_for(width: int) -> int:
    """How many columns of keys a sheet `width` pixels wide holds."""
    return max(1, min(MAX_COLUMNS, width // COLUMN_PX))


class HelpOverlay(QWidget):
    """A dimmed sheet listing every shortcut; any click or Escape closes it."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._covers = parent  # the widget the sheet dims, all of it
        self.text = QLabel()
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setWordWrap(True)
        self.text.setStyleSheet(f"QLabel {{ color: white; font-size: {TEXT_PX}px; }}")
        self.text.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.scroller = QScrollArea()
        self.scroller.setWidget(self.text)
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setStyleSheet(
            "QScrollArea, QScrollArea > QWidget > QWidget { background: transparent; }"
        )
        column = QVBoxLayout(self)
        column.addWidget(self.scroller)
        self.rows: list[tuple[str, str]] = []
        self.columns = 1
        self.hide()

    def show_keys(self, rows: list[tuple[str, str]]) -> None:
        """`rows`: (keys, what they do), in the order they are listed."""
        self.rows = rows
        self.setGeometry(self._covers.rect())
        self.columns = columns_for(self.width())
        per_column = -(-len(rows) // self.columns)
        tables = []
        for start in range(0, len(rows), per_column):
            body = "".join(
                f"<tr><td align='right' style='padding:3px 12px; color:#ffc20a'><b>{escape(k)}</b>"
                f"</td><td style='padding:3px'>{escape(v)}</td></tr>"
                for k, v in rows[start : start + per_column]
            )
            tables.append(f"<td valign='top'><table>{body}</table></td>")
        self.text.setText(
            f"<h2>Keys</h2><table><tr>{''.join(tables)}</tr></table><p>Esc or click to close</p>"
        )
        self.raise_()
        self.show()

    def paintEvent(self, _event: QPaintEvent) -> None:
        QPainter(self).fillRect(self.rect(), SHADE)

    def mousePressEvent(self, _event: QMouseEvent) -> None:
        self.hide()
