"""The tour's caption: which step of seven, its title, and one plain sentence at a time,
large (all of a step's sentences at once, for a step whose captions have no cues)."""

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
        self.caption = 0  # the caption on now, for a step with cues
        self._heading = (0, 0)  # step number, of how many
        self._verdict = ""
        self.zoom = 1.0
        self.hide()

    def show_step(self, lesson: Lesson, number: int, total: int) -> None:
        """Show the step's title and its first caption (all of them, if it has no cues)."""
        self.lesson = lesson
        self._heading = (number, total)
        self.caption = 0
        self._verdict = ""
        self._show()
        self.show()

    def show_caption(self, index: int) -> None:
        """Show the step's caption `index` alone: its program has reached that moment."""
        if self.lesson is not None and index != self.caption:
            self.caption = index
            self._show()

    def show_verdict(self, verdict: str) -> None:
        """Add what this run measured to the step's fixed captions."""
        self._verdict = verdict
        self._show()

    def _show(self) -> None:
        lesson = self.lesson
        if lesson is None:
            return
        number, total = self._heading
        keys = "PageDown/↓ next · PageUp/↑ back · Ctrl+R again · T leave"
        if lesson.cues:
            lines = escape(lesson.captions[self.caption])
            keys = f"{self.caption + 1}/{len(lesson.captions)} · {keys}"
        else:
            lines = " ".join(escape(line) for line in lesson.captions)
        verdict = f"<br><b>{escape(self._verdict)}</b>" if self._verdict else ""
        self.setText(
            f"<b>Step {number} of {total} · {escape(lesson.title)}</b>"
            f"<span style='font-size:{KEYS_PX * self.zoom:.0f}px'> &nbsp; {keys}</span>"
            f"<br>{lines}{verdict}"
        )

    def restyle(self, zoom: float) -> None:
        self.zoom = zoom
        look = theme()
        self.setStyleSheet(
            f"QLabel {{ background: {look.captions}; color: {look.captions_ink};"
            f" padding: 6px 14px; font-size: {CAPTION_PX * zoom:.0f}px; border-radius: 6px; }}"
        )
        self._show()  # the keys line is sized by zoom too
