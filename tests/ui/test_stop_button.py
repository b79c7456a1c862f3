"""The Stop button in a process of its own: it answers while the program holds the window."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import threading
from pathlib import Path

from gestures import press
from PySide6.QtCore import Qt
from test_editor_saving import SPINNER, edit

from coffeeshop_gui.ui import stop_button
from coffeeshop_gui.ui.stop_button import StopWindow, describe

PRESSER = Path(__file__).with_name("stop_presser.py")
HOLDING = {"held": 3.94, "where": "on line 7 of spin.py", "code": "while True:", "zoom": 1.0}
BACKSTOP = 20.0
SHORT_BLOCK = """import asyncio
import time


async def main():
    time.sleep(0.05)
    await asyncio.sleep(0)
"""


def test_the_line_that_holds_the_thread_is_named_with_its_code():
    where, code = describe(6, SPINNER, "spin.py")
    assert where == "on line 6 of spin.py"
    assert code == "while True:"
    assert describe(None, SPINNER, "spin.py") == ("in spin.py", "")


def test_a_long_line_of_code_is_cut_with_an_ellipsis():
    source = "x = " + "1 + " * 40 + "1\n"
    _, code = describe(1, source, "long.py")
    assert len(code) == stop_button.CODE_CHARS and code.endswith("…")


def holding_window(qtbot) -> tuple[StopWindow, io.StringIO]:
    """A Stop window showing HOLDING, and what it writes to its parent."""
    out = io.StringIO()
    window = StopWindow(out)
    qtbot.addWidget(window)
    window.show_holding(HOLDING)
    return window, out


def test_the_window_says_which_line_holds_the_thread_for_how_long(qtbot):
    window, _out = holding_window(qtbot)
    assert window.isVisible()
    assert "line 7 of spin.py" in window.detail.text() and "3.9 s" in window.detail.text()
    assert window.code.text() == "while True:"


def test_stop_writes_stop_once(qtbot):
    window, out = holding_window(qtbot)
    qtbot.mouseClick(window.button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.button, Qt.MouseButton.LeftButton)  # pressed once is enough
    assert out.getvalue().split() == ["shown", "stop"]
    assert not window.button.isEnabled()


def test_the_stop_keys_press_stop(qtbot):
    for key, modifier in (
        (Qt.Key.Key_Period, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier),
    ):
        out = io.StringIO()
        window = StopWindow(out)
        qtbot.addWidget(window)
        window.show_holding(HOLDING)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        qtbot.keyClick(window, key, modifier)
        assert out.getvalue().split() == ["shown", "stop"], key


def test_the_window_hides_when_the_turn_returns(qtbot):
    window, out = holding_window(qtbot)
    window.press()
    window.hide_holding()
    assert not window.isVisible()
    assert out.getvalue().split() == ["shown", "stop", "hidden"]


def test_the_window_can_stop_the_next_hold(qtbot):
    window, out = holding_window(qtbot)
    window.press()
    window.hide_holding()
    window.show_holding(HOLDING)
    assert window.button.isEnabled()
    window.press()
    assert out.getvalue().split() == ["shown", "stop", "hidden", "shown", "stop"]


def test_the_window_text_grows_with_the_presenters_zoom(qtbot):
    window = StopWindow(io.StringIO())
    qtbot.addWidget(window)
    window.show_holding(HOLDING)
    small = window.title.font().pixelSize(), window.width()
    window.show_holding({**HOLDING, "zoom": 1.5})
    assert window.title.font().pixelSize() >= 1.5 * small[0] - 1
    assert window.width() >= 1.5 * small[1] - 1


def test_the_small_process_says_ready_shows_and_ends_with_its_input():
    process = subprocess.Popen(
        [sys.executable, "-m", stop_button.MODULE],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout.readline().strip() == "ready"
        process.stdin.write(json.dumps({"show": HOLDING}) + "\n")
        process.stdin.flush()
        assert process.stdout.readline().strip() == "shown"
        process.stdin.close()
        assert process.wait(timeout=30) == 0
    finally:
        process.kill()


def test_the_stop_window_stops_a_program_that_holds_the_thread(open_shop):
    shop = open_shop()
    edit(shop)
    shop.window.editor.code.setPlainText(SPINNER)
    assert shop.window.do_run_edit()
    shop.window.loop.watchdog.interrupt = None  # only Stop can end it here
    offer = shop.window.offer_stop_button([sys.executable, str(PRESSER)])
    # Should the Stop window fail, a Stop asked from a thread of the test ends the program
    # instead (and the test fails below) rather than hanging the suite.
    backstop: list[bool] = []
    asker = threading.Timer(BACKSTOP, lambda: (backstop.append(True), shop.window.request_stop()))
    asker.start()
    main = shop.window.session.main
    shop.loop.set_speed(1.0)
    shop.loop.play()
    shop.qtbot.waitUntil(main.done, timeout=60_000)
    asker.cancel()
    assert not backstop, "the Stop window never stopped the program"
    assert offer.stops == 1  # the person pressed Stop once, in the other process
    assert main.cancelled() or main.exception() is not None
    shop.qtbot.waitUntil(lambda: not shop.window.session.live_tasks(), timeout=30_000)
    shop.qtbot.waitUntil(lambda: not offer.shown.is_set(), timeout=30_000)  # it hid again
    assert shop.window.editor.text() == SPINNER  # the edit survives
    press(shop, "E")  # the window answers
    assert not shop.window.editing


def test_a_short_block_starts_no_stop_process(open_shop, tmp_path):
    program = tmp_path / "short.py"
    program.write_text(SHORT_BLOCK)
    shop = open_shop(program)
    offer = shop.window.offer_stop_button([sys.executable, str(PRESSER)])
    shop.run_to(0.5)
    assert shop.window.session.main.done()
    assert not offer.started


def hold_the_thread_then_stop(shop, offer) -> None:
    """Run a program that holds the loop's thread until Stop, asked from a thread a second
    after the Stop window's offer is due; then close the offer."""
    edit(shop)
    shop.window.editor.code.setPlainText(SPINNER)
    assert shop.window.do_run_edit()
    shop.window.loop.watchdog.interrupt = None  # only Stop ends it
    asker = threading.Timer(stop_button.OFFER_AFTER + 1.0, shop.window.request_stop)
    asker.start()
    shop.loop.set_speed(1.0)
    shop.loop.play()
    shop.qtbot.waitUntil(shop.window.session.main.done, timeout=60_000)
    asker.join()
    offer.close()


def test_the_stop_window_comes_at_the_zoom_chosen_after_the_app_started(open_shop, tmp_path):
    heard = tmp_path / "heard.json"
    listener = f"import sys; open({str(heard)!r}, 'a').write(sys.stdin.readline())"
    shop = open_shop()
    offer = shop.window.offer_stop_button([sys.executable, "-c", listener])
    press(shop, "Ctrl++")  # the presenter zooms in after the app (and the offer) started
    zoom = shop.window.zoom
    assert zoom > 1.0
    hold_the_thread_then_stop(shop, offer)
    first = heard.read_text().splitlines()[0]
    assert json.loads(first)["show"]["zoom"] == zoom


def test_a_small_process_that_cannot_come_up_is_started_once_and_said(open_shop, tmp_path, capfd):
    starts = tmp_path / "starts"
    shop = open_shop()
    broken = [sys.executable, "-c", f"open({str(starts)!r}, 'a').write('started\\n')"]
    offer = shop.window.offer_stop_button(broken)  # it ends at once, never ready
    hold_the_thread_then_stop(shop, offer)
    assert starts.read_text().splitlines() == ["started"]  # not one every few tenths
    assert "no Stop window" in capfd.readouterr().err
