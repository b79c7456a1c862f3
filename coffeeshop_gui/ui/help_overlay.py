"""The keys, shown over the window (F1 or ?): the same list the shortcuts are made from."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class HelpOverlay(QWidget):
    """A dimmed sheet listing every shortcut; any click or Escape closes it."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.text = QLabel()
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setStyleSheet("QLabel { color: white; font-size: 18px; }")
        column = QVBoxLayout(self)
        column.addWidget(self.text)
        self.rows: list[tuple[str, str]] = []
        self.hide()

    def show_keys(self, rows: list[tuple[str, str]]) -> None:
        """`rows`: (keys, what they do), in the order they are listed."""
        self.rows = rows
        body = "".join(
            f"<tr><td align='right' style='padding:4px 18px; color:#ffc20a'><b>{escape(k)}</b>"
            f"</td><td style='padding:4px'>{escape(v)}</td></tr>"
            for k, v in rows
        )
        self.text.setText(f"<h2>Keys</h2><table>{body}</table><p>Esc or click to close</p>")
        self.setGeometry(self.parentWidget().rect())
        self.raise_()
        self.show()

    def paintEvent(self, _event: QPaintEvent) -> None:
        QPainter(self).fillRect(self.rect(), QColor(20, 16, 12, 215))

    def mousePressEvent(self, _event: QMouseEvent) -> None:
        self.hide()
