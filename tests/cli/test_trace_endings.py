"""`coffeeshop trace` ends the way `asyncio.run` ends: when main returns (or sys.exit is
called), what is left is cancelled and unwinds, and the run lasted until main returned."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from coffeeshop_gui.engine.clock import FAST_FORWARD, VirtualClock
from coffeeshop_gui.engine.program import load_program
from coffeeshop_gui.engine.recorder import Recorder
from coffeeshop_gui.engine.recording_loop import RecordingEventLoop
from coffeeshop_gui.engine.trace import chrome_trace
from coffeeshop_gui.model.log import EventLog

RUN_SECONDS = 60  # each subprocess; shorter than pytest-timeout's 120 s

PROGRAMS = {
    "leftover": """import asyncio

async def slow():
    try:
        await asyncio.sleep(100)
    finally:
        await asyncio.sleep(0.5)  # unwinding may await, as under asyncio.run

async def main():
    asyncio.create_task(slow())
    await asyncio.sleep(1)
""",
    "never_ending": """import asyncio

async def forever():
    while True:
        await asyncio.sleep(1)

async def main():
    asyncio.create_task(forever())
    await asyncio.sleep(1.5)
""",
    "exits": """import asyncio
import sys

async def other():
    await asyncio.sleep(5)

async def main():
    asyncio.create_task(other())
    await asyncio.sleep(1)
    sys.exit(3)
""",
}


def trace(program: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coffeeshop_gui", "trace", str(program), "-o", str(out), *extra],
        capture_output=True,
        text=True,
        timeout=RUN_SECONDS,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )


def slices(trace_json: dict) -> list[tuple[str, float, float, int]]:
    """(task, start, duration, line) of every await slice, in order."""
    found = [
        (re.sub(r"^Task-\d+$", "Task", e["args"]["task"]), e["ts"], e["dur"], e["args"]["line"])
        for e in trace_json["traceEvents"]
        if e["ph"] == "X"
    ]
    return sorted(found)


def like_asyncio_run(path: Path) -> dict:
    """The program's trace on the stock asyncio loop, ended as asyncio.run ends it."""
    program = load_program(path)
    loop = RecordingEventLoop(VirtualClock(FAST_FORWARD))
    log = EventLog()
    loop.recorder = recorder = Recorder(log, loop.time, [program.filename])
    recorder.on_exit = lambda _exc: loop.stop()  # SystemExit leaves run_until_complete
    main = loop.start(program.main())
    # asyncio.run lets a SystemExit out only after cancelling the rest, as below
    with contextlib.suppress(RuntimeError, SystemExit):
        loop.run_until_complete(main)
    left = [t for t in asyncio.all_tasks(loop) if not t.done()]
    for task in left:
        task.cancel()
    loop.run_until_complete(asyncio.gather(*left, return_exceptions=True))
    if not main.cancelled():
        main.exception()
    loop.close()
    return chrome_trace(log, program.title)


@pytest.fixture(scope="module")
def traced(tmp_path_factory) -> dict[str, tuple[subprocess.CompletedProcess[str], Path, Path]]:
    """Each program traced once, for every test that reads its run: (run, program, trace)."""
    runs = {}
    for name, source in PROGRAMS.items():
        folder = tmp_path_factory.mktemp(name)
        program = folder / f"{name}.py"
        program.write_text(source)
        out = folder / "trace.json"
        runs[name] = (trace(program, out), program, out)
    return runs


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_trace_slices_agree_with_stock_asyncio_run(traced, name):
    _done, program, out = traced[name]
    assert slices(json.loads(out.read_text())) == slices(like_asyncio_run(program))


def test_a_leftover_task_is_cancelled_when_main_returns(traced):
    done, _program, out = traced["leftover"]
    assert done.returncode == 0, done.stderr
    assert "1.000 s of shop time" in done.stdout
    (slow,) = [s for s in slices(json.loads(out.read_text())) if s[3] == 5]
    assert slow[2] == 1_000_000  # waited 1 s, not the 100 it asked for


def test_a_never_ending_task_does_not_stretch_the_run(traced):
    done, _program, _out = traced["never_ending"]
    assert done.returncode == 0, done.stderr
    assert "1.500 s of shop time" in done.stdout


def test_sys_exit_ends_the_run_with_its_status(traced):
    done, _program, _out = traced["exits"]
    assert done.returncode == 3
    assert "1.000 s of shop time" in done.stdout


def test_sys_exit_is_told_in_one_line(traced):
    done, _program, _out = traced["exits"]
    assert done.stderr.strip() == "coffeeshop: the program called sys.exit(3)"


@pytest.mark.parametrize("value", ["inf", "nan", "-1"])
def test_until_must_be_a_finite_time(tmp_path, value):
    program = tmp_path / "leftover.py"
    program.write_text(PROGRAMS["leftover"])
    done = trace(program, tmp_path / "trace.json", "--until", value)
    assert done.returncode == 2 and "finite number" in done.stderr
    assert not (tmp_path / "trace.json").exists()
