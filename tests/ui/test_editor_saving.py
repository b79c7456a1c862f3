"""Never losing an edit in the window: autosave, Save, Save As, and asking before it goes."""

from __future__ import annotations

import json
import shutil
import threading

from gestures import press
from PySide6.QtGui import QTextCursor

from coffeeshop_gui.model.state import CustomerState
from coffeeshop_gui.programs import DEFAULT_PROGRAM
from coffeeshop_gui.ui.editing import STOP_AGAIN_MS


class Answers:
    """Stands in for the person: records each question and gives the prepared answer."""

    def __init__(self, answer: str) -> None:
        self.answer, self.questions = answer, []

    def __call__(self, question: str, choices: list[str]) -> str:
        self.questions.append(question)
        assert self.answer in choices
        return self.answer


def own_copy(tmp_path):
    path = tmp_path / "my_shop.py"
    shutil.copy(DEFAULT_PROGRAM, path)
    return path


def edit(shop, text: str = "# what if\n") -> None:
    if not shop.window.editing:
        press(shop, "E")
    code = shop.window.editor.code
    code.setTextCursor(QTextCursor(code.document().firstBlock()))
    code.insertPlainText(text)


def test_an_edit_is_autosaved_after_typing_stops(open_shop):
    shop = open_shop()
    edit(shop)
    store = shop.window.drafts
    shop.qtbot.waitUntil(store.own.exists, timeout=10_000)
    draft = json.loads(store.own.read_text(encoding="utf-8"))
    assert draft["text"] == shop.window.editor.text()
    assert draft["origin"] == str(DEFAULT_PROGRAM)


def test_run_edit_writes_the_draft_before_the_edits_top_level_runs(open_shop, monkeypatch):
    """Ctrl+Enter at once after typing: the edit's top level runs now, and may end anything
    (a loop stopped only after seconds, a process that dies): the draft is written first."""
    shop = open_shop()
    edit(shop, "raise SystemExit(3)\n")
    store = shop.window.drafts
    assert not store.own.exists()  # the autosave's 0.7 s have not passed
    monkeypatch.setattr(shop.window, "start", lambda program: None)  # refused anyway
    assert not shop.window.do_run_edit()
    draft = json.loads(store.own.read_text(encoding="utf-8"))
    assert draft["text"].startswith("raise SystemExit(3)")
    assert "SystemExit on line 1" in shop.window.statusBar().currentMessage()


def test_save_writes_the_edit_to_the_file_it_came_from(open_shop, tmp_path):
    path = own_copy(tmp_path)
    shop = open_shop(path)
    edit(shop)
    press(shop, "Ctrl+S")
    assert path.read_text() == shop.window.editor.text()
    assert not shop.window.drafts.own.exists()  # saved: no draft is kept


def test_save_asks_before_overwriting_a_file_changed_on_disk(open_shop, tmp_path):
    path = own_copy(tmp_path)
    shop = open_shop(path)
    edit(shop)
    path.write_text("# changed in another editor\n")
    shop.window.ask = answers = Answers("Cancel")
    press(shop, "Ctrl+S")
    assert len(answers.questions) == 1 and "changed on disk" in answers.questions[0]
    assert path.read_text() == "# changed in another editor\n"
    shop.window.ask = Answers("Overwrite")
    press(shop, "Ctrl+S")
    assert path.read_text() == shop.window.editor.text()


def test_saving_a_built_in_program_asks_for_a_new_place(open_shop, tmp_path):
    shop = open_shop()
    edit(shop)
    asked: list[str] = []
    shop.window.ask_path = lambda name: asked.append(name) or str(tmp_path / "mine")
    press(shop, "Ctrl+S")
    assert asked == ["three_customers.py"]
    assert (tmp_path / "mine.py").read_text() == shop.window.editor.text()
    assert DEFAULT_PROGRAM.read_text() == shop.window.program.source  # untouched


def test_dropping_a_file_while_an_edit_is_unsaved_asks_first(open_shop, tmp_path):
    other = own_copy(tmp_path)
    shop = open_shop()
    edit(shop)
    text = shop.window.editor.text()
    shop.window.ask = answers = Answers("Cancel")
    shop.window.view.file_dropped.emit(str(other))
    assert answers.questions and "not saved" in answers.questions[0]
    assert shop.window.program.path == DEFAULT_PROGRAM  # not opened
    assert shop.window.editor.text() == text
    shop.window.ask = Answers("Discard the edit")
    shop.window.view.file_dropped.emit(str(other))
    assert shop.window.program.path == other
    assert shop.window.editor.text() == other.read_text()


def test_dropping_a_file_with_nothing_unsaved_asks_nothing(open_shop, tmp_path):
    other = own_copy(tmp_path)
    shop = open_shop()
    shop.window.ask = answers = Answers("Cancel")
    shop.window.view.file_dropped.emit(str(other))
    assert answers.questions == []
    assert shop.window.program.path == other


def test_new_starts_from_a_template_in_the_editor(open_shop):
    shop = open_shop()
    shop.window.choose_template = lambda titles: titles[1]  # the empty main
    press(shop, "Ctrl+N")
    assert shop.window.editing
    assert "async def main():" in shop.window.editor.text()
    assert shop.window.edit_origin is None
    assert shop.window.do_run_edit()
    assert shop.window.program.source == shop.window.editor.text()


def test_an_opened_program_is_remembered_in_recent(open_shop, tmp_path):
    path = own_copy(tmp_path)
    shop = open_shop()
    shop.window.open_replacing_edit(path)
    assert shop.window.prefs.recent[0] == str(path)
    shop.window.recent_menu.aboutToShow.emit()
    assert [a.text() for a in shop.window.recent_menu.actions()] == ["my_shop.py"]


SPINNER = """import asyncio
import time


async def spin():
    while True:
        pass


async def nap():
    time.sleep(60)


async def main():
    await asyncio.gather(asyncio.create_task(spin()), asyncio.create_task(nap()))
"""


def test_stop_frees_a_window_whose_program_holds_the_thread(open_shop):
    shop = open_shop()
    edit(shop)
    shop.window.editor.code.setPlainText(SPINNER)
    assert shop.window.do_run_edit()
    shop.window.loop.watchdog.interrupt = None  # only Stop can end it here
    main = shop.window.session.main
    # A held thread reads no keys: Stop comes as another thread (or a signal) asks for it.
    asker = threading.Timer(0.5, shop.window.request_stop)
    asker.start()
    shop.loop.set_speed(1.0)
    shop.loop.play()
    shop.qtbot.waitUntil(main.done, timeout=30_000)
    asker.join()
    assert main.cancelled() or main.exception() is not None
    shop.qtbot.waitUntil(lambda: not shop.window.session.live_tasks(), timeout=30_000)
    assert shop.window.editor.text() == SPINNER  # the edit survives
    press(shop, "E")  # the window still answers
    assert not shop.window.editing


def test_stop_cancels_a_program_that_keeps_awaiting(open_shop):
    shop = open_shop()
    shop.run_to(0.5)
    assert shop.window.session.live_tasks()
    press(shop, "Ctrl+.")
    shop.run_to(0.6)
    assert not shop.window.session.live_tasks()


STUBBORN = """import asyncio


async def main():
    while True:
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            pass  # caught: it goes on, so Stop cancels it again
"""
NAPPER = """import asyncio


async def main():
    await asyncio.sleep(100)
"""


def test_stops_second_tries_leave_a_run_started_meanwhile_alone(open_shop):
    shop = open_shop()
    edit(shop)
    shop.window.editor.code.setPlainText(STUBBORN)
    assert shop.window.do_run_edit()
    shop.loop.set_speed(1.0)
    shop.loop.play()
    shop.qtbot.waitUntil(lambda: shop.window.state.counts.get(CustomerState.WAITING), timeout=5000)
    press(shop, "Ctrl+.")  # cancelled, caught: Stop will try again, a quarter second on
    shop.window.editor.code.setPlainText(NAPPER)
    press(shop, "Ctrl+Return")  # "Ctrl+Enter runs the edit again", at once
    napper = shop.window.session.main
    shop.qtbot.wait(4 * STOP_AGAIN_MS + 300)  # every try Stop had left
    assert not napper.done()  # still asleep: Stop was for the run before


def quit_from_the_editor(open_shop):
    """Type a line in the editor, leave it unsaved, press Ctrl+Q there."""
    shop = open_shop()
    edit(shop, "# kept for next time\n")
    press(shop, "Ctrl+Q")
    return shop


def test_ctrl_q_closes_the_window_from_the_editor_too(open_shop):
    assert not quit_from_the_editor(open_shop).window.isVisible()


def test_quitting_keeps_the_unsaved_edit_for_next_time(open_shop):
    shop = quit_from_the_editor(open_shop)
    assert "# kept for next time" in shop.window.drafts.own.read_text()
