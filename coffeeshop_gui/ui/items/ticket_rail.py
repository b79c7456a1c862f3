"""The loop's ready queue as order tickets on a rail above the counter, next in line leftmost."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from coffeeshop_gui.ui.items.text import Writer, font, line_height, metrics
from coffeeshop_gui.ui.theme import theme

TICKET_W, GAP = 112.0, 6.0  # a ticket holds a name and a kind ("wake-up") in legible type
HEADER_GAP = 14.0  # between the queue's length and the last turn
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter
PAPER, PAPER_INK = QColor("#fffdf5"), QColor("#222222")
GREY = QColor("#9e9e9e")  # a ticket's edge, and the band of a handle no customer owns
# The rail: a rule RULE_DROP under the header, and the tickets hanging TICKETS_DROP under it;
# the item reaches BOTTOM_ROOM under the tickets (their edge's antialiasing).
RULE_DROP, RULE_PEN = 2, 3
TICKETS_DROP = 6
BOTTOM_ROOM = 4
# A ticket: its owner's colour as a band on top, then the name and the kind, each a line,
# TEXT_GAP under the band and over the bottom, TEXT_INSET from the sides.
BAND_H = 8
TEXT_GAP = 1
TEXT_INSET = 3


@dataclass(frozen=True)
class Ticket:
    """One Handle in the ready queue: whose it is and what kind of turn it asks for."""

    label: str
    kind: str  # "start", "step", "wake-up", "timer", "callback"
    colour: str | None = None


def header_font() -> QFont:
    return font()


def _ticket_font(bold: bool) -> QFont:
    return font(bold=bold)


class TicketRail(Writer, QGraphicsItem):
    """Draws `loop.ready` as it is (the real deque), and the turn the cashier took last."""

    def __init__(self, width: float) -> None:
        super().__init__()
        self.drawn = []
        self._width = width
        self.tickets: list[Ticket] = []  # the first few handles of the ready queue
        self.waiting = 0  # how many handles the ready queue holds in all
        self.last: Ticket | None = None

    def show_tickets(self, tickets: list[Ticket], last: Ticket | None, waiting: int) -> None:
        """`tickets`: the queue's first few; `waiting`: its whole length, as the status says."""
        waiting = max(waiting, len(tickets))
        if tickets != self.tickets or last != self.last or waiting != self.waiting:
            self.tickets, self.last, self.waiting = tickets, last, waiting
            self.update()

    def _heights(self) -> tuple[float, float]:
        """The header's height and a ticket's (a coloured band, a name, a kind)."""
        ticket = BAND_H + 2 * TEXT_GAP + 2 * line_height(_ticket_font(True))
        return line_height(header_font()), ticket

    def boundingRect(self) -> QRectF:
        header, ticket = self._heights()
        return QRectF(0, 0, self._width, header + TICKETS_DROP + ticket + BOTTOM_ROOM)

    def header(self) -> tuple[str, str]:
        """The line above the tickets: the queue's length, and the last turn in the room
        left beside it (a rush's count is long, and so are its customers' names)."""
        count = f"READY QUEUE: {self.waiting:,}"
        if self.last is None:
            return count, ""
        made = header_font()
        room = self._width - metrics(made).horizontalAdvance(count) - HEADER_GAP
        last = f"last: {self.last.label} {self.last.kind}"
        return count, metrics(made).elidedText(last, Qt.TextElideMode.ElideRight, room)

    def paint(self, p: QPainter, _o: QStyleOptionGraphicsItem, _w: QWidget | None = None) -> None:
        self.start_writing()
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        look = theme()
        header_h, ticket_h = self._heights()
        p.setPen(QPen(look.colour("trim"), RULE_PEN))
        rule = int(header_h + RULE_DROP)
        p.drawLine(0, rule, int(self._width), rule)
        count, last = self.header()
        header = QRectF(0, 0, self._width, header_h)
        wall = look.colour("wall")
        self.write(p, header, count, header_font(), look.colour("ink"), wall, LEFT)
        if last:
            self.write(p, header, last, header_font(), look.colour("ink"), wall, RIGHT)
        top = header_h + TICKETS_DROP
        fits = max(1, int((self._width + GAP) // (TICKET_W + GAP)))
        shown = self.tickets if self.waiting <= fits else self.tickets[: fits - 1]
        for i, ticket in enumerate(shown):
            self._paint_ticket(p, ticket, QRectF(i * (TICKET_W + GAP), top, TICKET_W, ticket_h))
        if len(shown) < self.waiting:
            rest = QRectF(len(shown) * (TICKET_W + GAP), top, TICKET_W, ticket_h)
            more = f"+{self.waiting - len(shown):,}"
            self.write(p, rest, more, header_font(), look.colour("ink"), wall, CENTER)

    def _paint_ticket(self, p: QPainter, ticket: Ticket, r: QRectF) -> None:
        p.setPen(QPen(GREY, 1))
        p.setBrush(PAPER)
        p.drawRect(r)
        band = QColor(ticket.colour) if ticket.colour else GREY
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(band)
        p.drawRect(QRectF(r.left(), r.top(), r.width(), BAND_H))
        line = line_height(_ticket_font(True))
        left, width = r.left() + TEXT_INSET, r.width() - 2 * TEXT_INSET
        name = QRectF(left, r.top() + BAND_H + TEXT_GAP, width, line)
        label = _elided(metrics(_ticket_font(True)), ticket.label, name.width())
        self.write(p, name, label, _ticket_font(True), PAPER_INK, PAPER, CENTER)
        kind = QRectF(left, r.top() + BAND_H + TEXT_GAP + line, width, line)
        self.write(p, kind, ticket.kind, _ticket_font(False), PAPER_INK, PAPER, CENTER)


def _elided(metrics: QFontMetricsF, text: str, width: float) -> str:
    """`text` cut in the middle to fit: "latte #1234" keeps its number, "la…1234"."""
    return metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, width)
