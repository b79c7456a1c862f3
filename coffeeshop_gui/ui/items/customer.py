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

# In front of all the furniture (scene/furniture.py, 1 to 8); behind what is held or handed
# over: buzzers (12) and their light (13), slips (25), cups (30).
CUSTOMER_Z = 10
# The figure, from the feet (the item's origin) up. A waiting customer sits: the whole
# figure drops by SIT_DROP, and its torso is that much shorter.
SIT_DROP = 14
HEAD_Y, HEAD_R = 18, 16  # the head's centre below the figure's top, and its radius
TORSO_TOP = HEAD_Y + HEAD_R  # the torso starts at the chin
TORSO_INSET = 4  # the torso a little narrower than the figure, each side
TORSO_ROUNDING = 16
# The shadow on the floor under the feet: as wide as the figure, this tall either side.
SHADOW_RY = 6
SHADOW = QColor(0, 0, 0, 40)
# The torso stops short of the floor by the shadow's half-height: it stands on the shadow.
TORSO_BOTTOM_GAP = SHADOW_RY
# The initial on the chest: a box a little under the chin, in type the body's width holds.
INITIAL_TOP, INITIAL_H, INITIAL_PX = 40, 30, 17
# The dashed ring round the feet of a selected customer: wider than the shadow, so it
# shows around it, and a little over the floor line.
RING_Y, RING_WIDER, RING_RY = -2, 10, 9
RING_PEN = 3
# The name and the error under the feet start below the shadow.
LABEL_TOP = SHADOW_RY
# The tag over the head: 4 above the head, 2 taller than its line, its text inset 4 and
# its width the text's plus 14 (room for the rounded ends); a lone "✓" gets a tag a little
# wider than tall.
BADGE_LIFT = 4
BADGE_EXTRA_H = 2
BADGE_TEXT_INSET = 4
BADGE_ENDS = 14
BADGE_MIN_EXTRA_W = 4
# The bounding rect reaches 2 past the tag above, and 6 past the error line below (the
# descenders and the antialiased edge of the text).
BOUNDS_OVER_BADGE = 2
BOUNDS_UNDER_LABEL = 6
LETTER_PX = 30  # a token's letter: big enough to read at a crowd's scale


class CustomerItem(Writer, QGraphicsItem):
    """Draws one task's customer; `show(customer)` restyles it from the folded state."""

    def __init__(self, task_id: int, name: str) -> None:
        super().__init__()
        self.drawn = []
        self.task_id = task_id
        self.name = name
        self.colour = palette.customer_colour(task_id)
        self.tag_ground = palette.tag_colour(self.colour)  # worked out once, not each paint
        self.state = CustomerState.QUEUED
        self.line: int | None = None
        self.error: str | None = None
        self.returned: str | None = None  # the repr of what the task returned, once done
        self.tag_covered = False  # a cup sits on the tag
        self.setFlag(SELECTABLE)
        self.setCursor(HAND)
        self.setZValue(CUSTOMER_Z)
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
        top = -HEIGHT - line - (BADGE_LIFT + BADGE_EXTRA_H + BOUNDS_OVER_BADGE)
        bottom = 2 * line + (LABEL_TOP + BOUNDS_UNDER_LABEL)
        return QRectF(-ERROR_W / 2, top, ERROR_W, bottom - top)

    def paint(self, p: QPainter, o: QStyleOptionGraphicsItem, _w: QWidget | None = None) -> None:
        self.start_writing()
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        if o.levelOfDetailFromTransform(p.worldTransform()) < CROWD_DETAIL:
            self._paint_small(p)
            return
        ended = self.state.ended
        body = QColor(self.colour) if not ended else QColor(self.colour).lighter(150)
        if self.isSelected():
            p.setPen(QPen(theme().colour("ink"), RING_PEN, Qt.PenStyle.DashLine))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawEllipse(QPointF(0, RING_Y), WIDTH / 2 + RING_WIDER, RING_RY)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(SHADOW)
        p.drawEllipse(QPointF(0, 0), WIDTH / 2, SHADOW_RY)
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
        drop = SIT_DROP if sitting else 0
        top = -HEIGHT + drop
        torso_h = HEIGHT - (TORSO_TOP + TORSO_BOTTOM_GAP) - drop
        torso = QPainterPath()
        torso.addRoundedRect(
            QRectF(-WIDTH / 2 + TORSO_INSET, top + TORSO_TOP, WIDTH - 2 * TORSO_INSET, torso_h),
            TORSO_ROUNDING,
            TORSO_ROUNDING,
        )
        p.setBrush(body)
        outline = theme().outline
        p.setPen(QPen(theme().colour("ink") if outline else body.darker(130), 2 + outline))
        p.drawPath(torso)
        p.setBrush(SKIN)
        p.setPen(QPen(SKIN.darker(120), 1.5))
        p.drawEllipse(QPointF(0, top + HEAD_Y), HEAD_R, HEAD_R)
        p.setPen(QColor("white"))
        font = QFont("DejaVu Sans", INITIAL_PX, QFont.Weight.Bold)
        p.setFont(font)
        p.drawText(
            QRectF(-WIDTH / 2, top + INITIAL_TOP, WIDTH, INITIAL_H),
            Qt.AlignmentFlag.AlignCenter,
            palette.initial(self.name),
        )

    def _paint_label(self, p: QPainter) -> None:
        """The name under the figure; a failed customer's exception type under that."""
        line = line_height(font())
        slot = QRectF(-NAME_W / 2, LABEL_TOP, NAME_W, line)
        # cut in the middle: "wait_for_machine 2" keeps its number, "wait_…ine 2"
        self.write(p, slot, self.name, font(), theme().colour("ink"), None, CENTER, MIDDLE)
        slot = QRectF(-NAME_W / 2, LABEL_TOP + line, NAME_W, line)
        if self.error:  # "ValueError": a little wider than a name's room, most of the time alone
            wide = QRectF(-ERROR_W / 2, LABEL_TOP + line, ERROR_W, line)
            self.write(p, wide, self.error, font(), theme().colour("failed_ink"))
        elif self.returned is not None:
            self.write(p, slot, self.returned, font(mono=True), theme().colour("ink"))

    def _paint_badge(self, p: QPainter) -> None:
        """A tag over the head: the saved line while waiting, or how the task ended."""
        if self.tag_covered:
            return
        line = line_height(font(bold=True))
        tall = line + BADGE_EXTRA_H
        top = -HEIGHT - BADGE_LIFT - tall
        if self.state is CustomerState.FAILED:
            text, colour = "✗ failed", palette.FAILED.darker(110)
        elif self.state is CustomerState.CANCELLED:
            text, colour = "cancelled", palette.CANCELLED
        elif self.state is CustomerState.DONE:
            text, colour = "✓", palette.DONE
        elif self.line is not None and self.state in (CustomerState.WAITING, CustomerState.QUEUED):
            text, colour = f"line {self.line}", self.tag_ground
        else:
            return
        width = max(
            line + BADGE_MIN_EXTRA_W, min(ERROR_W, text_width(text, font(bold=True)) + BADGE_ENDS)
        )
        rect = QRectF(-width / 2, top, width, tall)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour)
        p.drawRoundedRect(rect, tall / 2, tall / 2)
        inset = rect.adjusted(BADGE_TEXT_INSET, 0, -BADGE_TEXT_INSET, 0)
        self.write(p, inset, text, font(bold=True), WHITE, colour, CENTER)


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
    p.setFont(QFont("DejaVu Sans", LETTER_PX, QFont.Weight.Bold))
    p.drawText(QRectF(-WIDTH / 2, -HEIGHT, WIDTH, HEIGHT), Qt.AlignmentFlag.AlignCenter, text)


def tooltip(c: Customer) -> str:
    """What hovering over a customer tells: who, where it stopped, how it ended."""
    where = f" at line {c.line}" if c.line else ""
    extra = f"\n{c.error}" if c.error else (f"\nreturned {c.value}" if c.value else "")
    task = c.coro if c.display == c.name else f"{c.name}, {c.coro}"  # its own name, if other
    return f"{c.display} ({task}): {c.state.value}{where}{extra}"
