"""No program can hang `trace` or `--screenshot`: past the wall-clock limit the run says what
blocked and where, exits 124, and leaves no child process behind."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

RUN_SECONDS = 60  # each subprocess; shorter than pytest-timeout's 120 s

STARTS_A_CHILD = """import asyncio
import subprocess
import sys
import time

async def main():
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(1000)"])
    print(child.pid, flush=True)
    await asyncio.sleep(0.1)
    {block}  # <blocks>
"""

BLOCKS = {
    "sleep": "time.sleep(10**6)",
    "input": "input()",
    "holds_the_gil": "sum(range(10**12))",  # a C loop that never lets another thread run
    "awaits_forever_at_no_cost": "while True: await asyncio.sleep(0)",
}


def run(*args: str, stdin: int | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coffeeshop_gui", *args],
        capture_output=True,
        text=True,
        timeout=RUN_SECONDS,
        stdin=stdin,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )


def alive(pid: int) -> bool:
    """Running, not a zombie waiting for a reaper that may not come (PID 1 in a container)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


# Each case takes the limit (1 s) and a start; the GIL case 3 s more (the backstop's grace).
CASES = [("trace", block) for block in sorted(BLOCKS)] + [("screenshot", "sleep")]


@pytest.mark.parametrize(("mode", "block"), CASES)
def test_a_blocked_run_stops_at_the_wall_limit_and_names_the_line(tmp_path, mode, block):
    program = tmp_path / "stuck.py"
    program.write_text(STARTS_A_CHILD.format(block=BLOCKS[block]))
    if mode == "trace":
        args = ["trace", str(program), "-o", str(tmp_path / "t.json")]
    else:
        args = [str(program), "--screenshot", str(tmp_path / "s.png")]
    read, write = os.pipe()  # an open stdin that never sends a line
    try:
        done = run(*args, "--wall-limit", "1", stdin=read)
    finally:
        os.close(read)
        os.close(write)
    assert done.returncode in (124, -9), done.stderr  # -9: the backstop process stepped in
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("coffeeshop: stopped after the wall-clock limit of 1 s")
    line = 10 if block != "awaits_forever_at_no_cost" else None
    if line is not None:
        assert f"at line {line} of stuck.py" in last
    child = int(done.stdout.split()[0])
    assert not alive(child)


def test_a_run_that_ends_in_time_leaves_no_guard_behind(tmp_path):
    program = tmp_path / "quick.py"
    program.write_text("import asyncio\n\nasync def main():\n    await asyncio.sleep(1)\n")
    done = run("trace", str(program), "-o", str(tmp_path / "t.json"), "--wall-limit", "30")
    assert done.returncode == 0, done.stderr
    guards = subprocess.run(["pgrep", "-f", "coffeeshop_gui.engine.guard"], capture_output=True)
    mine = [int(p) for p in guards.stdout.split() if alive(int(p))]
    assert all(Path(f"/proc/{p}/cmdline").read_text().find(str(tmp_path)) < 0 for p in mine)


@pytest.mark.parametrize("value", ["0", "inf", "nan", "soon"])
def test_the_wall_limit_must_be_a_positive_finite_time(tmp_path, value):
    done = run("trace", "nothing.py", "--wall-limit", value)
    assert done.returncode == 2 and "--wall-limit" in done.stderr


def test_a_screenshot_that_cannot_reach_its_time_saves_what_it_has_and_says_so(tmp_path):
    program = tmp_path / "busy.py"
    program.write_text(
        "import asyncio\n\nasync def main():\n    while True:\n        await asyncio.sleep(0)\n"
    )
    shot = tmp_path / "busy.png"
    done = run(str(program), "--screenshot", str(shot), "--at", "3", "--wall-limit", "2")
    assert done.returncode == 1
    assert "warning: the shop reached only 0.0 s of the 3 s asked for" in done.stderr
    assert shot.exists()
