"""The strip under the shop that says, in one sentence, what the loop just did.

The newest sentence comes first and is always shown whole; the one before it follows, dimmed,
only if the strip has room for it whole too. The strip keeps its height while sentences come
and go (a strip that jumped with every sentence would shake the window), and grows only when
one sentence in large type needs more rows than it has: a cut-off sentence says nothing.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy

from coffeeshop_gui.ui.theme import theme

ROWS = 2  # the strip's height, in lines, until a sentence needs more
KEPT = 2  # the sentences kept: the newest and the one before it
PAD_Y, PAD_X = 6, 14  # pixels around the text
SLACK = 2  # pixels past the lines and padding: the last line's descenders clear of the edge


class NarrationStrip(QLabel):
    """Shows the last sentences told; `tell` adds them, `restyle` follows zoom and theme."""

    def __init__(self) -> None:
        super().__init__()
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)  # a long sentence wraps: it never widens the window
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.sentences: list[str] = []

    def restyle(self, text_px: int) -> None:
        """Take the theme's colours and `text_px` type, and the steady height of ROWS lines."""
        look = theme()
        self.setStyleSheet(
            f"QLabel {{ background: {look.captions}; color: {look.captions_ink};"
            f" padding: {PAD_Y}px {PAD_X}px; font-size: {text_px}px; }}"
        )
        strip = QFont(self.font())
        strip.setPixelSize(text_px)
        self.setFixedHeight(ROWS * QFontMetrics(strip).lineSpacing() + 2 * PAD_Y + SLACK)
        self._show()

    def tell(self, *sentences: str) -> None:
        """Add sentences, oldest first; only the last KEPT are kept."""
        self.sentences = [*self.sentences, *sentences][-KEPT:]
        self._show()

    def restart(self, sentence: str) -> None:
        self.sentences = []
        self.tell(sentence)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._show()  # a narrower strip wraps the newest sentence onto more rows

    def _show(self) -> None:
        if not self.sentences:
            self.setText("")
            return
        newest, *before = reversed(self.sentences)
        # Measured as plain wrapped text, not by setting the label's text to try each: every
        # try laid the window out again, every frame that brought a new sentence.
        metrics = self.fontMetrics()
        room = self.contentsRect()
        shown = [newest]
        for sentence in before:
            trial = "\n".join([*shown, sentence])
            if metrics.boundingRect(room, Qt.TextFlag.TextWordWrap, trial).height() > room.height():
                break
            shown.append(sentence)
        self.setText(_lines(shown))
        # The label lays rich text out a little wider than plain text measures: its own
        # height for this width has the last word. Too tall: the newest alone, then grow.
        if len(shown) > 1 and self.heightForWidth(self.width()) > self.height():
            self.setText(_lines(shown[:1]))
        needed = self.heightForWidth(self.width())
        if needed > self.height():
            self.setFixedHeight(needed)


def _lines(sentences: list[str]) -> str:
    """The newest sentence, then the older ones dimmed."""
    newest, *older = sentences
    dim = theme().captions_dim
    return escape(newest) + "".join(
        f"<br><span style='color:{dim}'>{escape(s)}</span>" for s in older
    )
