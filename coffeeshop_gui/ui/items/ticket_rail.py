"""The loop's ready queue as order tickets on a rail above the counter, next in line leftmost."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from coffeeshop_gui.ui.theme import theme

TICKET_W, TICKET_H, GAP = 46.0, 44.0, 4.0
HEADER_FONT = QFont("DejaVu Sans", 8, QFont.Weight.Bold)
HEADER_GAP = 10.0  # between the queue's length and the last turn


@dataclass(frozen=True)
class Ticket:
    """One Handle in the ready queue: whose it is and what kind of turn it asks for."""

    label: str
    kind: str  # "start", "step", "wake-up", "timer", "callback"
    colour: str | None = None


class TicketRail(QGraphicsItem):
    """Draws `loop.ready` as it is (the real deque), and the turn the cashier took last."""

    def __init__(self, width: float) -> None:
        super().__init__()
        self._rect = QRectF(0, 0, width, 18 + TICKET_H + 6)
        self.tickets: list[Ticket] = []  # the first few handles of the ready queue
        self.waiting = 0  # how many handles the ready queue holds in all
        self.last: Ticket | None = None

    def show(self, tickets: list[Ticket], last: Ticket | None, waiting: int) -> None:
        """`tickets`: the queue's first few; `waiting`: its whole length, as the status says."""
        waiting = max(waiting, len(tickets))
        if tickets != self.tickets or last != self.last or waiting != self.waiting:
            self.tickets, self.last, self.waiting = tickets, last, waiting
            self.update()

    def boundingRect(self) -> QRectF:
        return self._rect

    def header(self) -> tuple[str, str]:
        """The line above the tickets: the queue's length, and the last turn in the room
        left beside it (a rush's count is long, and so are its customers' names)."""
        metrics = QFontMetricsF(HEADER_FONT)
        count = f"READY QUEUE: {self.waiting:,}"
        if self.last is None:
            return count, ""
        label, kind = _elided(metrics, self.last.label, 100), _elided(metrics, self.last.kind, 90)
        last = f"last: {label} {kind}"
        room = self._rect.width() - metrics.horizontalAdvance(count) - HEADER_GAP
        return count, _elided(metrics, last, room)

    def paint(self, p: QPainter, _o: QStyleOptionGraphicsItem, _w: QWidget | None = None) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        look = theme()
        p.setPen(QPen(look.colour("trim"), 3))
        p.drawLine(0, 16, int(self._rect.width()), 16)
        p.setPen(look.colour("ink"))
        p.setFont(HEADER_FONT)
        count, last = self.header()
        header = QRectF(0, 0, self._rect.width(), 14)
        p.drawText(header, Qt.AlignmentFlag.AlignLeft, count)
        p.drawText(header, Qt.AlignmentFlag.AlignRight, last)
        fits = int((self._rect.width() + GAP) // (TICKET_W + GAP))
        shown = self.tickets if self.waiting <= fits else self.tickets[: fits - 1]
        for i, ticket in enumerate(shown):
            self._paint_ticket(p, ticket, QRectF(i * (TICKET_W + GAP), 20, TICKET_W, TICKET_H))
        if len(shown) < self.waiting:
            rest = QRectF(len(shown) * (TICKET_W + GAP), 20, TICKET_W, TICKET_H)
            p.setPen(look.colour("ink"))
            p.drawText(rest, Qt.AlignmentFlag.AlignCenter, f"+{self.waiting - len(shown):,}")

    def _paint_ticket(self, p: QPainter, ticket: Ticket, r: QRectF) -> None:
        p.setPen(QPen(QColor("#9e9e9e"), 1))
        p.setBrush(QColor("#fffdf5"))
        p.drawRect(r)
        band = QColor(ticket.colour) if ticket.colour else QColor("#9e9e9e")
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(band)
        p.drawRect(QRectF(r.left(), r.top(), r.width(), 8))
        p.setPen(QColor("#222222"))
        p.setFont(QFont("DejaVu Sans", 7, QFont.Weight.Bold))
        p.drawText(
            QRectF(r.left() + 2, r.top() + 9, r.width() - 4, 16),
            Qt.AlignmentFlag.AlignCenter,
            _elided(QFontMetricsF(p.font()), ticket.label, r.width() - 4),
        )
        p.setFont(QFont("DejaVu Sans", 7))
        p.drawText(
            QRectF(r.left() + 1, r.top() + 25, r.width() - 2, 16),
            Qt.AlignmentFlag.AlignCenter,
            _elided(QFontMetricsF(p.font()), ticket.kind, r.width() - 2),
        )


def _elided(metrics: QFontMetricsF, text: str, width: float) -> str:
    """`text` cut in the middle to fit: "latte #1234" keeps its number, "la…1234"."""
    return metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, width)
