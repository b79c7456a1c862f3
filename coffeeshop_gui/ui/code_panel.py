"""The program's source, with every live customer's suspended line marked in its colour.

Long lines wrap at the panel's width (a ↪ in the gutter marks each continuation), so no
line hides behind a horizontal scroll bar; the panel scrolls to keep marked lines in view.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QTextBlock,
    QTextCursor,
    QTextFormat,
    QTextOption,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from coffeeshop_gui.ui.highlighter import PygmentsHighlighter
from coffeeshop_gui.ui.theme import theme

GUTTER_PAD = 8
PILL_GAP = 2  # between two pills, and between the pills and the count
CODE_TEXT_PX = 15  # the code's text at zoom 1, in pixels (at least 14, to read from the back)
MARK_TEXT_PX = 14  # a pill's initial and the "+N" beside the pills, at zoom 1
MARKS_PER_LINE = 3  # a gutter shows at most this many pills on a line, then "+N"
COUNT_DIGITS = 5  # a "+N" keeps room for this many digits: the gutter does not widen as a
# crowd grows (a rush brings at most 10,000 customers)
# The selected customer's line is washed this many times as strongly as the others'.
SELECTED_STRENGTH = 2
# A line whose box ends within half a pixel past the viewport (layout rounding) is in view.
IN_VIEW_SLACK = 0.5
CONTINUED = "↪"  # in the gutter, on each further screen line of a wrapped source line
MAX_COLOURED = 200_000  # characters: Pygments lexes about 2 µs a character, so a larger
# program is shown without colours rather than after seconds of lexing (5 MB: 12 s or more)
# Qt wraps at a word boundary by looking back along the line for one: a line with a long run
# of no space (a data literal of 290 kB) took 22 s to show and 9 s each resize. A source with
# such a run wraps anywhere instead (0.2 s), in the middle of a word as it must anyway.
_UNBROKEN = re.compile(r"\S{1000}")


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
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        font = QFont("DejaVu Sans Mono")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPixelSize(CODE_TEXT_PX)
        self.setFont(font)
        self.zoom = 1.0
        self.setAcceptDrops(False)  # a dropped file is a program to open, not text to paste
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys drive the shop, not the cursor
        self._source = ""
        self.followed_line: int | None = None
        self.marks: list[Mark] = []
        self.counts: dict[int, int] | None = None
        self.selected: int | None = None
        self._marks_width = 0  # the gutter's room for pills and a count, as the marks need
        # The marked lines last brought into view, and the chosen one (see set_marks)
        self._in_view: tuple[object, ...] = ()
        self._highlighter: PygmentsHighlighter | None = None
        self._gutter = _Gutter(self)
        self.blockCountChanged.connect(self._on_block_count_changed)
        self.updateRequest.connect(self._scroll_gutter)
        self._fit_gutter()

    @property
    def coloured(self) -> bool:
        """Whether the source shown has syntax colours (not past `MAX_COLOURED`)."""
        return self.document().characterCount() <= MAX_COLOURED  # an edit's, as it grows

    def show_source(self, source: str) -> None:
        self._source = source
        self.followed_line = None
        self.setWordWrapMode(
            QTextOption.WrapMode.WrapAnywhere
            if _UNBROKEN.search(source)
            else QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere
        )
        self.setPlainText(source)
        if self._highlighter is not None:
            self._highlighter.setDocument(None)
            self._highlighter = None
        if self.coloured:
            self._highlighter = self._make_highlighter(source, theme().code_style)
        self.marks = []
        self._in_view = ()
        self.set_marks([], None)
        self.restyle()

    def restyle(self, zoom: float | None = None) -> None:
        """Apply the current theme and zoom (None: keep it) to the text and the gutter."""
        self.zoom = self.zoom if zoom is None else zoom
        look = theme()
        self.setStyleSheet(
            f"QPlainTextEdit {{ background: {look.panel}; color: {look.panel_ink}; }}"
        )
        font = self.font()
        font.setPixelSize(round(CODE_TEXT_PX * self.zoom))
        self.setFont(font)
        if self._highlighter is not None and self._highlighter.style_name != look.code_style:
            self._highlighter.setDocument(None)
            self._highlighter = self._make_highlighter(self.toPlainText(), look.code_style)
        marks, self.marks, self._in_view = self.marks, [], ()
        self.set_marks(marks, self.selected, self.counts)
        self._fit_gutter(shrink=True)  # pills and counts take the new zoom's size

    def _make_highlighter(self, source: str, style: str) -> PygmentsHighlighter:
        """The syntax colours for `source` (the editor's follow what is typed)."""
        return PygmentsHighlighter(self.document(), source, style)

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
        self._fit_gutter()
        selections = []
        seen: set[int] = set()
        for mark in marks:
            if mark.line in seen:
                continue
            seen.add(mark.line)
            selections.append(self._line_selection(mark, strong=mark.task == selected))
        self.setExtraSelections(selections)
        self._gutter.update()
        self._keep_marks_in_view()

    def _line_selection(self, mark: Mark, strong: bool) -> QTextEdit.ExtraSelection:
        sel = QTextEdit.ExtraSelection()
        colour = QColor(mark.tint)
        alpha = theme().mark_alpha
        colour.setAlpha(min(255, alpha * SELECTED_STRENGTH) if strong else alpha)
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

    def line_in_view(self, line: int) -> bool:
        """Whether all of `line` (each of its wrapped screen lines) is on screen now."""
        block = self.document().findBlockByNumber(line - 1)
        if not block.isValid():
            return False
        box = self.blockBoundingGeometry(block).translated(self.contentOffset())
        slack = IN_VIEW_SLACK
        return box.top() >= -slack and box.bottom() <= self.viewport().height() + slack

    # -- keeping marked lines in view --------------------------------------------------------

    def show_as_still(self) -> None:
        """The gutter as wide as the marks shown now need, and the code scrolled to them
        from the top: a still is the same picture however many frames led to it (while a
        run plays the gutter only widens, and the code scrolls only when it must)."""
        self._fit_gutter(shrink=True)
        self._in_view = ()
        self.verticalScrollBar().setValue(0)
        self._keep_marks_in_view()

    def _keep_marks_in_view(self) -> None:
        """Scroll so the selected customer's line is on screen, and as many other marked
        lines as fit with it. Only when the marked lines change, and only if the panel shows
        fewer of them than it could: a frame that moves no one moves no code."""
        chosen = next((m.line for m in self.marks if m.task == self.selected), None)
        lines = sorted({m.line for m in self.marks})
        wanted = (chosen, tuple(lines))
        if not lines or wanted == self._in_view or self.viewport().height() <= 0:
            return
        self._in_view = wanted
        spans = self._spans(lines)
        rows = max(1, self.viewport().height() // max(1, self.fontMetrics().lineSpacing()))
        first, last = _best_window(spans, rows, spans[lines.index(chosen)] if chosen else None)
        shown = sum(self.line_in_view(line) for line in lines)
        if shown >= last - first + 1 and (chosen is None or self.line_in_view(chosen)):
            return  # already as good as it gets
        start, end = spans[first][0], sum(spans[last])
        self.verticalScrollBar().setValue((start + end - rows) // 2)  # centred: some context

    def _spans(self, lines: list[int]) -> list[tuple[int, int]]:
        """The screen lines each source line takes (`lines` in order): the number of its
        first, and how many. The scroll bar counts screen lines, so that is where to scroll.

        Qt lays out only what it paints; the lines up to the last are laid out here first,
        or the ones above the view would count one screen line each, wrapped or not.
        """
        document, spans = self.document(), []
        layout, block = document.documentLayout(), document.firstBlock()
        while block.isValid() and block.blockNumber() < lines[-1]:
            layout.blockBoundingRect(block)  # lays it out, counting its wrapped lines
            block = block.next()
        for line in lines:
            block = document.findBlockByNumber(line - 1)
            spans.append((block.firstLineNumber(), max(1, block.lineCount())))
        return spans

    # -- the gutter: line numbers and a pill per customer ------------------------------------

    def _badges(self, here: list[Mark], line: int) -> tuple[list[Mark], str]:
        """The pills drawn on a line and the "+N" for the customers beyond them (the selected
        customer's pill comes first, so it is always one of those drawn)."""
        total = max(len(here), (self.counts or {}).get(line, 0))
        shown = here[:MARKS_PER_LINE]
        return shown, f"+{total - len(shown)}" if total > len(shown) else ""

    def gutter_badge(self, line: int) -> tuple[list[int], str]:
        """What a viewer sees beside `line`: the customers' pills and the count beyond them."""
        shown, more = self._badges([m for m in self.marks if m.line == line], line)
        return [m.task for m in shown], more

    def count_fits(self, text: str) -> bool:
        """Whether a "+N" fits in the gutter whole (a clipped count misreports the crowd)."""
        room = self._marks_width - MARKS_PER_LINE * (self.pill_size() + PILL_GAP)
        return QFontMetrics(self._mark_font()).horizontalAdvance(text) <= room

    def pill_size(self) -> int:
        """A pill's diameter: one screen line of code."""
        return self.fontMetrics().height()

    def numbers_width(self) -> int:
        """The gutter's room for line numbers (and the ↪ of a wrapped line)."""
        digits = len(str(max(1, self.blockCount())))
        metrics = self.fontMetrics()
        return max(metrics.horizontalAdvance("9" * digits), metrics.horizontalAdvance(CONTINUED))

    def gutter_width(self) -> int:
        """Line numbers, then room for as many pills (and a count) as a line shows now."""
        return GUTTER_PAD + self.numbers_width() + GUTTER_PAD + self._marks_width

    def _needed_marks_width(self) -> int:
        """The widest row of pills any line shows, with its "+N" (room for COUNT_DIGITS)."""
        per_line: dict[int, list[Mark]] = {}
        for mark in self.marks:
            per_line.setdefault(mark.line, []).append(mark)
        lines = set(per_line) | set(self.counts or {})
        pill, widest = self.pill_size() + PILL_GAP, 0
        count = QFontMetrics(self._mark_font())
        for line in lines:
            shown, more = self._badges(per_line.get(line, []), line)
            width = len(shown) * pill
            if more:
                digits = max(COUNT_DIGITS, len(more) - 1)
                width = MARKS_PER_LINE * pill + count.horizontalAdvance("+" + "9" * digits)
            widest = max(widest, width)
        return widest + (GUTTER_PAD if widest else 0)

    def _on_block_count_changed(self, _count: int) -> None:
        self._fit_gutter()  # the line numbers' digits

    def _fit_gutter(self, shrink: bool = False) -> None:
        """Make room for the pills. While customers are marked the room only grows, so the
        code does not shift and re-wrap each time one of them moves on."""
        needed = self._needed_marks_width()
        keep = self.marks and not shrink
        self._marks_width = max(needed, self._marks_width) if keep else needed
        width = self.gutter_width()
        if self.viewportMargins().left() != width:
            self.setViewportMargins(width, 0, 0, 0)
            cr = self.contentsRect()
            self._gutter.setGeometry(QRect(cr.left(), cr.top(), width, cr.height()))

    def _mark_font(self) -> QFont:
        """The pills' initials and the "+N": bold, as large as the code allows."""
        font = QFont("DejaVu Sans", -1, QFont.Weight.Bold)
        font.setPixelSize(min(round(MARK_TEXT_PX * self.zoom), self.pill_size()))
        return font

    def _scroll_gutter(self, rect: QRect, dy: int) -> None:
        if dy:
            self._gutter.scroll(0, dy)
        else:
            self._gutter.update(0, rect.y(), self._gutter.width(), rect.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        cr = self.contentsRect()
        self._gutter.setGeometry(QRect(cr.left(), cr.top(), self.gutter_width(), cr.height()))
        self._in_view = ()  # lines wrap anew: look again at what is in view
        self._keep_marks_in_view()

    def paint_gutter(self, event: QPaintEvent) -> None:
        p = QPainter(self._gutter)
        p.fillRect(event.rect(), theme().colour("gutter"))
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        by_line: dict[int, list[Mark]] = {}
        for mark in self.marks:
            by_line.setdefault(mark.line, []).append(mark)
        block = self.firstVisibleBlock()
        top = self.blockBoundingGeometry(block).translated(self.contentOffset()).top()
        while block.isValid() and top <= event.rect().bottom():
            self._paint_line_gutter(p, block, top, by_line.get(block.blockNumber() + 1, []))
            top += self.blockBoundingRect(block).height()
            block = block.next()
        p.end()

    def _paint_line_gutter(
        self, p: QPainter, block: QTextBlock, top: float, here: list[Mark]
    ) -> None:
        """One source line's gutter: its number, a ↪ per wrapped screen line, its pills."""
        line, height = block.blockNumber() + 1, self.fontMetrics().height()
        numbers = QRectF(GUTTER_PAD, top, self.numbers_width(), height)
        p.setPen(theme().colour("gutter_ink"))
        p.setFont(self.font())
        p.drawText(numbers, Qt.AlignmentFlag.AlignRight, str(line))
        layout = block.layout()
        for i in range(1, layout.lineCount()):
            p.drawText(
                numbers.translated(0, layout.lineAt(i).y()), Qt.AlignmentFlag.AlignRight, CONTINUED
            )
        shown, more = self._badges(here, line)
        pill = self.pill_size()
        x = numbers.right() + GUTTER_PAD
        p.setFont(self._mark_font())
        for i, mark in enumerate(shown):
            self._paint_pill(p, mark, QRectF(x + i * (pill + PILL_GAP), top, pill, pill))
        if more:
            p.setPen(theme().colour("gutter_ink"))
            room = QRectF(x + MARKS_PER_LINE * (pill + PILL_GAP), top, self._marks_width, height)
            p.drawText(room, Qt.AlignmentFlag.AlignVCenter, more)

    def _paint_pill(self, p: QPainter, mark: Mark, r: QRectF) -> None:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(mark.tint))
        p.drawEllipse(r)
        p.setPen(QColor("white"))
        p.drawText(r, Qt.AlignmentFlag.AlignCenter, mark.glyph)


def _best_window(
    spans: list[tuple[int, int]], rows: int, chosen: tuple[int, int] | None
) -> tuple[int, int]:
    """The first and last index of the most `spans` (first screen line, screen lines; in
    order) that fit together in `rows` screen lines, among the runs that hold `chosen`."""
    best, last = (0, 0), 0
    for first, (start, _) in enumerate(spans):
        last = max(last, first)
        while last + 1 < len(spans) and sum(spans[last + 1]) - start <= rows:
            last += 1
        holds = chosen is None or start <= chosen[0] <= spans[last][0]
        if holds and (last - first > best[1] - best[0] or not _holds(spans, best, chosen)):
            best = (first, last)
    return best


def _holds(
    spans: list[tuple[int, int]], window: tuple[int, int], chosen: tuple[int, int] | None
) -> bool:
    return chosen is None or spans[window[0]][0] <= chosen[0] <= spans[window[1]][0]
