"""The saved-spot card: the selected customer's parked frame (line, await chain, locals).

The card scrolls: in asyncio's own words (step 2) it holds a Task, a Future, the await chain
and the handshake, more than its corner of the window shows at a projector's size.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea

from coffeeshop_gui.model.state import Customer
from coffeeshop_gui.ui.readouts import card_mood, saved_spot_card
from coffeeshop_gui.ui.theme import theme

CARD_TEXT_PX = 15  # the card's text at zoom 1, in pixels (at least 14, to read from the back)
MIN_HEIGHT = 100  # pixels: the code above may take the rest, but a few lines stay in view


class SavedSpotCard(QScrollArea):
    """Greyed while its customer waits, glowing for a moment when the customer is served again."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("card")
        self.label = QLabel()
        self.label.setObjectName("card_text")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.setWidget(self.label)
        self.setWidgetResizable(True)  # the label takes the card's width and wraps to it
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMinimumHeight(MIN_HEIGHT)
        self.zoom = 1.0
        self._customer: int | None = None

    def text(self) -> str:
        """The card's rich text, whole, however much of it is scrolled out of view."""
        return self.label.text()

    def show_customer(
        self,
        customer: Customer | None,
        terms: list[tuple[str, str]] | None,
        served_at: float | None,
    ) -> None:
        text = saved_spot_card(customer, terms)
        if text != self.label.text():
            self.label.setText(text)
        who = customer.id if customer is not None else None
        if who != self._customer:  # another customer's card is read from its top
            self._customer = who
            self.verticalScrollBar().setValue(0)
        self.setProperty("mood", card_mood(customer, served_at))
        self.restyle(self.zoom)

    def restyle(self, zoom: float) -> None:
        self.zoom = zoom
        look = theme()
        mood = self.property("mood") or "normal"
        background, ink, border = {
            "waiting": (look.panel, look.muted, look.card_border),  # greyed: a frame at rest
            "relinked": (look.card, look.card_ink, "#ffc20a"),  # just served again
        }.get(mood, (look.card, look.card_ink, look.card_border))
        sheet = (
            f"QScrollArea#card {{ background: {background}; border: 3px solid {border};"
            f" border-radius: 6px; }}"
            f" QScrollArea#card > QWidget {{ background: {background}; }}"
            f" QLabel#card_text {{ background: {background}; color: {ink}; padding: 8px;"
            f" font-size: {CARD_TEXT_PX * zoom:.0f}px; }}"
        )
        if sheet != self.styleSheet():  # restyling costs a style pass; a frame asks each time
            self.setStyleSheet(sheet)
