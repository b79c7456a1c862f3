"""The timeline panel: a lane per customer, a column per step, and a playhead to drag back.

Drawn from `model/timeline.py` (itself folded from the log): what each customer did at each
turn of the counter. The cashier's lane, on top, shows whom it served at each turn, in that
customer's colour. The playhead marks the turn the shop shows; dragging it, or clicking a
column, asks the window for that past turn, and clicking a slice picks its customer.

Only the rows and columns in view are painted, so a thousand lanes cost what twenty do. Past
`DENSE_FROM` lanes (a rush) the lanes give way to a density view: at each turn, how many
customers were in line, at the counter, seated and done, stacked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QPointF, QRect, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QScrollBar, QToolTip, QVBoxLayout, QWidget

from coffeeshop_gui.model.timeline import KINDS, Timeline
from coffeeshop_gui.ui import palette
from coffeeshop_gui.ui.theme import theme

TEXT_PX = 15  # names, ruler and legend at zoom 1 (at least 14, to read from the back)
ROW_PX = 24  # a lane's height at zoom 1
COLUMN_PX = 16  # a turn's width at zoom 1
NAME_PX = 130  # the names' column at zoom 1
SHOWN_ROWS = 5  # the ruler, the cashier and three lanes, before the wheel scrolls them
DENSE_FROM = 1_000  # more lanes than this (a rush): the density view
RULER_EVERY = 10  # a turn number on the ruler every this many turns
# The ruler's widest label, as far as the ruler expects: its labels are spaced to hold it.
RULER_SAMPLE = "0000 · 00.0 s"
RULER_TICK = 6  # a tick's height, up from the ruler's bottom
RULER_LABEL_X = 3  # a label starts just right of its tick
# The rows above the lanes: the ruler (row 0), then the cashier (row 1).
CASHIER_ROW = 1
HEADER_ROWS = 2
# The names' column: a name starts NAME_LEFT in, its box ends NAME_END_GAP before the first
# column, and a long one is cut NAME_ELIDE_GAP before it, its "…" clear of the slices.
NAME_LEFT, NAME_END_GAP, NAME_ELIDE_GAP = 6, 2, 4
# A slice stands SLICE_INSET in from its row's top and bottom; a thin one (see LOOK) keeps
# only the row's middle third.
SLICE_INSET = 3
THIN_THIRDS = 3
DENSITY_BOTTOM_GAP = 4  # the density view's stacks stop short of the panel's bottom
RUNNING_FILL = "#5b3f2e"  # the density's running share: many customers, no one colour
PLAYHEAD_W = 2  # centred on the line between two turns
CLICK_SLOP = 4  # a press and release this close (px, Manhattan) are a click, not a drag
# Wheel units per row or column scrolled: a wheel's notch (120) scrolls three.
WHEEL_PER_STEP = 40
# What each kind looks like: a fill, and whether it is drawn as a thin bar (waiting and ended
# customers are many and long: thin keeps the few at the counter the eye's first stop).
LOOK = {
    "ready": ("#e0a526", False),
    "running": (None, False),  # the customer's own colour
    "blocked": ("#c62828", False),
    "waiting": ("#7d8fa6", True),
    "done": ("#9ccc9c", True),
    "failed": ("#c62828", True),
    "cancelled": ("#9e9e9e", True),
}
WORDS = {
    "ready": "in line (ready)",
    "running": "at the counter (running)",
    "blocked": "blocking the thread",
    "waiting": "seated on a buzzer (suspended)",
    "done": "done",
    "failed": "failed",
    "cancelled": "cancelled",
}


@dataclass(frozen=True)
class Grid:
    """What every painter of one paint shares: the row height, the column width, the names'
    column, the turns shown (first to last, not included), the font's metrics and the ink."""

    row: int
    col: int
    names: int
    first: int
    last: int
    metrics: QFontMetrics
    ink: QColor


class TimelineLanes(QWidget):
    """The painted lanes; `TimelinePanel` adds the scroll bar and the wiring."""

    turn_picked = Signal(int)  # a column was clicked or the playhead dragged there
    customer_picked = Signal(int, int)  # a slice was clicked: its customer, and its line (0: none)

    def __init__(self) -> None:
        super().__init__()
        self.setMouseTracking(True)
        self.setMinimumHeight(SHOWN_ROWS * ROW_PX)
        self.timeline = Timeline()
        self.name_of: Callable[[int], str] = self.lane_name  # the window names them better
        self.playhead: int | None = None  # the turn shown; None: now
        self.first_column = 0
        self.first_row = 0
        self.follow = True  # keep the newest turn in view
        self.zoom = 1.0
        self._dragging = False
        self._pressed_at: QPoint | None = None

    # -- geometry ---------------------------------------------------------------------------

    def sizes(self) -> tuple[int, int, int, int]:
        """Row height, column width, names' width, text size, at the current zoom."""
        z = self.zoom
        return round(ROW_PX * z), round(COLUMN_PX * z), round(NAME_PX * z), round(TEXT_PX * z)

    def visible_columns(self) -> int:
        _row, col, names, _px = self.sizes()
        return max(1, (self.width() - names) // col)

    def visible_rows(self) -> int:
        row = self.sizes()[0]
        return max(1, self.height() // row - HEADER_ROWS)

    def lane_name(self, task_id: int) -> str:
        lane = self.timeline.lanes.get(task_id)
        return lane.name if lane is not None else f"task {task_id}"

    def lane_ids(self) -> list[int]:
        return list(self.timeline.lanes)

    def dense(self) -> bool:
        return len(self.timeline.lanes) > DENSE_FROM

    def keep_in_view(self) -> None:
        """Follow the newest turn, or keep the playhead in view."""
        shown = self.visible_columns()
        end = self.timeline.turns
        if self.playhead is not None:
            if not self.first_column <= self.playhead < self.first_column + shown:
                self.first_column = max(self.timeline.first, self.playhead - shown // 2)
        elif self.follow:
            self.first_column = max(self.timeline.first, end - shown + 1)
        self.first_column = max(self.first_column, self.timeline.first)

    def column_at(self, x: float) -> int | None:
        _row, col, names, _px = self.sizes()
        if x < names:
            return None
        return self.first_column + int((x - names) // col)

    def lane_at(self, y: float) -> int | None:
        """The task of the lane at height `y`, if any (not the ruler, not the cashier)."""
        row = self.sizes()[0]
        index = int(y // row) - HEADER_ROWS
        ids = self.lane_ids()
        if self.dense() or index < 0 or self.first_row + index >= len(ids):
            return None
        return ids[self.first_row + index]

    # -- painting ---------------------------------------------------------------------------

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        look = theme()
        p.fillRect(self.rect(), QColor(look.panel))
        row, col, names, px = self.sizes()
        font = QFont(self.font())
        font.setPixelSize(px)
        p.setFont(font)
        first, shown = self.first_column, self.visible_columns()
        last = min(self.timeline.turns, first + shown)
        g = Grid(row, col, names, first, last, QFontMetrics(font), QColor(look.panel_ink))
        self._paint_ruler(p, g)
        self._paint_cashier(p, g)
        if self.dense():
            self._paint_density(p, g)
        else:
            self._paint_lanes(p, g)
        self._paint_playhead(p, col, names, first, shown)
        p.end()

    def _paint_ruler(self, p: QPainter, g: Grid) -> None:
        row, col, names, first, last = g.row, g.col, g.names, g.first, g.last
        p.setPen(g.ink)
        box = QRect(NAME_LEFT, 0, names - NAME_LEFT - NAME_END_GAP, row)
        p.drawText(box, Qt.AlignmentFlag.AlignVCenter, "step · time")
        # every RULER_EVERY turns, or the next multiple of it that a label fits in
        columns = g.metrics.horizontalAdvance(RULER_SAMPLE) // col
        step = max(RULER_EVERY, (columns // RULER_EVERY + 1) * RULER_EVERY)
        for turn in range(first, last):
            if turn % step:
                continue
            x = names + (turn - first) * col
            p.drawLine(x, row - RULER_TICK, x, row)
            label = f"{turn + 1} · {self.timeline.time_at(turn):.1f} s"
            box = QRect(x + RULER_LABEL_X, 0, step * col, row)
            p.drawText(box, Qt.AlignmentFlag.AlignVCenter, label)

    def _paint_cashier(self, p: QPainter, g: Grid) -> None:
        row, col, names, first, last = g.row, g.col, g.names, g.first, g.last
        top = CASHIER_ROW * row
        p.setPen(g.ink)
        box = QRect(NAME_LEFT, top, names - NAME_LEFT - NAME_END_GAP, row)
        p.drawText(box, Qt.AlignmentFlag.AlignVCenter, "the cashier")
        p.setPen(Qt.PenStyle.NoPen)
        for turn in range(first, last):
            p.setBrush(palette.customer_colour(self.timeline.served_at(turn)))
            x = names + (turn - first) * col
            p.drawRect(x, top + SLICE_INSET, col - 1, row - 2 * SLICE_INSET)

    def _paint_lanes(self, p: QPainter, g: Grid) -> None:
        row, col, names, first, last = g.row, g.col, g.names, g.first, g.last
        ids = self.lane_ids()
        end = self.timeline.turns
        for index in range(self.visible_rows()):
            if self.first_row + index >= len(ids):
                break
            tid = ids[self.first_row + index]
            lane = self.timeline.lanes[tid]
            top = (index + HEADER_ROWS) * row
            p.setPen(g.ink)
            room = names - NAME_LEFT - NAME_ELIDE_GAP
            name = g.metrics.elidedText(self.name_of(tid), Qt.TextElideMode.ElideRight, room)
            box = QRect(NAME_LEFT, top, names - NAME_LEFT - NAME_END_GAP, row)
            p.drawText(box, Qt.AlignmentFlag.AlignVCenter, name)
            p.setPen(Qt.PenStyle.NoPen)
            for start, stop, kind, _line in lane.spans(end):
                if stop <= first or start >= last:
                    continue
                fill, thin = LOOK[kind]
                colour = palette.customer_colour(tid) if fill is None else QColor(fill)
                p.setBrush(colour)
                x0 = names + (max(start, first) - first) * col
                x1 = names + (min(stop, last) - first) * col
                inset = row // THIN_THIRDS if thin else SLICE_INSET
                p.drawRect(x0, top + inset, max(1, x1 - x0 - 1), row - 2 * inset)

    def _paint_density(self, p: QPainter, g: Grid) -> None:
        row, col, names, first, last = g.row, g.col, g.names, g.first, g.last
        top = HEADER_ROWS * row
        height = self.height() - top - DENSITY_BOTTOM_GAP
        p.setPen(g.ink)
        total = len(self.timeline.lanes)
        p.drawText(
            QRect(NAME_LEFT, top, names - NAME_LEFT - NAME_END_GAP, height),
            Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
            f"{total:,} customers, stacked",
        )
        p.setPen(Qt.PenStyle.NoPen)
        for turn in range(first, last):
            counts = self.timeline.counts_at(turn)
            alive = max(1, sum(counts.values()))
            y = float(top + height)  # the top of the stack so far, going up by shares
            for kind in KINDS:
                share = counts[kind] * height / alive
                if share <= 0:
                    continue
                fill, _thin = LOOK[kind]
                p.setBrush(QColor(fill or RUNNING_FILL))
                p.drawRect(names + (turn - first) * col, round(y - share), col - 1, round(share))
                y -= share

    def _paint_playhead(self, p: QPainter, col: int, names: int, first: int, shown: int) -> None:
        turn = self.timeline.turns if self.playhead is None else self.playhead
        if not first <= turn <= first + shown:
            return
        x = names + (turn - first) * col
        p.setPen(QColor(theme().ink))
        p.setBrush(QColor(theme().ink))
        p.drawRect(x - PLAYHEAD_W // 2, 0, PLAYHEAD_W, self.height())

    # -- hands --------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        self._pressed_at = event.position().toPoint()
        self._dragging = True
        self._pick_turn(event.position().x())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._dragging:
            self._pick_turn(event.position().x())
            return
        QToolTip.showText(event.globalPosition().toPoint(), self.tell(event.position()), self)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._dragging = False
        at = event.position().toPoint()
        if self._pressed_at is not None and (at - self._pressed_at).manhattanLength() < CLICK_SLOP:
            task = self.lane_at(at.y())
            turn = self.column_at(at.x())
            if task is not None and turn is not None:
                found = self.timeline.lanes[task].at(turn)
                self.customer_picked.emit(task, (found[1] or 0) if found else 0)
        self._pressed_at = None

    def _pick_turn(self, x: float) -> None:
        turn = self.column_at(x)
        if turn is None:
            return
        turn = max(self.timeline.first, min(turn, self.timeline.turns - 1))
        if turn >= 0 and turn != self.playhead:
            self.turn_picked.emit(turn)

    def wheelEvent(self, event: QWheelEvent) -> None:
        """The wheel scrolls the lanes; Shift+wheel (or a sideways wheel) scrolls the turns."""
        delta = event.angleDelta()
        sideways = delta.x() if delta.x() else (delta.y() if event.modifiers() else 0)
        if sideways:
            self.follow = False
            self.first_column = max(
                self.timeline.first, self.first_column - sideways // WHEEL_PER_STEP
            )
        else:
            most = max(0, len(self.timeline.lanes) - self.visible_rows())
            self.first_row = max(0, min(most, self.first_row - delta.y() // WHEEL_PER_STEP))
        self.update()

    def tell(self, at: QPointF) -> str:
        """What the slice under the pointer is, in words."""
        turn = self.column_at(at.x())
        if turn is None or not self.timeline.first <= turn < self.timeline.turns:
            return ""
        when = f"step {turn + 1} · {self.timeline.time_at(turn):.2f} s"
        row = int(at.y() // self.sizes()[0])
        if row == CASHIER_ROW:
            return f"{when}: the cashier serves {self.name_of(self.timeline.served_at(turn))}"
        if self.dense():
            counts = self.timeline.counts_at(turn)
            return when + ": " + ", ".join(f"{n:,} {WORDS[k]}" for k, n in counts.items() if n)
        task = self.lane_at(at.y())
        if task is None:
            return when
        found = self.timeline.lanes[task].at(turn)
        if found is None:
            return f"{when}: {self.name_of(task)} not created yet"
        kind, line = found
        where = f" at line {line}" if line else ""
        return f"{when}: {self.name_of(task)} {WORDS[kind]}{where}"


class TimelinePanel(QWidget):
    """The lanes and a scroll bar across the turns, for a dock under the shop."""

    def __init__(self) -> None:
        super().__init__()
        self.lanes = TimelineLanes()
        self.across = QScrollBar(Qt.Orientation.Horizontal)
        self.across.valueChanged.connect(self._scrolled)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.lanes, 1)
        column.addWidget(self.across)

    def show_timeline(self, timeline: Timeline, playhead: int | None) -> None:
        """Draw `timeline` with the playhead at `playhead` (None: now)."""
        lanes = self.lanes
        lanes.timeline, lanes.playhead = timeline, playhead
        if playhead is None and lanes.first_column + lanes.visible_columns() >= timeline.turns:
            lanes.follow = True  # scrolled back to the end: follow again
        lanes.keep_in_view()
        self.across.blockSignals(True)
        self.across.setRange(timeline.first, max(timeline.first, timeline.turns - 1))
        self.across.setPageStep(lanes.visible_columns())
        self.across.setValue(lanes.first_column)
        self.across.blockSignals(False)
        lanes.update()

    def restyle(self, zoom: float) -> None:
        self.lanes.zoom = zoom
        self.lanes.setMinimumHeight(SHOWN_ROWS * self.lanes.sizes()[0])
        self.lanes.update()

    def _scrolled(self, value: int) -> None:
        self.lanes.first_column = value
        self.lanes.follow = value + self.lanes.visible_columns() >= self.lanes.timeline.turns
        self.lanes.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.lanes.keep_in_view()
