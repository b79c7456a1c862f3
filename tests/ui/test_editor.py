"""The code panel as an editor: typing, Python's indentation, undo, and running the edit."""

from __future__ import annotations

from gestures import press
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from support import program_path

from coffeeshop_gui.ui.editor import ProgramEditor

BREW_LINE = "coffee = await brew(drink)"  # where Ada, Ben and Cy sit down first


def editing(shop):
    press(shop, "E")
    assert shop.window.editing
    return shop.window.editor


def type_in(shop, text: str) -> None:
    """Type as a person does: each line, then Enter (which indents as the editor sees fit)."""
    code = shop.window.editor.code
    for i, line in enumerate(text.split("\n")):
        if i:
            shop.qtbot.keyClick(code, Qt.Key.Key_Return)
        shop.qtbot.keyClicks(code, line)


def put_cursor(editor, line: int, at_end: bool = False) -> None:
    cursor = QTextCursor(editor.code.document().findBlockByNumber(line - 1))
    if at_end:
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    editor.code.setTextCursor(cursor)


def line_with(text: str, source: str) -> int:
    return next(n for n, line in enumerate(source.splitlines(), 1) if text in line)


def test_e_turns_the_code_panel_into_an_editor_with_the_programs_text(open_shop):
    shop = open_shop()
    editor = editing(shop)
    assert editor.isVisible() and not shop.window.code.isVisible()
    assert editor.text() == shop.window.program.source
    assert editor.code.hasFocus()


def test_the_editor_is_built_at_the_first_e_with_the_program_opened_before(open_shop):
    shop = open_shop()
    # The first frame shows the code panel: a window opens sooner without an editor to fill.
    assert shop.window.findChildren(ProgramEditor) == []
    assert shop.window.stale is None  # the grey over the floor comes with the editor
    shop.window.open_program(program_path("gather"))  # opened while no editor exists
    shop.window.do_zoom_in()
    editor = editing(shop)
    assert shop.window.findChildren(ProgramEditor) == [editor]
    assert shop.window.stale.zoom == shop.window.zoom > 1.0
    assert editor.text() == program_path("gather").read_text()
    assert editor.title.text() == "Editing gather.py  (saved)"
    assert [a.text() for a in editor.bar.actions()][:3] == ["Run edit", "Stop", "Save"]


def test_typed_keys_go_into_the_text_not_to_the_shops_commands(open_shop):
    shop = open_shop()
    editor = editing(shop)
    put_cursor(editor, 1)
    turns = shop.loop.turns
    type_in(shop, "Then ")  # T is the tour, N a step, E the editor, outside the editor
    shop.qtbot.keyClick(editor.code, Qt.Key.Key_Tab)  # the next customer, outside
    shop.qtbot.keyClick(editor.code, Qt.Key.Key_PageDown)  # the tour's next step, outside
    assert editor.text().startswith('Then    """')  # Tab: to the next tab stop
    assert shop.window.tour_index is None
    assert shop.loop.turns == turns
    assert shop.window.editing


def test_enter_after_a_colon_indents_the_next_line(open_shop):
    shop = open_shop()
    editor = editing(shop)
    put_cursor(editor, editor.code.blockCount(), at_end=True)
    type_in(shop, "\nasync def mocha():")
    shop.qtbot.keyClick(editor.code, Qt.Key.Key_Return)
    type_in(shop, "return 1")
    shop.qtbot.keyClick(editor.code, Qt.Key.Key_Return)
    type_in(shop, "x = 2")
    assert editor.text().endswith("async def mocha():\n    return 1\nx = 2")


def test_shift_tab_takes_the_selected_lines_one_level_out(open_shop):
    shop = open_shop()
    editor = editing(shop)
    first = line_with("finished = []", editor.text())
    cursor = QTextCursor(editor.code.document().findBlockByNumber(first - 1))
    cursor.movePosition(QTextCursor.MoveOperation.Down, QTextCursor.MoveMode.KeepAnchor)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
    editor.code.setTextCursor(cursor)
    shop.qtbot.keyClick(editor.code, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    lines = editor.text().splitlines()
    assert lines[first - 1] == "finished = []"
    assert lines[first] == "for drink in drinks:"
    shop.qtbot.keyClick(editor.code, Qt.Key.Key_Tab)  # and back in, both lines
    assert editor.text() == shop.window.program.source


def test_undo_takes_back_what_was_typed(open_shop):
    shop = open_shop()
    editor = editing(shop)
    put_cursor(editor, 1)
    type_in(shop, "oops")
    assert editor.text() != shop.window.program.source
    for _ in "oops":
        shop.qtbot.keyClick(editor.code, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.text() == shop.window.program.source


def test_the_shop_is_greyed_with_a_badge_while_the_edit_is_not_run(open_shop):
    shop = open_shop()
    editor = editing(shop)
    assert not shop.window.stale.isVisible()  # the text is what runs
    put_cursor(editor, 1)
    type_in(shop, "# what if\n")
    assert shop.window.stale.isVisible()
    press(shop, "Ctrl+Return")
    assert not shop.window.stale.isVisible()


def test_a_run_of_the_edit_restarts_the_shop_on_it_with_marks_on_the_new_lines(open_shop):
    shop = open_shop()
    shop.run_to(0.5)
    old_session = shop.window.session
    old_line = shop.customer("Ada").line
    editor = editing(shop)
    put_cursor(editor, 1)
    type_in(shop, "# one\n# two\n# three\n")
    press(shop, "Ctrl+Return")
    assert shop.window.session is not old_session
    assert shop.window.program.source == editor.text()
    shop.run_to(0.5)
    brew_line = line_with(BREW_LINE, editor.text())
    assert brew_line == old_line + 3
    assert {shop.customer(name).line for name in ("Ada", "Ben", "Cy")} == {brew_line}
    assert brew_line in shop.window.code.marked_lines()
    assert brew_line in editor.code.marked_lines()  # the pills show on the editor too


def test_restart_runs_the_edit_again_not_the_file(open_shop):
    shop = open_shop()
    editor = editing(shop)
    put_cursor(editor, 1)
    type_in(shop, "# edited\n")
    press(shop, "Ctrl+Return")
    press(shop, "Ctrl+R")
    assert shop.window.program.source.startswith("# edited\n")


def run_a_syntax_error(open_shop):
    """At 1 s, type " oops" after the espresso line and run the edit: the shop, the run and
    source before it, the editor and the broken line."""
    shop = open_shop()
    shop.run_to(1.0)
    session, source = shop.window.session, shop.window.program.source
    editor = editing(shop)
    broken = line_with('return await brew("espresso")', editor.text())
    put_cursor(editor, broken, at_end=True)
    type_in(shop, " oops")
    press(shop, "Ctrl+Return")
    return shop, session, source, editor, broken


def test_a_syntax_error_keeps_the_old_run(open_shop):
    shop, session, source, editor, _broken = run_a_syntax_error(open_shop)
    assert shop.window.session is session and shop.window.program.source == source
    assert 'brew("espresso") oops' in editor.text()  # nothing thrown away
    shop.run_to(2.0)  # the last good run goes on
    assert shop.window.session is session


def test_a_syntax_error_marks_its_line(open_shop):
    _shop, _session, _source, editor, broken = run_a_syntax_error(open_shop)
    assert editor.code.problem_line == broken
    assert editor.problem.isVisible()
    assert f"line {broken}" in editor.problem.text()


def test_an_edit_without_an_async_main_is_refused_in_plain_words(open_shop):
    shop = open_shop()
    session = shop.window.session
    editor = editing(shop)
    editor.code.selectAll()
    type_in(shop, "import asyncio\n")
    assert not shop.window.do_run_edit()
    assert shop.window.session is session
    assert "has no `async def main()`" in editor.problem.text()
