"""Presenting: the keys do what the help overlay says; looks and settings carry over."""

from __future__ import annotations

import asyncio

from gestures import press
from PySide6.QtCore import QPointF, QSettings, Qt
from PySide6.QtGui import QColor, QFontInfo, QImage, QKeySequence, QPainter
from PySide6.QtWidgets import QStyleOptionGraphicsItem
from windows import dispose

from coffeeshop_gui.engine.program import load_program
from coffeeshop_gui.loop.shop_loop import Gate, ShopLoop
from coffeeshop_gui.model import events as ev
from coffeeshop_gui.programs import DEFAULT_PROGRAM
from coffeeshop_gui.ui.commands import COMMANDS, help_rows, key_names
from coffeeshop_gui.ui.items.customer import CustomerItem
from coffeeshop_gui.ui.theme import set_theme, theme
from coffeeshop_gui.ui.window import ShopWindow


def test_the_help_overlay_lists_every_command_with_its_keys(open_shop):
    shop = open_shop()
    press(shop, "F1")
    assert shop.window.help.isVisible()
    assert shop.window.help.rows == help_rows()
    shown = shop.window.help.text.text()
    for command in COMMANDS:
        assert key_names(command).split(" / ")[0] in shown.replace("&amp;", "&")
    press(shop, "Escape")
    assert not shop.window.help.isVisible()
    press(shop, "?")
    assert shop.window.help.isVisible()
    press(shop, "F1")
    assert not shop.window.help.isVisible()


def test_every_command_is_bound_to_the_keys_the_help_names(open_shop):
    shop = open_shop()
    for command in COMMANDS:
        action = shop.window.actions_by_name[command.name]
        bound = [s.toString() for s in action.shortcuts()]
        assert bound == [QKeySequence(k).toString() for k in command.keys]


def space_twice(shop) -> tuple[Gate, Gate]:
    """Press Space on a shop the horizon left paused, then again: the gate after each."""
    shop.run_to(0.5)
    shop.loop.set_speed(1.0)
    press(shop, "Space")
    played = shop.loop.gate
    press(shop, "Space")
    return played, shop.loop.gate


def test_space_toggles_playing(open_shop):
    assert space_twice(open_shop()) == (Gate.PLAY, Gate.PAUSED)


def test_play_pause_says_play_once_the_shop_has_paused_itself(open_shop):
    """A shop that stops by itself (at a moment asked for, as a still does) offers Play: a
    button that still said Pause would do nothing a class could see."""
    shop = open_shop()
    shop.run_to(0.5)
    shop.loop.set_speed(1.0)
    button = shop.window.actions_by_name["play_pause"]
    press(shop, "Space")
    assert shop.loop.gate is Gate.PLAY and button.text() == "Pause"
    paused: list[bool] = []
    shop.loop.horizon_reached.connect(lambda: paused.append(True))
    shop.loop.horizon = shop.loop.time() + 0.2
    shop.qtbot.waitUntil(lambda: bool(paused), timeout=10_000)
    assert shop.loop.gate is Gate.PAUSED
    shop.window.tick()
    assert button.text() == "Play"


def test_a_paused_shop_holds_still_while_the_window_keeps_ticking(open_shop):
    shop = open_shop()
    space_twice(shop)
    held, turns = shop.loop.time(), shop.loop.turns
    frames = shop.window.frames
    shop.qtbot.wait(400)
    assert (
        shop.window.frames - frames >= 3 and shop.loop.time() == held and shop.loop.turns == turns
    )


def test_right_and_n_each_run_exactly_one_turn(open_shop):
    shop = open_shop()
    shop.window.do_reset()
    for key in ("Right", "N", "Right"):
        turns = shop.loop.turns
        press(shop, key)
        shop.qtbot.waitUntil(lambda t=turns: shop.loop.turns == t + 1, timeout=3000)
        shop.qtbot.wait(40)
        assert shop.loop.turns == turns + 1


def test_tab_and_shift_tab_walk_through_the_customers(open_shop):
    shop = open_shop()
    shop.run_to(0.5)
    ids = [c.id for c in shop.window.state.customers.values()]
    press(shop, "Tab")
    assert shop.window.selected_task() == ids[0]
    press(shop, "Tab")
    assert shop.window.selected_task() == ids[1]
    press(shop, "Shift+Tab")
    assert shop.window.selected_task() == ids[0]
    assert shop.window.code.followed_line == shop.window.state.customers[ids[0]].line


def code_text_px(shop) -> int:
    return QFontInfo(shop.window.code.font()).pixelSize()


def test_zoom_keys_change_the_text_size(open_shop):
    shop = open_shop()
    size = code_text_px(shop)
    press(shop, "Ctrl+=")
    press(shop, "Ctrl+=")
    assert shop.window.zoom > 1 and code_text_px(shop) > size
    press(shop, "Ctrl+-")
    press(shop, "Ctrl+-")
    press(shop, "Ctrl+-")
    assert shop.window.zoom < 1


def test_ctrl_0_resets_the_text_size(open_shop):
    shop = open_shop()
    size = code_text_px(shop)
    press(shop, "Ctrl+-")
    press(shop, "Ctrl+0")
    assert shop.window.zoom == 1.0 and code_text_px(shop) == size


def full_screen(shop) -> bool:
    return bool(shop.window.windowState() & Qt.WindowState.WindowFullScreen)


def test_f11_or_f5_toggles_presenter_mode(open_shop):
    shop = open_shop()
    for key in ("F11", "F5"):
        press(shop, key)
        assert full_screen(shop)
        press(shop, key)
        assert not full_screen(shop)


def test_escape_leaves_presenter_mode(open_shop):
    shop = open_shop()
    for key in ("F11", "F5"):
        press(shop, key)
        press(shop, "Escape")
        assert not full_screen(shop)


def test_brackets_change_the_speed_of_shop_time(open_shop):
    shop = open_shop()
    start = shop.window.speed.currentIndex()
    press(shop, "]")
    assert shop.window.speed.currentIndex() == start + 1
    assert shop.loop.speed == shop.window.speed.currentData()
    press(shop, "[")
    press(shop, "[")
    assert shop.window.speed.currentIndex() == start - 1


def test_ctrl_r_restarts_the_program_playing(open_shop):
    shop = open_shop()
    shop.run_to(1.0)
    first = shop.window.session
    press(shop, "Ctrl+R")
    assert shop.window.session is not first and shop.loop.gate is Gate.PLAY


def test_ctrl_shift_r_resets_the_program_paused_before_its_first_turn(open_shop):
    shop = open_shop()
    shop.run_to(1.0)
    shop.loop.play()
    first = shop.window.session
    press(shop, "Ctrl+Shift+R")
    assert shop.window.session is not first and shop.loop.gate is Gate.PAUSED
    turns = shop.loop.turns
    shop.qtbot.wait(150)
    assert shop.loop.turns == turns  # the reset shop waits for play or step
    created, queued = shop.window.session.log  # main created and queued, not started
    assert isinstance(created, ev.TaskCreated) and isinstance(queued, ev.Scheduled)


def floor_colour(shop) -> QColor:
    image = shop.window.view.viewport().grab().toImage()
    at = shop.window.view.mapFromScene(QPointF(300, 560))
    return QColor(image.pixel(at.x(), at.y()))


def theme_and_floor_at_each_ctrl_t(shop) -> list[tuple[str, int]]:
    """Press Ctrl+T three times: the theme's name and the floor's lightness before each."""
    seen = []
    for _ in range(3):
        seen.append((theme().name, floor_colour(shop).lightness()))
        press(shop, "Ctrl+T")
    return seen


def test_ctrl_t_cycles_through_the_three_themes(open_shop):
    seen = theme_and_floor_at_each_ctrl_t(open_shop())
    assert [name for name, _ in seen] == ["light", "dark", "high-contrast"]
    assert theme().name == "light"


def test_the_floor_repaints_in_each_theme(open_shop):
    light, dark, contrast = (
        lightness for _, lightness in theme_and_floor_at_each_ctrl_t(open_shop())
    )
    assert dark < 100 < light and contrast > 240


def test_customers_differ_by_initial_not_only_by_colour(qapp):
    set_theme("light")
    a, b = CustomerItem(1, "Ada"), CustomerItem(8, "Bo")  # 8 wraps to Ada's colour
    assert a.colour == b.colour
    assert _render(a) != _render(b)


def _render(item: CustomerItem) -> bytes:
    image = QImage(120, 160, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    painter.translate(60, 120)
    item.paint(painter, QStyleOptionGraphicsItem(), None)
    painter.end()
    return bytes(image.constBits())


def test_theme_zoom_speed_and_pace_persist_to_the_next_run(qtbot, qapp, tmp_path):
    path = str(tmp_path / "settings.ini")
    first = _window(qapp, path)
    first.do_theme()
    first.do_zoom_in()
    first.speed.setCurrentIndex(4)
    first.pace.setCurrentIndex(0)
    first.close()
    dispose(first)
    second = _window(qapp, path)
    try:
        assert theme().name == "dark" and second.zoom > 1.0
        assert second.speed.currentIndex() == 4 and second.loop.speed == 4.0
        assert second.pace.currentIndex() == 0 and second.loop.pace == 0.0
    finally:
        set_theme("light")
        dispose(second)


def _window(qapp, path: str) -> ShopWindow:
    qapp.setQuitOnLastWindowClosed(False)
    loop = ShopLoop(qapp)
    asyncio.set_event_loop(loop)
    window = ShopWindow(
        loop, load_program(DEFAULT_PROGRAM), QSettings(path, QSettings.Format.IniFormat)
    )
    window.show()
    return window


def test_every_key_can_be_read_at_a_projectors_1024x768(open_shop, qapp):
    """Some thirty commands: in columns as wide as the window holds, scrolling for the rest,
    so that no row is cut off at the bottom of the sheet."""
    shop = open_shop()
    shop.window.resize(1024, 768)
    qapp.processEvents()
    press(shop, "F1")
    qapp.processEvents()
    help_ = shop.window.help
    assert help_.columns == 2
    shown = help_.scroller.viewport().height() + help_.scroller.verticalScrollBar().maximum()
    assert shown >= help_.text.heightForWidth(help_.scroller.viewport().width()) - 1
    assert QFontInfo(help_.text.font()).pixelSize() >= 14


def _lightness(widget) -> int:
    """The median lightness of a widget's pixels as drawn: its background, mostly."""
    image = widget.grab().toImage()
    values = sorted(
        QColor(image.pixel(x, y)).lightness()
        for x in range(0, image.width(), 4)
        for y in range(0, image.height(), 2)
    )
    return values[len(values) // 2]


def test_every_panel_takes_the_new_theme_after_a_round_of_ctrl_t_zoomed_in_the_dark(open_shop):
    """Light, dark (zoomed in there, so each panel is styled again while dark), high
    contrast, light again: the toolbars, the program's name and the status line are drawn
    in light colours again, not left as the dark theme drew them."""
    shop = open_shop()
    window = shop.window
    panels = (window.command_bar, window.pace_bar, window.file_label, window.status)
    press(shop, "Ctrl+=")
    first = [_lightness(panel) for panel in panels]
    press(shop, "Ctrl+T")
    press(shop, "Ctrl+-")
    press(shop, "Ctrl+=")
    for _ in range(2):
        press(shop, "Ctrl+T")
    shop.qtbot.wait(50)  # the palette's change reaches every widget
    assert theme().name == "light"
    again = [_lightness(panel) for panel in panels]
    assert all(light > 150 for light in first)
    assert all(abs(a - b) <= 10 for a, b in zip(first, again, strict=True)), (first, again)
