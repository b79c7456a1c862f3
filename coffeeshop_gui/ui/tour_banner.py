"""The tour's caption: which step of seven, its title, and a few plain sentences, large."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from coffeeshop_gui.lessons import Lesson
from coffeeshop_gui.ui.theme import theme

CAPTION_PX = 17  # the step's sentences, at zoom 1
KEYS_PX = 14  # the reminder of the keys beside its title


class TourBanner(QLabel):
    """Big enough to read from the back of a room; hidden outside the tour."""

    def __init__(self) -> None:
        super().__init__()
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.lesson: Lesson | None = None
        self._text = ""
        self.zoom = 1.0
        self.hide()

    def show_step(self, lesson: Lesson, number: int, total: int) -> None:
        self.lesson = lesson
        lines = " ".join(escape(line) for line in lesson.captions)
        keys = "PageDown/↓ next · PageUp/↑ back · Ctrl+R again · T leave"
        self._text = (
            f"<b>Step {number} of {total} · {escape(lesson.title)}</b>"
            f"<span style='font-size:{KEYS_PX * self.zoom:.0f}px'> &nbsp; {keys}</span><br>{lines}"
        )
        self.setText(self._text)
        self.show()

    def show_verdict(self, verdict: str) -> None:
        """Add what this run measured to the step's fixed captions."""
        self.setText(f"{self._text}<br><b>{escape(verdict)}</b>")

    def restyle(self, zoom: float) -> None:
        self.zoom = zoom
        look = theme()
        self.setStyleSheet(
            f"QLabel {{ background: {look.captions}; color: {look.captions_ink};"
            f" padding: 6px 14px; font-size: {CAPTION_PX * zoom:.0f}px; border-radius: 6px; }}"
        )
