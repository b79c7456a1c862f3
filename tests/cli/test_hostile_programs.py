"""A program that tries to end the run itself (loop.stop(), QApplication.quit(), os._exit) or
makes a widget with no window is reported in one line, never a silent exit or an abort."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from pictures import assert_shows_the_shop

RUN_SECONDS = 60  # each subprocess; shorter than pytest-timeout's 120 s

STOPS_THE_LOOP = """import asyncio

async def main():
    await asyncio.sleep(0.2)
    asyncio.get_running_loop().stop()
    await asyncio.sleep(0.2)
    print("still running", flush=True)
"""

QUITS_QT = """import asyncio

async def main():
    await asyncio.sleep(0.2)
    from PySide6.QtWidgets import QApplication
    QApplication.instance().quit()
    QApplication.exit(3)
    await asyncio.sleep(0.2)
    print("still running", flush=True)
    await asyncio.Event().wait()
"""

EXITS_HARD = """import asyncio
import os

async def main():
    await asyncio.sleep(0.2)
    os._exit(0)
"""

MAKES_A_WIDGET = """import asyncio

async def main():
    from PySide6.QtWidgets import QLabel
    await asyncio.sleep(0.1)
    QLabel("hello")
"""


def run(tmp_path: Path, source: str, *args: str) -> subprocess.CompletedProcess[str]:
    program = tmp_path / "hostile.py"
    program.write_text(source)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TMPDIR=str(tmp_path))
    return subprocess.run(
        [sys.executable, "-m", "coffeeshop_gui", *[a.format(program=program) for a in args]],
        capture_output=True,
        text=True,
        timeout=RUN_SECONDS,
        env=env,
    )


def said(done: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in done.stderr.splitlines() if line.startswith("coffeeshop:")]


def test_a_screenshot_run_goes_on_past_a_programs_loop_stop(tmp_path):
    shot = tmp_path / "shot.png"
    done = run(tmp_path, STOPS_THE_LOOP, "{program}", "--screenshot", str(shot), "--at", "1")
    assert done.returncode == 0, done.stderr
    assert "still running" in done.stdout
    assert_shows_the_shop(shot)
    assert said(done) == ["coffeeshop: the program called loop.stop() on line 5; the shop goes on"]
    # and a screenshot leaves no settings folder behind (its TMPDIR is tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hostile.py", "shot.png"]


def test_loop_stop_from_a_program_ends_a_trace_with_an_error(tmp_path):
    done = run(tmp_path, STOPS_THE_LOOP, "trace", "{program}", "-o", str(tmp_path / "t.json"))
    assert done.returncode == 1
    assert said(done) == ["coffeeshop: the program called loop.stop() before main ended"]


def test_a_screenshot_run_goes_on_past_a_programs_qt_quit(tmp_path):
    shot = tmp_path / "s.png"
    done = run(tmp_path, QUITS_QT, "{program}", "--screenshot", str(shot), "--at", "1")
    assert done.returncode == 0, done.stderr
    assert "still running" in done.stdout
    assert_shows_the_shop(shot)
    assert said(done) == [
        "coffeeshop: the program called QApplication.quit() on line 6; the shop goes on",
        "coffeeshop: the program called QApplication.exit(3) on line 7; the shop goes on",
    ]


@pytest.mark.parametrize(
    ("source", "call"),
    [(STOPS_THE_LOOP, "loop.stop() on line 5"), (QUITS_QT, "QApplication.quit() on line 6")],
    ids=["loop.stop", "Qt quit"],
)
def test_the_window_survives_a_program_that_ends_its_loop(tmp_path, source, call):
    program = tmp_path / "hostile.py"
    program.write_text(source)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path))
    window = subprocess.Popen(
        [sys.executable, "-m", "coffeeshop_gui", str(program)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        # the window is still there after the program's call: it prints, and Ctrl+C quits it
        ready, _, _ = select.select([window.stdout], [], [], RUN_SECONDS)
        assert ready and window.stdout.readline().strip() == "still running"
        window.send_signal(signal.SIGINT)
        _out, err = window.communicate(timeout=RUN_SECONDS)
    finally:
        window.kill()
    assert window.returncode == 130, err
    assert f"coffeeshop: the program called {call}; the shop goes on" in err.splitlines(), err


@pytest.mark.parametrize("mode", ["trace", "screenshot"])
def test_os_exit_from_a_program_fails_the_run_saying_so(tmp_path, mode):
    if mode == "trace":
        done = run(tmp_path, EXITS_HARD, "trace", "{program}", "-o", str(tmp_path / "t.json"))
    else:
        done = run(tmp_path, EXITS_HARD, "{program}", "--screenshot", str(tmp_path / "s.png"))
    assert done.returncode == 1
    assert said(done) == [
        "coffeeshop: the program called os._exit(0) on line 6: the run ends here, with "
        "nothing saved"
    ]


def test_a_widget_made_in_trace_is_refused_in_one_line(tmp_path):
    done = run(tmp_path, MAKES_A_WIDGET, "trace", "{program}", "-o", str(tmp_path / "t.json"))
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "coffeeshop: the program made a Qt widget, and trace runs with no window"
    )


def test_the_tour_refuses_a_program_it_would_ignore(tmp_path):
    done = run(tmp_path, STOPS_THE_LOOP, "--tour", "3", "{program}")
    assert done.returncode == 2
    assert said(done) == [
        f"coffeeshop: --tour runs the tour's own programs: open {tmp_path}/hostile.py "
        "without --tour"
    ]
