"""No program can hang `trace` or `--screenshot`: past the wall-clock limit the run says what
blocked and where, exits 124, and leaves no child process behind.

The runs are started together and waited for together: each takes its limit in real time.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from pictures import assert_shows_the_shop
from support import alive

RUN_SECONDS = 60  # each subprocess; shorter than pytest-timeout's 120 s
# Long enough for a loaded machine to reach the blocking line first, and shorter than the
# watchdog's 5 s, which would otherwise stop a blocking call itself and let the run go on.
LIMIT = "4"
# A run that draws a window starts slower, and on a loaded machine it did not always reach
# the blocking line in 4 s. Its case holds the GIL, which no watchdog can interrupt, so its
# limit need not stay under the watchdog's 5 s.
SCREENSHOT_LIMIT = "7"

STARTS_A_CHILD = """import asyncio
import subprocess
import sys
import time

async def main():
    child = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(1000)"],
        stdout=subprocess.DEVNULL,  # not the run's pipes: the test sees the run end
        stderr=subprocess.DEVNULL,
    )
    print(child.pid, flush=True)
    await asyncio.sleep(0.1)
    {block}  # <blocks>
"""
BLOCKING_LINE = 14

BLOCKS = {
    "sleep": "time.sleep(10**6)",
    "input": "input()",
    "holds_the_gil": "sum(range(10**12))",  # a C loop that never lets another thread run
    "awaits_forever_at_no_cost": "while True: await asyncio.sleep(0)",
}
CASES = [("trace", block) for block in sorted(BLOCKS)] + [("screenshot", "holds_the_gil")]

BUSY = "import asyncio\n\nasync def main():\n    while True:\n        await asyncio.sleep(0)\n"


@dataclass
class Run:
    done: subprocess.CompletedProcess[str]
    folder: Path


def _start(args: list[str], stdin: int | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "coffeeshop_gui", *args],
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )


def _finish(process: subprocess.Popen[str]) -> subprocess.CompletedProcess[str]:
    try:
        out, err = process.communicate(timeout=RUN_SECONDS)
    finally:
        process.kill()
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, Run]:
    """Every case of this module, run at once."""
    started = {}
    read, write = os.pipe()  # an open stdin that never sends a line
    try:
        for mode, block in CASES:
            folder = tmp_path_factory.mktemp(f"{mode}-{block}")
            # A teacher's folder may have any name: faulthandler, which names the line of a
            # run that holds the GIL, escapes what is not ASCII.
            program = folder / "café 学校" / "stuck.py"
            program.parent.mkdir()
            program.write_text(STARTS_A_CHILD.format(block=BLOCKS[block]))
            if mode == "trace":
                args = ["trace", str(program), "-o", str(folder / "t.json")]
            else:
                args = [str(program), "--screenshot", str(folder / "s.png")]
            args += ["--wall-limit", LIMIT if mode == "trace" else SCREENSHOT_LIMIT]
            started[f"{mode}-{block}"] = (_start(args, read), folder)
        folder = tmp_path_factory.mktemp("busy")
        (folder / "busy.py").write_text(BUSY)
        shot = ["--screenshot", str(folder / "busy.png"), "--at", "3", "--wall-limit", "10"]
        started["busy"] = (_start([str(folder / "busy.py"), *shot]), folder)
        folder = tmp_path_factory.mktemp("quick")
        (folder / "quick.py").write_text(BUSY.replace("while True:", "for _ in range(3):"))
        trace = ["trace", str(folder / "quick.py"), "-o", str(folder / "t.json")]
        started["quick"] = (_start([*trace, "--wall-limit", "30"]), folder)
        return {name: Run(_finish(process), folder) for name, (process, folder) in started.items()}
    finally:
        os.close(read)
        os.close(write)


@pytest.mark.parametrize(("mode", "block"), CASES)
def test_a_blocked_run_stops_at_the_wall_limit(runs, mode, block):
    done = runs[f"{mode}-{block}"].done
    assert done.returncode in (124, -9), done.stderr  # -9: the backstop process stepped in
    limit = LIMIT if mode == "trace" else SCREENSHOT_LIMIT
    stopped = f"coffeeshop: stopped after the wall-clock limit of {limit} s"
    assert last_said(done).startswith(stopped)


# awaits_forever_at_no_cost is held anywhere in the loop, not at a line of its own
NAMED_LINE_CASES = [case for case in CASES if case[1] != "awaits_forever_at_no_cost"]


@pytest.mark.parametrize(("mode", "block"), NAMED_LINE_CASES)
def test_a_blocked_run_names_the_line_it_was_held_on(runs, mode, block):
    done = runs[f"{mode}-{block}"].done
    assert f"at line {BLOCKING_LINE} of stuck.py" in last_said(done)


@pytest.mark.parametrize(("mode", "block"), CASES)
def test_a_blocked_run_leaves_no_child_behind(runs, mode, block):
    child = int(runs[f"{mode}-{block}"].done.stdout.split()[0])
    assert not alive(child)


def last_said(done: subprocess.CompletedProcess[str]) -> str:
    """The run's last line on stderr: what it says as it ends."""
    return done.stderr.strip().splitlines()[-1]


def test_a_run_that_ends_in_time_leaves_no_guard_behind(runs):
    run = runs["quick"]
    assert run.done.returncode == 0, run.done.stderr
    guards = subprocess.run(["pgrep", "-f", "coffeeshop_gui.engine.guard"], capture_output=True)
    mine = [p for p in guards.stdout.split() if alive(int(p))]
    assert not [p for p in mine if str(run.folder) in Path(f"/proc/{int(p)}/cmdline").read_text()]


def test_a_screenshot_that_cannot_reach_its_time_says_how_far_it_got(runs):
    run = runs["busy"]
    assert run.done.returncode == 1, run.done.stderr
    assert re.search(r"warning: the shop reached only \d+\.\d s of the 3 s asked", run.done.stderr)


def test_a_screenshot_that_cannot_reach_its_time_saves_what_it_has(runs):
    assert_shows_the_shop(runs["busy"].folder / "busy.png")


@pytest.mark.parametrize("value", ["0", "inf", "nan", "soon"])
def test_the_wall_limit_must_be_a_positive_finite_time(value):
    done = _finish(_start(["trace", "nothing.py", "--wall-limit", value]))
    assert done.returncode == 2 and "--wall-limit" in done.stderr
