"""The hatch to the kitchen: the loop's selector, the descriptors it watches for the program.

Every socket, pipe and child the loop watches (asyncio's add_reader / add_writer) is a line
on the hatch: its fd, what it is, who asked for it. A line that just became ready glows in
the colour of the customer it woke, for a moment of shop time: that is where the reply
came in.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPen

from coffeeshop_gui.model.state import Line, ShopState
from coffeeshop_gui.ui import palette
from coffeeshop_gui.ui.items.boards import LEFT, Board, row_height
from coffeeshop_gui.ui.items.text import font
from coffeeshop_gui.ui.theme import theme

GLOW_SECONDS = 0.5  # shop time a line stays lit after a reply came in on it
# A line's dot, at its row's left: filled when lit, a ring in the waiter's colour, or a
# small chalk ring when no one waits. The largest just touches the row's left edge.
LIT_R, WAITED_R, IDLE_R = 8, 6, 5
DOT_X = LIT_R
WAITED_PEN, IDLE_PEN = 3, 2
# The line's text starts right of the largest dot, with a gap after it.
TEXT_X = 22


class HatchItem(Board):
    """The kitchen hatch: one row per descriptor the loop watches, lit when it answers."""

    def __init__(self, width: float, height: float) -> None:
        super().__init__("HATCH: the selector", width, height)
        self.setVisible(False)  # until the program opens its first socket or pipe
        self.lines: list[Line] = []
        self.names: dict[int, str] = {}
        self.now = 0.0
        self._seen: tuple[object, ...] = ()  # what was drawn: lines change in place

    def show_lines(self, state: ShopState) -> None:
        """Draw the lines `state` has open now (a program without I/O leaves it empty)."""
        # Those someone waits on first: with more lines than rows, who waits is what shows.
        lines = sorted(state.lines.values(), key=lambda ln: (not ln.waiters, ln.fd, ln.kind))
        seen = tuple((ln.fd, ln.kind, ln.answered, ln.woke, tuple(ln.waiters)) for ln in lines)
        if seen == self._seen and (not lines or state.now == self.now):
            return
        self.lines, self.now, self._seen = lines, state.now, seen
        if lines:
            self.setVisible(True)
        self.names = {
            tid: c.display
            for line in lines
            for tid in (line.task, *line.woke, *line.waiters)
            if tid is not None and (c := state.customers.get(tid)) is not None
        }
        self.update()

    def lit(self, line: Line) -> bool:
        """True while a reply that just came in on the line is shown arriving."""
        return line.answered is not None and self.now - line.answered <= GLOW_SECONDS

    def paint_rows(self, p: QPainter, area: QRectF) -> None:
        look = theme()
        row = row_height()
        if not self.lines:
            slot = QRectF(area.left(), area.top(), area.width(), row)
            self.write(
                p,
                slot,
                "nothing watched",
                font(),
                look.colour("chalk_dim"),
                look.colour("board"),
                LEFT,
            )
            return
        shown = self.fit(len(self.lines), area, row)
        for i, line in enumerate(self.lines[:shown]):
            top = area.top() + i * row
            self._paint_line(p, line, QRectF(area.left(), top, area.width(), row))
        if shown < len(self.lines):
            self.paint_more(p, area, area.top() + shown * row, len(self.lines) - shown, "lines")

    def who(self, line: Line) -> list[int]:
        """Whom the line is shown for: the customer its reply just woke, else those waiting
        on it now, else the one its reply woke last or who opened it."""
        if self.lit(line) and line.woke:
            return [line.woke[0]]
        if line.waiters:
            return list(line.waiters)
        who = line.woke[0] if line.woke else line.task
        return [] if who is None else [who]

    def row_point(self, fd: int | None) -> QPointF:
        """Where on the hatch (in scene coordinates) the line of `fd` is drawn: its dot, or
        the hatch's title when that line is not shown (a child's exit has none)."""
        row, area = row_height(), self.rows_area()
        shown = self.fit(len(self.lines), area, row)
        for i, line in enumerate(self.lines[:shown]):
            if fd is not None and line.fd == fd:
                return self.mapToScene(QPointF(area.left() + DOT_X, area.top() + (i + 0.5) * row))
        return self.mapToScene(QPointF(area.left() + DOT_X, area.top() - row / 2))

    def _paint_line(self, p: QPainter, line: Line, r: QRectF) -> None:
        who = self.who(line)
        first = who[0] if who else None
        dot = QPointF(r.left() + DOT_X, r.center().y())
        look = theme()
        if self.lit(line) and first is not None:
            p.setPen(QPen(palette.customer_colour(first).darker(140), 1))
            p.setBrush(palette.customer_colour(first))
            p.drawEllipse(dot, LIT_R, LIT_R)
        elif line.waiters and first is not None:  # someone waits on it: a ring in its colour
            p.setPen(QPen(palette.customer_colour(first), WAITED_PEN))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawEllipse(dot, WAITED_R, WAITED_R)
        else:
            p.setPen(QPen(look.colour("chalk_dim"), IDLE_PEN))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawEllipse(dot, IDLE_R, IDLE_R)
        name = self.names.get(first, "") if first is not None else ""
        if name and len(who) > 1:
            name += f" +{len(who) - 1}"
        text = f"fd {line.fd} {line.what} {line.kind}" + (f" · {name}" if name else "")
        slot = QRectF(r.left() + TEXT_X, r.top(), r.width() - TEXT_X, r.height())
        self.write(p, slot, text, font(), look.colour("chalk"), look.colour("board"), LEFT)
