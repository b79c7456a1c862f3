"""The code panel as an editor: type the program, with Python's indentation, find, and a
plain-words mark on the line a run refused.

`CodeEditor` is the code panel made writable (same font, zoom, wrapping and gutter), so
the edit looks like the program it came from and the customers' pills can show on it
after a run. `ProgramEditor` adds the bar of editing commands above it, the message strip
for a refused run, and the find bar. `StaleShop` greys the shop floor while the text
differs from what runs there.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QShortcut,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTextEdit,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from coffeeshop_gui.ui.code_panel import CodePanel
from coffeeshop_gui.ui.highlighter import PygmentsHighlighter
from coffeeshop_gui.ui.theme import theme

INDENT = "    "  # one level of Python indentation (PEP 8)
RELEX_MS = 150  # after typing stops, the whole text is lexed again (multi-line strings)
# A line that ends its block: the next line goes one level out.
_ENDS_BLOCK = re.compile(r"^\s*(return|pass|break|continue|raise)\b")
# Keys the window uses as commands but that mean editing here: claimed while typing.
_EDITING_KEYS = {
    Qt.Key.Key_PageUp,
    Qt.Key.Key_PageDown,
    Qt.Key.Key_Backtab,
    Qt.Key.Key_Tab,
    Qt.Key.Key_Up,
    Qt.Key.Key_Down,
    Qt.Key.Key_Right,
}
PROBLEM_COLOUR = "#c62828"
# The refused line's wash under its text: the colour faint enough for the code to read.
PROBLEM_LINE_ALPHA = 70
# The editor's bars (title, problem, toolbar) at zoom 1: the smallest legible from the back.
BAR_TEXT_PX = 14
BADGE_COLOUR = "#8a4b00"  # dark amber: white text on it reads at 7:1


class LiveHighlighter(PygmentsHighlighter):
    """Colours what is typed at once (one line lexed alone), then the whole text again
    once typing pauses, so a multi-line string is coloured right."""

    def __init__(self, document: QTextDocument, source: str, style: str) -> None:
        self._lexed = source.split("\n")
        super().__init__(document, source, style)

    def relex(self, source: str) -> None:
        if source.split("\n") == self._lexed:
            return
        self._spans = self._lex(source)
        self._lexed = source.split("\n")
        self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        number = self.currentBlock().blockNumber()
        if number < len(self._lexed) and self._lexed[number] == text:
            super().highlightBlock(text)
            return
        for start, length, fmt in self._lex(text)[0]:
            self.setFormat(start, length, fmt)


class CodeEditor(CodePanel):
    """The code panel, writable: Python indentation, undo, and a mark for a refused line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.problem_line: int | None = None
        self._problem_cursor: QTextCursor | None = None
        self._mark_selections: list[QTextEdit.ExtraSelection] = []
        self._relex = QTimer(self)
        self._relex.setSingleShot(True)
        self._relex.setInterval(RELEX_MS)
        self._relex.timeout.connect(self._on_typing_paused)
        self.textChanged.connect(self._relex.start)

    def _make_highlighter(self, source: str, style: str) -> PygmentsHighlighter:
        return LiveHighlighter(self.document(), source, style)

    def _on_typing_paused(self) -> None:
        if isinstance(self._highlighter, LiveHighlighter):
            self._highlighter.relex(self.toPlainText())

    def _keep_marks_in_view(self) -> None:
        """Never scroll under the typist: the editor stays where the person put it."""

    # -- a refused run's line ------------------------------------------------------------

    def mark_problem(self, line: int | None) -> None:
        """Underline `line` (1-based) in red until the next run; None clears it."""
        self.problem_line = line
        self._problem_cursor = None
        if line is not None:
            block = self.document().findBlockByNumber(max(0, line - 1))
            self._problem_cursor = QTextCursor(block)  # follows the line as text moves
            self.setTextCursor(QTextCursor(block))
            self.centerCursor()
        self.setExtraSelections(self._mark_selections)

    def problem_block(self) -> int | None:
        """The 1-based line the red mark is on now (it moves with the text above it)."""
        if self._problem_cursor is None:
            return None
        return self._problem_cursor.block().blockNumber() + 1

    def setExtraSelections(self, selections: Sequence[QTextEdit.ExtraSelection]) -> None:
        self._mark_selections = list(selections)
        extra = list(selections)
        if self._problem_cursor is not None:
            problem = QTextEdit.ExtraSelection()
            colour = QColor(PROBLEM_COLOUR)
            colour.setAlpha(PROBLEM_LINE_ALPHA)
            problem.format.setBackground(colour)
            problem.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            problem.cursor = QTextCursor(self._problem_cursor.block())
            extra.append(problem)
        super().setExtraSelections(extra)

    # -- keys ----------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        """Claim the keys that mean editing here before the window's shortcuts see them
        (Tab is the next customer there, PageDown the next tour step)."""
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            plain = event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
            if event.key() in _EDITING_KEYS and plain == Qt.KeyboardModifier.NoModifier:
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        plain = mods in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        if key == Qt.Key.Key_Tab and plain:
            self.indent()
        elif key == Qt.Key.Key_Backtab:
            self.dedent()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            self._new_line()
        elif key == Qt.Key.Key_Backspace and plain and self._back_to_tab_stop():
            pass
        else:
            super().keyPressEvent(event)

    def indent(self) -> None:
        """Tab: one level in for each selected line, or spaces to the next tab stop."""
        cursor = self.textCursor()
        if not _spans_lines(cursor):
            column = cursor.positionInBlock()
            cursor.insertText(" " * (len(INDENT) - column % len(INDENT)))
            return
        self._each_line(cursor, lambda line: line.insertText(INDENT))

    def dedent(self) -> None:
        """Shift+Tab: up to one level out for the selected lines (or the cursor's line)."""

        def out(line: QTextCursor) -> None:
            text = line.block().text()
            spaces = len(text) - len(text.lstrip(" "))
            line.movePosition(
                QTextCursor.MoveOperation.Right,
                QTextCursor.MoveMode.KeepAnchor,
                min(spaces, len(INDENT)),
            )
            line.removeSelectedText()

        self._each_line(self.textCursor(), out)

    def _each_line(self, cursor: QTextCursor, change: object) -> None:
        """Apply `change` at the start of every line the selection touches, as one undo."""
        document = self.document()
        first = document.findBlock(cursor.selectionStart()).blockNumber()
        end = cursor.selectionEnd()
        last_block = document.findBlock(end)
        if cursor.hasSelection() and last_block.position() == end and end > cursor.selectionStart():
            last_block = last_block.previous()  # a selection ending at a line's start
        edit = QTextCursor(document)
        edit.beginEditBlock()
        for number in range(first, last_block.blockNumber() + 1):
            line = QTextCursor(document.findBlockByNumber(number))
            change(line)  # type: ignore[operator]
        edit.endEditBlock()

    def _new_line(self) -> None:
        """Enter keeps the line's indentation, one level more after a `:`, one less after
        a `return`, `pass`, `break`, `continue` or `raise`."""
        cursor = self.textCursor()
        before = cursor.block().text()[: cursor.positionInBlock()]
        indent = before[: len(before) - len(before.lstrip(" "))]
        if before.rstrip().endswith(":"):
            indent += INDENT
        elif _ENDS_BLOCK.match(before):
            indent = indent[: max(0, len(indent) - len(INDENT))]
        cursor.beginEditBlock()
        cursor.insertText("\n" + indent)
        cursor.endEditBlock()
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def _back_to_tab_stop(self) -> bool:
        """Backspace in a line's leading spaces removes back to the previous tab stop."""
        cursor = self.textCursor()
        column = cursor.positionInBlock()
        before = cursor.block().text()[:column]
        if cursor.hasSelection() or column == 0 or before.strip(" "):
            return False
        remove = column % len(INDENT) or len(INDENT)
        cursor.movePosition(QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.KeepAnchor, remove)
        cursor.removeSelectedText()
        return True


def _spans_lines(cursor: QTextCursor) -> bool:
    if not cursor.hasSelection():
        return False
    document = cursor.document()
    return (
        document.findBlock(cursor.selectionStart()).blockNumber()
        != document.findBlock(cursor.selectionEnd()).blockNumber()
    )


class _FindField(QLineEdit):
    """The find bar's text: Enter finds the next, Shift+Enter the previous, Escape closes."""

    next_wanted = Signal(bool)  # backward
    closed = Signal()

    def event(self, event: QEvent) -> bool:
        keys = (Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Enter)
        overriding = event.type() == QEvent.Type.ShortcutOverride
        if overriding and isinstance(event, QKeyEvent) and event.key() in keys:
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.next_wanted.emit(bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier))
        elif event.key() == Qt.Key.Key_Escape:
            self.closed.emit()
        else:
            super().keyPressEvent(event)


class ProgramEditor(QWidget):
    """The editing commands, the text, a refused run's message, and the find bar."""

    changed = Signal()  # the person changed the text

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = QToolBar("Editing")
        self.bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.title = QLabel()
        self.title.setWordWrap(True)  # a long note wraps: it never widens the code's column
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem.hide()
        self.code = CodeEditor()
        self.find_field = _FindField()
        self.find_field.setPlaceholderText("Find (Enter: next, Shift+Enter: previous)")
        self.find_field.next_wanted.connect(self.find_next)
        self.find_field.closed.connect(self.close_find)
        self.find_result = QLabel()
        close = QPushButton("Close")
        close.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        close.clicked.connect(self.close_find)
        self.find_bar = QWidget()
        row = QHBoxLayout(self.find_bar)
        row.setContentsMargins(0, 2, 0, 0)
        row.addWidget(self.find_field, 1)
        row.addWidget(self.find_result)
        row.addWidget(close)
        self.find_bar.hide()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.bar)
        column.addWidget(self.title)
        column.addWidget(self.problem)
        column.addWidget(self.code, 1)
        column.addWidget(self.find_bar)
        self._loading = False
        self.code.textChanged.connect(self._on_text_changed)
        find = QShortcut(QKeySequence.StandardKey.Find, self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self.open_find)

    def load(self, text: str) -> None:
        """Show `text` as a fresh edit: nothing to undo, no mark, no change signalled."""
        self._loading = True
        try:
            self.code.show_source(text)
        finally:
            self._loading = False
        self.show_problem(None)

    def text(self) -> str:
        return self.code.toPlainText()

    def _on_text_changed(self) -> None:
        if not self._loading:
            self.changed.emit()

    def show_problem(self, message: str | None, line: int | None = None) -> None:
        """Say why a run was refused, in plain words, and mark its line; None clears."""
        self.problem.setVisible(message is not None)
        self.problem.setText(message or "")
        self.code.mark_problem(line if message is not None else None)

    def restyle(self, zoom: float) -> None:
        self.code.restyle(zoom)
        look = theme()
        size = f"font-size: {BAR_TEXT_PX * zoom:.0f}px;"
        self.problem.setStyleSheet(
            f"QLabel {{ {size} background: {PROBLEM_COLOUR}; color: white; padding: 4px 8px; }}"
        )
        self.title.setStyleSheet(f"QLabel {{ {size} font-weight: bold; color: {look.panel_ink}; }}")
        self.bar.setStyleSheet(f"QToolBar, QToolBar * {{ {size} }}")
        self.find_bar.setStyleSheet(f"QWidget {{ {size} }}")

    # -- find --------------------------------------------------------------------------------

    def open_find(self) -> None:
        self.find_bar.show()
        selected = self.code.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.find_field.setText(selected)
        self.find_field.selectAll()
        self.find_field.setFocus()

    def close_find(self) -> None:
        self.find_bar.hide()
        self.find_result.clear()
        self.code.setFocus()

    def find_next(self, backward: bool = False) -> bool:
        """Select the next (or previous) occurrence, going round the end; False if none."""
        wanted = self.find_field.text()
        if not wanted:
            return False
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        found = self.code.find(wanted, flags)
        if not found:  # round the end of the text, once
            cursor = self.code.textCursor()
            cursor.movePosition(
                QTextCursor.MoveOperation.End if backward else QTextCursor.MoveOperation.Start
            )
            self.code.setTextCursor(cursor)
            found = self.code.find(wanted, flags)
        self.find_result.setText("" if found else "not found")
        return found


class StaleShop(QWidget):
    """Over the shop floor: greys it and says "edited, not run" while the text differs
    from the program the shop runs. Clicks and drops go through to the shop."""

    BADGE = "Edited, not run"
    HINT = "the shop shows the last run · Ctrl+Enter runs the edit"
    BADGE_PX = 22  # the badge's first line at zoom 1 (the hint is two thirds of it)
    HINT_MIN_PX = 9  # the hint's smallest, however small the badge gets
    BADGE_PADDING = 28  # pixels of badge beside its text, both sides together
    BADGE_FLOOR_MARGIN = 6  # pixels of floor left on each side of the badge
    # The floor's width the badge's text may not take: the badge's padding and its margin
    # on each side. The font shrinks until the text fits the rest.
    BADGE_TEXT_INSET = BADGE_PADDING + 2 * BADGE_FLOOR_MARGIN
    # Each try a tenth smaller, down to BADGE_MIN_PX: on a floor too narrow even for that,
    # the badge runs past the floor's edges rather than shrink past reading.
    BADGE_SHRINK = 0.9
    BADGE_MIN_PX = 10
    # The badge hangs BADGE_TOP below the floor's top edge; its two lines have BADGE_PAD_TOP
    # of badge above them and BADGE_PAD_BOTTOM below.
    BADGE_TOP, BADGE_PAD_TOP, BADGE_PAD_BOTTOM, BADGE_ROUNDING = 12, 6, 8, 10
    # The floor is washed with the panel's colour, enough to say "not this" and still show it.
    WASH_ALPHA = 150

    def __init__(self, floor: QWidget) -> None:
        super().__init__(floor)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.zoom = 1.0
        floor.installEventFilter(self)
        self.setGeometry(floor.rect())
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(watched.rect())  # type: ignore[attr-defined]
        return False

    def badge_fonts(self) -> tuple[QFont, QFont]:
        """The badge's two lines, as large as the zoom asks and the floor's width allows."""
        room = self.width() - self.BADGE_TEXT_INSET
        size = self.BADGE_PX * self.zoom
        while True:
            big, small = QFont(self.font()), QFont(self.font())
            big.setPixelSize(round(size))
            big.setBold(True)
            small.setPixelSize(max(self.HINT_MIN_PX, round(size * 2 / 3)))
            wide = max(
                QFontMetrics(big).horizontalAdvance(self.BADGE),
                QFontMetrics(small).horizontalAdvance(self.HINT),
            )
            if wide <= room or size <= self.BADGE_MIN_PX:
                return big, small
            size *= self.BADGE_SHRINK

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        wash = QColor(theme().panel)
        wash.setAlpha(self.WASH_ALPHA)
        p.fillRect(self.rect(), wash)
        big, small = self.badge_fonts()
        tall, short = QFontMetrics(big), QFontMetrics(small)
        width = (
            max(tall.horizontalAdvance(self.BADGE), short.horizontalAdvance(self.HINT))
            + self.BADGE_PADDING
        )
        pads = self.BADGE_PAD_TOP + self.BADGE_PAD_BOTTOM
        height = tall.height() + short.height() + pads
        box = QRect((self.width() - width) // 2, self.BADGE_TOP, width, height)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(BADGE_COLOUR))
        p.drawRoundedRect(box, self.BADGE_ROUNDING, self.BADGE_ROUNDING)
        p.setPen(QColor("white"))
        p.setFont(big)
        top = box.adjusted(0, self.BADGE_PAD_TOP, 0, 0)
        p.drawText(top, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, self.BADGE)
        p.setFont(small)
        below = top.adjusted(0, tall.height(), 0, 0)
        p.drawText(below, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, self.HINT)
        p.end()
