"""A customer: one asyncio Task, drawn as a person in its own colour with its initial."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from coffeeshop_gui.model.state import Customer, CustomerState
from coffeeshop_gui.ui import palette
from coffeeshop_gui.ui.items.text import Writer, font, line_height, text_width
from coffeeshop_gui.ui.theme import theme

WIDTH, HEIGHT = 56.0, 92.0
SKIN = QColor("#f2c49b")
CROWD_DETAIL = 0.45  # below this on-screen scale a customer is drawn as a simple token
TOKEN_LETTERS = 0.35  # below this on-screen scale a token's letter is under 14 px: none
# Qt's enums looked up once: a rush makes thousands of items, and each lookup of a nested
# enum member costs more than the call it is passed to.
SELECTABLE = QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
CENTER = Qt.AlignmentFlag.AlignCenter
MIDDLE = Qt.TextElideMode.ElideMiddle
WHITE = QColor("white")
HAND = Qt.CursorShape.PointingHandCursor


NAME_W = 116.0  # a name's room under the figure: a seat is 130 units wide
ERROR_W = 150.0  # a failure's exception type under its name


class CustomerItem(Writer, QGraphicsItem):
    """Draws one task's customer; `show(customer)` restyles it from the folded state."""

    def __init__(self, task_id: int, name: str) -> None:
        super().__init__()
        self.drawn = []
        self.task_id = task_id
        self.name = name
        self.colour = palette.customer_colour(task_id)
        self.state = CustomerState.QUEUED
        self.line: int | None = None
        self.error: str | None = None
        self.returned: str | None = None  # the repr of what the task returned, once done
        self.tag_covered = False  # a cup sits on the tag
        self.setFlag(SELECTABLE)
        self.setCursor(HAND)
        self.setZValue(10)
        self.setToolTip(name)

    def show_customer(self, customer: Customer) -> None:
        """Restyle from the customer's state (only repaints when something changed)."""
        error = customer.error.split(":")[0] if customer.error else None
        returned = customer.value if customer.state is CustomerState.DONE else None
        shown = (customer.display, customer.state, customer.line, error, returned)
        if shown != (self.name, self.state, self.line, self.error, self.returned):
            self.name, self.state, self.line, self.error, self.returned = shown
            self.setToolTip(tooltip(customer))
            self.update()

    def cover_tag(self, covered: bool) -> None:
        """A cup landed on the tag (or left it): the tag is not drawn under it."""
        if covered != self.tag_covered:
            self.tag_covered = covered
            self.update()

    def boundingRect(self) -> QRectF:
        line = line_height(font())
        top = -HEIGHT - line - 8
        return QRectF(-ERROR_W / 2, top, ERROR_W, 2 * line + 12 - top)

    def paint(self, p: QPainter, o: QStyleOptionGraphicsItem, _w: QWidget | None = None) -> None:
        self.start_writing()
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        if o.levelOfDetailFromTransform(p.worldTransform()) < CROWD_DETAIL:
            self._paint_small(p)
            return
        ended = self.state.ended
        body = QColor(self.colour) if not ended else QColor(self.colour).lighter(150)
        if self.isSelected():
            p.setPen(QPen(theme().colour("ink"), 3, Qt.PenStyle.DashLine))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawEllipse(QPointF(0, -2), WIDTH / 2 + 10, 9)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(0, 0, 0, 40))
        p.drawEllipse(QPointF(0, 0), WIDTH / 2, 6)
        self._paint_person(p, body, sitting=self.state is CustomerState.WAITING)
        self._paint_label(p)
        self._paint_badge(p)

    def _paint_small(self, p: QPainter) -> None:
        """Zoomed far out: a dot of the customer's colour with its initial, and how it ended."""
        fill, rim = token_colours(self.colour, self.state)
        p.setPen(QPen(theme().colour("ink") if self.isSelected() else rim, 3))
        p.setBrush(fill)
        p.drawEllipse(QPointF(0, -HEIGHT / 2), WIDTH / 2, HEIGHT / 2)
        if p.worldTransform().m11() >= TOKEN_LETTERS:
            paint_letter(p, letter(self.name, self.state))

    def _paint_person(self, p: QPainter, body: QColor, sitting: bool) -> None:
        top = -HEIGHT + (14 if sitting else 0)
        torso = QPainterPath()
        torso.addRoundedRect(
            QRectF(-WIDTH / 2 + 4, top + 34, WIDTH - 8, HEIGHT - 40 - (14 if sitting else 0)),
            16,
            16,
        )
        p.setBrush(body)
        outline = theme().outline
        p.setPen(QPen(theme().colour("ink") if outline else body.darker(130), 2 + outline))
        p.drawPath(torso)
        p.setBrush(SKIN)
        p.setPen(QPen(SKIN.darker(120), 1.5))
        p.drawEllipse(QPointF(0, top + 18), 16, 16)
        p.setPen(QColor("white"))
        font = QFont("DejaVu Sans", 17, QFont.Weight.Bold)
        p.setFont(font)
        p.drawText(
            QRectF(-WIDTH / 2, top + 40, WIDTH, 30),
            Qt.AlignmentFlag.AlignCenter,
            palette.initial(self.name),
        )

    def _paint_label(self, p: QPainter) -> None:
        """The name under the figure; a failed customer's exception type under that."""
        line = line_height(font())
        slot = QRectF(-NAME_W / 2, 6, NAME_W, line)
        # cut in the middle: "wait_for_machine 2" keeps its number, "wait_…ine 2"
        self.write(p, slot, self.name, font(), theme().colour("ink"), None, CENTER, MIDDLE)
        slot = QRectF(-NAME_W / 2, 6 + line, NAME_W, line)
        if self.error:  # "ValueError": a little wider than a name's room, most of the time alone
            wide = QRectF(-ERROR_W / 2, 6 + line, ERROR_W, line)
            self.write(p, wide, self.error, font(), theme().colour("failed_ink"))
        elif self.returned is not None:
            self.write(p, slot, self.returned, font(mono=True), theme().colour("ink"))

    def _paint_badge(self, p: QPainter) -> None:
        """A tag over the head: the saved line while waiting, or how the task ended."""
        if self.tag_covered:
            return
        line = line_height(font(bold=True))
        top = -HEIGHT - line - 6
        if self.state is CustomerState.FAILED:
            text, colour = "✗ failed", palette.FAILED.darker(110)
        elif self.state is CustomerState.CANCELLED:
            text, colour = "cancelled", palette.CANCELLED
        elif self.state is CustomerState.DONE:
            text, colour = "✓", palette.DONE
        elif self.line is not None and self.state in (CustomerState.WAITING, CustomerState.QUEUED):
            text, colour = f"line {self.line}", self.colour.darker(130)
        else:
            return
        width = max(line + 4, min(ERROR_W, text_width(text, font(bold=True)) + 14))
        rect = QRectF(-width / 2, top, width, line + 2)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour)
        p.drawRoundedRect(rect, (line + 2) / 2, (line + 2) / 2)
        self.write(p, rect.adjusted(4, 0, -4, 0), text, font(bold=True), WHITE, colour, CENTER)


def token_colours(colour: QColor, state: CustomerState) -> tuple[QColor, QColor]:
    """Fill and rim of a customer drawn small: its colour, or how it ended."""
    if state is CustomerState.FAILED:
        colour = palette.FAILED
    elif state is CustomerState.CANCELLED:
        colour = palette.CANCELLED
    fill = colour.lighter(140) if state.ended else colour
    return fill, colour.darker(140)


def letter(name: str, state: CustomerState) -> str:
    """What a token says: its initial, or a cross if it failed (never colour alone)."""
    return "✗" if state is CustomerState.FAILED else palette.initial(name)


def paint_letter(p: QPainter, text: str) -> None:
    """A token's `letter`, white, in the middle of its body."""
    p.setPen(QColor("white"))
    p.setFont(QFont("DejaVu Sans", 30, QFont.Weight.Bold))
    p.drawText(QRectF(-WIDTH / 2, -HEIGHT, WIDTH, HEIGHT), Qt.AlignmentFlag.AlignCenter, text)


def tooltip(c: Customer) -> str:
    """What hovering over a customer tells: who, where it stopped, how it ended."""
    where = f" at line {c.line}" if c.line else ""
    extra = f"\n{c.error}" if c.error else (f"\nreturned {c.value}" if c.value else "")
    task = c.coro if c.display == c.name else f"{c.name}, {c.coro}"  # its own name, if other
    return f"{c.display} ({task}): {c.state.value}{where}{extra}"
