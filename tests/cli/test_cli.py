"""The `coffeeshop` command as a person types it: trace, screenshot, and every bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from support import light_step4, line_of, program_path

from coffeeshop_gui.cli import main
from coffeeshop_gui.lessons import TOUR
from coffeeshop_gui.ui import palette
from coffeeshop_gui.ui.window_panels import SHOP_SHARE

# Shorter than pytest-timeout's 120 s, so a stuck child is killed here, not left behind.
COMMAND_TIMEOUT = 60


def coffeeshop(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "coffeeshop_gui", *args],
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT,
        env=env,
        cwd=cwd,
    )


def test_the_coffeeshop_command_is_installed():
    (script,) = entry_points(group="console_scripts", name="coffeeshop")
    assert script.load() is main


def test_trace_writes_chrome_trace_json_with_a_thread_per_task(tmp_path):
    out = tmp_path / "trace.json"
    done = coffeeshop("trace", str(program_path("gather")), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    trace = json.loads(out.read_text())["traceEvents"]
    names = {e["tid"]: e["args"]["name"] for e in trace if e.get("name") == "thread_name"}
    assert len(names) == 3 and names[min(names)] == "main"  # main came first, then its brews
    awaits = [e for e in trace if e["ph"] == "X"]
    assert {e["args"]["line"] for e in awaits} == {
        line_of("gather", "gather"),
        line_of("gather", "brew-sleep"),
    }
    assert all(
        e["name"].startswith("await") and e["args"]["task"] == names[e["tid"]] for e in awaits
    )


def test_trace_fast_forwards_a_program_that_sleeps_a_minute(tmp_path):
    out = tmp_path / "sleepy.json"
    done = coffeeshop("trace", str(program_path("sleepy")), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "60.000 s of shop time" in done.stdout
    longest = max(e["dur"] for e in json.loads(out.read_text())["traceEvents"] if e["ph"] == "X")
    assert longest == 60_000_000


def test_a_failing_main_fails_the_trace_run_but_keeps_its_trace(tmp_path):
    source = (
        "import asyncio\n\nasync def main():\n    await asyncio.sleep(1)\n    raise KeyError(1)\n"
    )
    program = tmp_path / "sour.py"
    program.write_text(source)
    out = tmp_path / "sour.json"
    done = coffeeshop("trace", str(program), "-o", str(out))
    assert done.returncode == 1
    assert "main raised KeyError" in done.stderr and "Traceback" not in done.stderr
    assert json.loads(out.read_text())["traceEvents"]


def shown(shot: Path) -> dict[str, int]:
    """How much of each of the shop's colours the shop floor shows, after checking its size.

    The floor is the window's left share (the code panel, whose gutter marks wear the same
    colours, is on the right). Counted on every other pixel (nearest, so no colour is
    blended away): a customer is a disc of a few hundred pixels, a held buzzer a dark square.
    """
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1440, 900)
    half = image.scaled(720, 450, Qt.IgnoreAspectRatio, Qt.FastTransformation)
    assert len({half.pixel(x, y) for y in range(450) for x in range(720)}) > 50  # not blank
    floor = round(720 * SHOP_SHARE / 100) - 10  # the shop's share, short of the code panel
    pixels = Counter(half.pixel(x, y) for y in range(450) for x in range(floor))
    wanted = {"buzzer": palette.BUZZER_DARK} | {c: QColor(c) for c in palette.CUSTOMER_COLOURS}
    counts = dict.fromkeys(wanted, 0)
    for rgb, n in pixels.items():
        for name, target in wanted.items():
            if close_to(QColor(rgb), target):
                counts[name] += n
    return counts


def close_to(a: QColor, b: QColor) -> bool:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) <= 12


def customers_drawn(counts: dict[str, int]) -> int:
    """How many customer colours cover a customer's worth of the picture."""
    return sum(counts[c] >= 50 for c in palette.CUSTOMER_COLOURS)


def test_screenshot_renders_the_real_window_to_a_png(tmp_path):
    shot = tmp_path / "shop.png"
    done = coffeeshop("--screenshot", str(shot), "--at", "2")
    assert done.returncode == 0, done.stderr
    counts = shown(shot)
    assert customers_drawn(counts) >= 3 and counts["buzzer"] >= 50  # seated, buzzers in hand


def test_screenshot_of_a_users_program(tmp_path):
    shot = tmp_path / "queue.png"
    done = coffeeshop(str(program_path("queue")), "--screenshot", str(shot), "--at", "1.5")
    assert done.returncode == 0, done.stderr
    counts = shown(shot)
    assert customers_drawn(counts) == 3 and counts["buzzer"] >= 50  # main, producer, consumer


@pytest.mark.parametrize("lesson", TOUR, ids=lambda lesson: lesson.file.stem)
def test_every_tour_lesson_is_a_plain_program_that_traces_headless(tmp_path, lesson):
    out = tmp_path / "lesson.json"
    file = lesson.file
    if file == TOUR[3].file:  # its process pool and blocking call, grinding a tenth as long
        file = light_step4(file, tmp_path)
    done = coffeeshop("trace", str(file), "-o", str(out))
    assert done.returncode == 0, done.stderr
    slices = [e for e in json.loads(out.read_text())["traceEvents"] if e["ph"] == "X"]
    assert slices and all(e["name"].startswith("await") or e["name"] == "blocking" for e in slices)
    if file.name == "kitchen_orders.py":  # the ten orders sent together, each on its own socket
        lines = file.read_text().splitlines()
        reply = 1 + next(n for n, text in enumerate(lines) if "reply = await reader" in text)
        reads = [e for e in slices if e["name"] == "await socket read"]
        # each order's task waits for its reply (the kitchen's tasks read the orders too)
        assert len({e["tid"] for e in reads if e["args"]["line"] == reply}) >= 10


def test_the_tour_opens_at_the_step_asked_for(tmp_path):
    shot = tmp_path / "step3.png"
    done = coffeeshop("--tour", "3", "--screenshot", str(shot), "--at", "1")
    assert done.returncode == 0, done.stderr
    assert customers_drawn(shown(shot)) == 3  # step 3's main, Ada and Ben (the default has 4)


def test_the_tour_refuses_a_step_that_does_not_exist():
    done = coffeeshop("--tour", "9")
    assert done.returncode == 2 and "steps 1 to 7" in done.stderr


BAD_INPUTS = {
    "missing": (None, "no such file"),
    "notes.txt": ("async def main():\n    pass\n", "not a Python file"),
    "broken.py": ("import asyncio\n\nasync def main(:\n", "syntax error on line 3"),
    "nomain.py": ("import asyncio\n\nasync def helper():\n    pass\n", "no `async def main()`"),
}


@pytest.mark.parametrize("mode", ["window", "trace"])
@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_gets_one_clear_line_and_a_non_zero_exit(tmp_path, mode, name):
    text, expected = BAD_INPUTS[name]
    path = tmp_path / ("gone.py" if text is None else name)
    if text is not None:
        path.write_text(text)
    args = ["trace", str(path), "-o", str(tmp_path / "t.json")] if mode == "trace" else [str(path)]
    done = coffeeshop(*args)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0] and "Traceback" not in done.stderr
    assert not (tmp_path / "t.json").exists()


def test_a_screenshot_must_be_a_png(tmp_path):
    done = coffeeshop("--screenshot", str(tmp_path / "shop.jpg"))
    assert done.returncode == 2 and "png" in done.stderr


def test_a_rush_from_the_command_line_draws_a_crowd(tmp_path):
    shot = tmp_path / "rush.png"
    done = coffeeshop("--rush", "500", "--screenshot", str(shot), "--at", "1")
    assert done.returncode == 0, done.stderr
    assert customers_drawn(shown(shot)) == len(palette.CUSTOMER_COLOURS)  # a crowd of every colour


def test_a_rush_past_its_cap_is_refused():
    done = coffeeshop("--rush", "20000")
    assert done.returncode == 2
    assert done.stderr.strip() == "coffeeshop: a rush is 1 to 10,000 customers, not 20,000"
