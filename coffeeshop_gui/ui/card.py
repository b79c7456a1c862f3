"""The saved-spot card: the selected customer's parked frame (line, await chain, locals)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from coffeeshop_gui.model.state import Customer
from coffeeshop_gui.ui.readouts import card_mood, saved_spot_card
from coffeeshop_gui.ui.theme import theme


class SavedSpotCard(QLabel):
    """Greyed while its customer waits, glowing for a moment when the customer is served again."""

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setMinimumHeight(100)
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.zoom = 1.0

    def show_customer(
        self,
        customer: Customer | None,
        terms: list[tuple[str, str]] | None,
        served_at: float | None,
    ) -> None:
        self.setText(saved_spot_card(customer, terms))
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
            f"QLabel {{ background: {background}; color: {ink}; border: 3px solid {border};"
            f" border-radius: 6px; padding: 8px; font-size: {14 * zoom:.0f}px; }}"
        )
        if sheet != self.styleSheet():  # restyling costs a style pass; a frame asks each time
            self.setStyleSheet(sheet)
