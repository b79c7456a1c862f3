"""The code panel at a projector's size: every line readable whole, marked lines in view."""

from __future__ import annotations

from PySide6.QtGui import QFontInfo, QTextOption

from coffeeshop_gui.lessons import TOUR
from coffeeshop_gui.ui.code_panel import (
    GUTTER_PAD,
    MARKS_PER_LINE,
    MAX_COLOURED,
    PILL_GAP,
    CodePanel,
)


def projected(open_shop, step: int | None = None):
    """A shop at 1024x768, on a tour step or the default program."""
    shop = open_shop() if step is None else open_shop(TOUR[step - 1].file)
    shop.window.resize(1024, 768)
    shop.loop.set_pace(0.0)
    return shop


def test_a_long_line_wraps_instead_of_hiding_behind_a_scroll_bar(open_shop):
    shop = projected(open_shop, step=4)
    shop.run_to(0.5)
    code = shop.window.code
    assert code.horizontalScrollBar().maximum() == 0
    width = code.viewport().width()
    block, wrapped = code.document().firstBlock(), 0
    layout = code.document().documentLayout()
    while block.isValid():
        assert layout.blockBoundingRect(block).width() <= width, block.text()
        wrapped += block.lineCount() > 1
        block = block.next()
    assert wrapped  # step 4's longest lines do not fit 1024x768: they wrap, whole


def test_a_line_of_data_with_no_space_wraps_anywhere_and_the_code_at_words(qapp):
    """A data literal of thousands of characters with no space took Qt 22 s to show, looking
    back along it for a word's end at each wrap: such a source wraps anywhere (it must, in
    the middle of that run, anyway); code as people write it wraps at its words."""
    code = CodePanel()
    code.resize(400, 300)
    code.show()
    code.show_source("import asyncio\n\nasync def main():\n    return 'a long line of words' * 9\n")
    assert code.wordWrapMode() == QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere
    data = "x = [" + ",".join(map(str, range(3000))) + "]\n"
    code.show_source("import asyncio\n" + data + "\nasync def main():\n    pass\n")
    assert code.wordWrapMode() == QTextOption.WrapMode.WrapAnywhere
    qapp.processEvents()
    block = code.document().findBlockByNumber(1)
    code.document().documentLayout().blockBoundingRect(block)  # laid out, as when shown
    assert block.lineCount() > 10  # shown whole, wrapped
    code.close()


def test_a_marked_line_far_down_the_file_is_scrolled_into_view(open_shop):
    shop = projected(open_shop, step=4)
    shop.run_to(3.0)  # main has reached the thread pool's gather, far down the file
    main = shop.customer("main")
    assert main.line > 30
    assert shop.window.code.line_in_view(main.line)


def test_the_selected_customers_line_stays_in_view_while_others_move(open_shop):
    shop = projected(open_shop)
    shop.run_to(0.5)
    main = shop.customer("main")
    shop.window.select(main.id)
    shop.run_to(4.0)  # Ada, Ben and Cy move between lines far above main's
    code = shop.window.code
    assert code.line_in_view(main.line)
    assert {shop.customer(n).line for n in ("Ada", "Ben", "Cy")} - {main.line}


def test_without_a_selection_the_panel_shows_as_many_marked_lines_as_fit(open_shop):
    shop = projected(open_shop)
    shop.run_to(0.5)  # Ada, Ben and Cy wait at one line; main at another, far below
    code = shop.window.code
    lines = {shop.customer(n).line for n in ("Ada", "Ben", "Cy", "main")}
    assert len(lines) == 2
    assert any(code.line_in_view(line) for line in lines)
    shop.run_to(1.2)  # Ben has moved on a line: the marked lines that fit are all in view
    ada, ben = shop.customer("Ada").line, shop.customer("Ben").line
    assert ada != ben and code.line_in_view(ada) and code.line_in_view(ben)


def test_the_gutter_is_as_wide_as_its_numbers_and_the_pills_it_shows(open_shop):
    shop = projected(open_shop)
    code = shop.window.code
    code.set_marks([], None)
    code.show_source(shop.window.program.source)  # nobody marked yet: numbers only
    assert code.gutter_width() == 2 * GUTTER_PAD + code.numbers_width()
    shop.run_to(0.5)  # three customers on one line: three pills
    pills = MARKS_PER_LINE * (code.pill_size() + PILL_GAP)
    assert code.gutter_width() == 2 * GUTTER_PAD + code.numbers_width() + pills + GUTTER_PAD


def code_text_px(shop) -> int:
    return QFontInfo(shop.window.code.font()).pixelSize()


def test_code_text_is_at_least_14_px(open_shop):
    assert code_text_px(projected(open_shop)) >= 14


def test_code_text_grows_with_zoom(open_shop):
    shop = projected(open_shop)
    before = code_text_px(shop)
    shop.window.zoom = 1.5
    shop.window.apply_look()
    assert code_text_px(shop) >= 1.4 * before


def test_the_code_does_not_shift_while_customers_move_between_lines(open_shop):
    shop = projected(open_shop)
    shop.run_to(0.5)  # three pills on one line
    width = shop.window.code.gutter_width()
    shop.run_to(1.2)  # Ben has moved on: two pills there, one on the next line
    assert shop.window.code.gutter_width() == width


def colours_on(code, line: int) -> int:
    """How many coloured spans the syntax highlighter put on a line (1-based)."""
    return len(code.document().findBlockByNumber(line - 1).layout().formats())


def test_a_very_large_program_opens_without_colours_and_says_so(open_shop, tmp_path):
    recipe = "async def brew_{0}():\n    await asyncio.sleep({0})  # brew\n\n\n"
    body, count = [], 0
    while sum(map(len, body)) <= MAX_COLOURED:
        body.append(recipe.format(count))
        count += 1
    path = tmp_path / "large.py"
    path.write_text("import asyncio\n\n" + "".join(body) + MAIN_AT_THE_END)
    shop = open_shop(path)
    shop.run_to(0.5)
    window, code = shop.window, shop.window.code
    assert "large.py is large (0.2 MB)" in window.statusBar().currentMessage()
    main = shop.customer("main")
    assert main.line == code.document().blockCount() - 1  # on its `await` line, at the end
    assert code.line_in_view(main.line)  # the panel is usable: it followed main down there
    assert colours_on(code, main.line) == 0 and colours_on(code, 3) == 0


def test_a_program_of_usual_size_is_coloured(open_shop):
    shop = open_shop()
    code = shop.window.code
    first_def = next(
        n
        for n, text in enumerate(shop.window.program.source.splitlines(), 1)
        if text.startswith("async def")
    )
    assert colours_on(code, first_def) > 0
    assert not shop.window.statusBar().currentMessage()


MAIN_AT_THE_END = """async def main():
    await asyncio.sleep(100)
"""
