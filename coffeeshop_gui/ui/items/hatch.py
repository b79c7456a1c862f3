"""The hatch to the kitchen: the loop's selector, the descriptors it watches for the program.

Every socket, pipe and child the loop watches (asyncio's add_reader / add_writer) is a line
on the hatch: its fd, what it is, who asked for it. A line that just became ready glows in
the colour of the customer it woke, for a moment of shop time: that is where the reply
came in.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QPainter, QPen

from coffeeshop_gui.model.state import Line, ShopState
from coffeeshop_gui.ui import palette
from coffeeshop_gui.ui.items.boards import Board
from coffeeshop_gui.ui.theme import theme

LINE_ROW = 18.0
GLOW_SECONDS = 0.5  # shop time a line stays lit after a reply came in on it


class HatchItem(Board):
    """The kitchen hatch: one row per descriptor the loop watches, lit when it answers."""

    def __init__(self, width: float, height: float) -> None:
        super().__init__("HATCH  ·  the selector", width, height)
        self.setVisible(False)  # until the program opens its first socket or pipe
        self.lines: list[Line] = []
        self.names: dict[int, str] = {}
        self.now = 0.0

    def show(self, state: ShopState) -> None:
        """Draw the lines `state` has open now (a program without I/O leaves it empty)."""
        lines = sorted(state.lines.values(), key=lambda line: (line.fd, line.kind))
        if lines == self.lines and (not lines or state.now == self.now):
            return
        self.lines, self.now = lines, state.now
        if lines:
            self.setVisible(True)
        self.names = {
            tid: c.name
            for line in lines
            for tid in (line.task, *line.woke)
            if tid is not None and (c := state.customers.get(tid)) is not None
        }
        self.update()

    def lit(self, line: Line) -> bool:
        """True while a reply that just came in on the line is shown arriving."""
        return line.answered is not None and self.now - line.answered <= GLOW_SECONDS

    def paint_rows(self, p: QPainter, area: QRectF) -> None:
        p.setFont(QFont("DejaVu Sans", 9))
        if not self.lines:
            p.setPen(theme().colour("chalk_dim"))
            p.drawText(area, Qt.AlignmentFlag.AlignLeft, "no sockets or pipes watched")
            return
        shown = self.fit(len(self.lines), area, LINE_ROW)
        for i, line in enumerate(self.lines[:shown]):
            top = area.top() + i * LINE_ROW
            self._paint_line(p, line, QRectF(area.left(), top, area.width(), LINE_ROW))
        if shown < len(self.lines):
            self.paint_more(p, area, area.top() + shown * LINE_ROW, len(self.lines) - shown, "")

    def _paint_line(self, p: QPainter, line: Line, r: QRectF) -> None:
        who = line.woke[0] if line.woke else line.task
        dot = QPointF(r.left() + 6, r.center().y())
        if self.lit(line) and who is not None:
            p.setPen(QPen(palette.customer_colour(who).darker(140), 1))
            p.setBrush(palette.customer_colour(who))
            p.drawEllipse(dot, 6, 6)
        else:
            p.setPen(QPen(theme().colour("chalk_dim"), 1))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawEllipse(dot, 4, 4)
        name = self.names.get(who, "") if who is not None else ""
        text = f"fd {line.fd}  {line.what} {line.kind}" + (f"  · {name}" if name else "")
        p.setPen(theme().colour("chalk"))
        p.drawText(
            QRectF(r.left() + 16, r.top(), r.width() - 16, r.height()),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            text,
        )
