"""The program's source, with every live customer's suspended line marked in its colour."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from coffeeshop_gui.ui.highlighter import PygmentsHighlighter
from coffeeshop_gui.ui.theme import theme

GUTTER_PAD = 8
PILL = 18


@dataclass(frozen=True)
class Mark:
    """One customer's place in the code: its task, colour, initial, and whether it failed."""

    task: int
    line: int
    colour: str
    initial: str
    kind: str = "waiting"  # or "failed" (raised here), "cancelled" (CancelledError here)

    @property
    def failed(self) -> bool:
        return self.kind == "failed"

    @property
    def tint(self) -> str:
        return {"failed": "#c62828", "cancelled": "#6d6d6d"}.get(self.kind, self.colour)

    @property
    def glyph(self) -> str:
        return {"failed": "✗", "cancelled": "⊘"}.get(self.kind, self.initial)


class _Gutter(QWidget):
    def __init__(self, panel: CodePanel) -> None:
        super().__init__(panel)
        self.panel = panel

    def sizeHint(self) -> QSize:
        return QSize(self.panel.gutter_width(), 0)

    def paintEvent(self, event: QPaintEvent) -> None:
        self.panel.paint_gutter(event)


class CodePanel(QPlainTextEdit):
    """Read-only source view; `set_marks` shows where each customer's coroutine waits."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        font = QFont("DejaVu Sans Mono", 11)
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.setFont(font)
        self.setAcceptDrops(False)  # a dropped file is a program to open, not text to paste
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys drive the shop, not the cursor
        self._source = ""
        self.followed_line: int | None = None
        self.marks: list[Mark] = []
        self.counts: dict[int, int] | None = None
        self.selected: int | None = None
        self._highlighter = None
        self._gutter = _Gutter(self)
        self.blockCountChanged.connect(self._fit_gutter)
        self.updateRequest.connect(self._scroll_gutter)
        self._fit_gutter()

    def show_source(self, source: str) -> None:
        self._source = source
        self.followed_line = None
        self.setPlainText(source)
        if self._highlighter is not None:
            self._highlighter.setDocument(None)
        self._highlighter = PygmentsHighlighter(self.document(), source, theme().code_style)
        self.marks = []
        self.set_marks([], None)
        self.restyle()

    def restyle(self, zoom: float = 1.0) -> None:
        """Apply the current theme and zoom (font size) to the text and the gutter."""
        look = theme()
        self.setStyleSheet(
            f"QPlainTextEdit {{ background: {look.panel}; color: {look.panel_ink}; }}"
        )
        font = self.font()
        font.setPointSizeF(11 * zoom)
        self.setFont(font)
        if self._highlighter is not None and self._highlighter.style_name != look.code_style:
            self._highlighter.setDocument(None)
            self._highlighter = PygmentsHighlighter(self.document(), self._source, look.code_style)
        self._fit_gutter()
        marks, self.marks = self.marks, []
        self.set_marks(marks, self.selected)

    # -- marks ----------------------------------------------------------------------------

    def set_marks(
        self, marks: list[Mark], selected: int | None, counts: dict[int, int] | None = None
    ) -> None:
        """Mark each line a customer is suspended on; the selected one is strongest.

        `counts` (line -> customers) is given for a crowd, whose marks are only a sample.
        """
        marks = sorted(marks, key=lambda m: (m.task != selected, m.task))
        if marks == self.marks and selected == self.selected and counts == self.counts:
            return
        self.marks, self.selected, self.counts = marks, selected, counts
        selections = []
        seen: set[int] = set()
        for mark in marks:
            if mark.line in seen:
                continue
            seen.add(mark.line)
            selections.append(self._line_selection(mark, strong=mark.task == selected))
        self.setExtraSelections(selections)
        self._gutter.update()

    def _line_selection(self, mark: Mark, strong: bool) -> QTextEdit.ExtraSelection:
        sel = QTextEdit.ExtraSelection()
        colour = QColor(mark.tint)
        alpha = theme().mark_alpha
        colour.setAlpha(min(255, alpha * 2) if strong else alpha)
        sel.format.setBackground(colour)
        sel.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        block = self.document().findBlockByNumber(mark.line - 1)
        sel.cursor = QTextCursor(block)
        return sel

    def marked_lines(self) -> dict[int, list[int]]:
        """Line number -> task ids marked there (what a viewer sees in the gutter)."""
        lines: dict[int, list[int]] = {}
        for mark in self.marks:
            lines.setdefault(mark.line, []).append(mark.task)
        return lines

    def scroll_to_line(self, line: int) -> None:
        self.followed_line = line
        block = self.document().findBlockByNumber(max(0, line - 1))
        self.setTextCursor(QTextCursor(block))
        self.centerCursor()

    # -- the gutter: line numbers and a pill per customer ------------------------------------

    def _badges(self, here: list[Mark], line: int) -> tuple[list[Mark], str]:
        """The pills drawn on a line and the "+N" for the customers beyond them."""
        total = max(len(here), (self.counts or {}).get(line, 0))
        shown = here if total <= 3 else here[:2]
        return shown, f"+{total - len(shown)}" if total > len(shown) else ""

    def gutter_badge(self, line: int) -> tuple[list[int], str]:
        """What a viewer sees beside `line`: the customers' pills and the count beyond them."""
        shown, more = self._badges([m for m in self.marks if m.line == line], line)
        return [m.task for m in shown], more

    def count_fits(self, text: str) -> bool:
        """Whether a "+N" fits in the gutter whole (a clipped count misreports the crowd)."""
        room = _marks_width() - 2 * (PILL + 2) + GUTTER_PAD - 4
        return QFontMetrics(_count_font()).horizontalAdvance(text) <= room

    def gutter_width(self) -> int:
        digits = len(str(max(1, self.blockCount())))
        return GUTTER_PAD * 2 + self.fontMetrics().horizontalAdvance("9") * digits + _marks_width()

    def _fit_gutter(self) -> None:
        self.setViewportMargins(self.gutter_width(), 0, 0, 0)

    def _scroll_gutter(self, rect: QRect, dy: int) -> None:
        if dy:
            self._gutter.scroll(0, dy)
        else:
            self._gutter.update(0, rect.y(), self._gutter.width(), rect.height())

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)
        cr = self.contentsRect()
        self._gutter.setGeometry(QRect(cr.left(), cr.top(), self.gutter_width(), cr.height()))

    def paint_gutter(self, event: QPaintEvent) -> None:
        p = QPainter(self._gutter)
        p.fillRect(event.rect(), theme().colour("gutter"))
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        by_line: dict[int, list[Mark]] = {}
        for mark in self.marks:
            by_line.setdefault(mark.line, []).append(mark)
        block = self.firstVisibleBlock()
        top = self.blockBoundingGeometry(block).translated(self.contentOffset()).top()
        height = self.fontMetrics().height()
        number_w = self.gutter_width() - _marks_width() - GUTTER_PAD
        while block.isValid() and top <= event.rect().bottom():
            line = block.blockNumber() + 1
            p.setPen(theme().colour("gutter_ink"))
            p.setFont(self.font())
            p.drawText(QRectF(0, top, number_w, height), Qt.AlignmentFlag.AlignRight, str(line))
            shown, more = self._badges(by_line.get(line, []), line)
            for i, mark in enumerate(shown):
                x = number_w + 4 + i * (PILL + 2)
                self._paint_pill(p, mark, QRectF(x, top + (height - PILL) / 2, PILL, PILL))
            if more:
                p.setPen(theme().colour("gutter_ink"))
                p.setFont(_count_font())
                room = QRectF(number_w + 4 + 2 * (PILL + 2), top, _marks_width(), height)
                p.drawText(room, Qt.AlignmentFlag.AlignVCenter, more)
            top += self.blockBoundingRect(block).height()
            block = block.next()
        p.end()

    def _paint_pill(self, p: QPainter, mark: Mark, r: QRectF) -> None:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(mark.tint))
        p.drawEllipse(r)
        p.setPen(QColor("white"))
        p.setFont(QFont("DejaVu Sans", 9, QFont.Weight.Bold))
        p.drawText(r, Qt.AlignmentFlag.AlignCenter, mark.glyph)


def _count_font() -> QFont:
    return QFont("DejaVu Sans", 8, QFont.Weight.Bold)


def _marks_width() -> int:
    """Two pills and room for "+10000": a rush's count must fit, not be clipped."""
    return 2 * (PILL + 2) + max(PILL + 2, QFontMetrics(_count_font()).horizontalAdvance("+10000"))
