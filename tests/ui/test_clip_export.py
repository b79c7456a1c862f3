"""Export clip… (Ctrl+Shift+P): the window makes a clip offscreen, in a child process, from a
fresh run of what it runs; the progress is shown, Cancel kills the child, a bad place says so.

The dialog's choice is set from code (`ask_clip` replaced), so no dialog blocks a test.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import pytest
from gestures import press
from PIL import Image
from PySide6.QtCore import QProcess, Qt
from PySide6.QtWidgets import QProgressDialog, QPushButton

from coffeeshop_gui.ui.clip_export import ClipChoice, ClipDialog, child_command, last_error

CHILD_MS = 60_000  # under pytest-timeout's 120 s: a stuck child fails here, named


def export(shop, monkeypatch, **changes) -> None:
    """Ctrl+Shift+P, with the dialog's fields set to the suggestion with `changes`."""
    asked: list[ClipChoice] = []

    def answer(suggested: ClipChoice) -> ClipChoice:
        asked.append(suggested)
        return dataclasses.replace(suggested, **changes)

    monkeypatch.setattr(shop.window, "ask_clip", answer)
    press(shop, "Ctrl+Shift+P")
    assert asked, "Ctrl+Shift+P did not ask for a clip"


def wait_for_end(shop) -> None:
    shop.qtbot.waitUntil(lambda: shop.window.clip_job.result is not None, timeout=CHILD_MS)


def test_a_one_second_clip_at_five_fps_is_a_gif_of_five_frames(open_shop, tmp_path, monkeypatch):
    shop = open_shop()
    out = tmp_path / "clip.gif"
    export(shop, monkeypatch, start=0.0, end=1.0, fps=5.0, size=(640, 480), output=out)
    job = shop.window.clip_job
    assert job.progress.isVisible()  # the progress bar, while the child works
    wait_for_end(shop)
    assert job.frame == 5  # the child's "frame 5 of 5" reached the progress bar
    with Image.open(out) as gif:
        assert gif.format == "GIF" and gif.size == (640, 480)
        assert gif.n_frames == 5
        assert gif.info["duration"] == 200  # 5 fps
    assert shop.window.statusBar().currentMessage() == f"Saved the clip (5 frames) as {out}"
    assert not job.scratch.exists()  # the frames went with the child
    assert not any(d.isVisible() for d in shop.window.findChildren(QProgressDialog))


def test_cancel_kills_the_child_and_leaves_no_file(open_shop, tmp_path, monkeypatch):
    shop = open_shop()
    out = tmp_path / "long.gif"
    export(shop, monkeypatch, start=0.0, end=30.0, fps=10.0, size=(640, 480), output=out)
    job = shop.window.clip_job
    shop.qtbot.waitUntil(lambda: job.frame >= 2, timeout=CHILD_MS)  # well under way
    (cancel,) = job.progress.findChildren(QPushButton)
    shop.qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)  # the progress dialog's Cancel
    wait_for_end(shop)
    assert job.process.state() == QProcess.ProcessState.NotRunning
    assert job.process.exitStatus() == QProcess.ExitStatus.CrashExit  # killed
    assert job.frame < 300  # not finished
    assert not out.exists()
    assert not job.scratch.exists()
    assert shop.window.statusBar().currentMessage() == "Clip cancelled: long.gif was not written"


def test_a_folder_that_is_not_there_fails_only_the_clip(open_shop, tmp_path, monkeypatch):
    shop = open_shop()
    out = tmp_path / "no such folder" / "clip.gif"
    export(shop, monkeypatch, start=0.0, end=1.0, fps=5.0, size=(640, 480), output=out)
    wait_for_end(shop)
    said = shop.window.statusBar().currentMessage()
    assert said.startswith("Clip not made: ") and "no such folder" in said
    assert "\n" not in said
    assert not out.parent.exists()
    shop.run_to(1.0)  # the window and its shop keep running
    assert shop.customer("Ben")


def test_an_edit_is_clipped_as_it_runs_not_as_its_file_is(open_shop, tmp_path, monkeypatch):
    program = tmp_path / "mine.py"
    program.write_text("import asyncio\n\nasync def main():\n    await asyncio.sleep(1)\n")
    shop = open_shop(program)
    shop.window.do_edit()
    edited = program.read_text().replace("sleep(1)", "sleep(2)")
    shop.window.editor.load(edited)  # what a person types
    assert shop.window.do_run_edit()
    choice = ClipChoice(0.0, 1.0, 5.0, (640, 480), tmp_path / "c.gif")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    args = shop.window.clip_arguments(choice, scratch)
    assert args[:2] == ["clip", str(program)]  # named as the program: its title, its folder
    text = args[args.index("--text") + 1]
    assert Path(text).read_text(encoding="utf-8") == edited
    program.write_text(edited)  # saved: the file is what runs, no --text
    assert "--text" not in shop.window.clip_arguments(choice, scratch)


def test_the_tour_is_clipped_as_its_step(open_shop, tmp_path):
    shop = open_shop()
    shop.window.go_to_step(4)
    choice = ClipChoice(0.0, 1.0, 5.0, (640, 480), tmp_path / "c.gif")
    args = shop.window.clip_arguments(choice, tmp_path)
    assert args[1:3] == ["--tour", "5"]


def test_the_suggestion_runs_from_zero_to_the_live_shops_time(open_shop):
    shop = open_shop()
    shop.run_to(2.5)
    suggested = shop.window.suggested_clip()
    assert (suggested.start, suggested.end) == (0.0, 2.5)
    assert suggested.size == (shop.window.width(), shop.window.height())
    assert suggested.output.suffix == ".gif"


@pytest.mark.parametrize("ffmpeg", [True, False])
def test_the_dialog_offers_mp4_only_with_ffmpeg(qtbot, tmp_path, ffmpeg):
    size = tuple(n for n in (1024, 768))  # equal to the window's, a tuple of its own
    choice = ClipChoice(0.0, 2.0, 10.0, size, tmp_path / "c.gif")
    dialog = ClipDialog(None, choice, (1024, 768), ffmpeg, "a fresh run")
    qtbot.addWidget(dialog)
    kinds = [dialog.kind_box.itemData(i) for i in range(dialog.kind_box.count())]
    assert kinds == ([".gif", ".png", ".mp4"] if ffmpeg else [".gif", ".png"])
    assert dialog.choice() == choice
    sizes = [dialog.size_box.itemText(i) for i in range(dialog.size_box.count())]
    assert sizes == ["1024 x 768  (this window)", "1280 x 720", "1920 x 1080"]
    dialog.kind_box.setCurrentIndex(1)
    assert dialog.choice().output == tmp_path / "c.png"


def test_the_dialog_refuses_a_clip_that_cannot_be(qtbot, tmp_path):
    choice = ClipChoice(0.0, 2.0, 10.0, (1024, 768), tmp_path / "c.gif")
    dialog = ClipDialog(None, choice, (1024, 768), False, "a fresh run")
    qtbot.addWidget(dialog)
    export_button = dialog.buttons.buttons()[0]
    assert export_button.isEnabled() and dialog.count.text().startswith("20 frames")
    dialog.end_box.setValue(0.0)
    assert not export_button.isEnabled() and "must come after" in dialog.count.text()
    dialog.end_box.setValue(100.0)
    assert not export_button.isEnabled() and "at most 600" in dialog.count.text()


def test_the_child_is_this_python_or_the_frozen_app(monkeypatch):
    assert child_command(["clip"]) == (sys.executable, ["-m", "coffeeshop_gui", "clip"])
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert child_command(["clip"]) == (sys.executable, ["clip"])


def test_the_childs_reason_is_its_own_line_not_qts_notes():
    stderr = (
        "This plugin does not support propagateSizeHints()\n"
        "\rcoffeeshop: frame 1 of 5\rcoffeeshop: frame 2 of 5"
        "\ncoffeeshop: could not write /x/c.gif\n"
    )
    assert last_error(stderr) == "could not write /x/c.gif"


def test_closing_the_window_ends_the_child_it_started(open_shop, tmp_path, monkeypatch):
    shop = open_shop()
    out = tmp_path / "long.gif"
    export(shop, monkeypatch, start=0.0, end=30.0, fps=10.0, size=(640, 480), output=out)
    job = shop.window.clip_job
    shop.qtbot.waitUntil(lambda: job.frame >= 1, timeout=CHILD_MS)
    shop.window.close()
    assert job.process.state() == QProcess.ProcessState.NotRunning
    assert not out.exists() and not job.scratch.exists()
