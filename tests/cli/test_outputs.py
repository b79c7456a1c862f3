"""Where a run writes is checked before it runs, and an output that fails mid-way (a closed
pipe, a full disk) ends the run with one line, never a hang or a traceback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from support import program_path

RUN_SECONDS = 60  # each subprocess; shorter than pytest-timeout's 120 s
SLEEPY = str(program_path("sleepy"))


def run(*args: str, stdout: object = subprocess.PIPE, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "coffeeshop_gui", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=RUN_SECONDS,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen", **env),
    )


BAD_OUTPUTS = {
    "missing folder": ("{tmp}/nowhere/out.{ext}", "no such folder"),
    "a folder": ("{tmp}/folder.{ext}", "is a folder"),
    "proc": ("/proc/out.{ext}", "cannot write the"),
}


@pytest.mark.parametrize("mode", ["trace", "screenshot"])
@pytest.mark.parametrize("case", sorted(BAD_OUTPUTS))
def test_an_output_that_cannot_be_written_is_refused_before_the_run(tmp_path, mode, case):
    pattern, expected = BAD_OUTPUTS[case]
    ext = "json" if mode == "trace" else "png"
    target = pattern.format(tmp=tmp_path, ext=ext)
    (tmp_path / f"folder.{ext}").mkdir()
    never_ends = tmp_path / "never_ends.py"  # refused first, it never gets to run
    never_ends.write_text("import time\n\nasync def main():\n    time.sleep(10**6)\n")
    if mode == "trace":
        args = ["trace", str(never_ends), "-o", target]
    else:
        args = [str(never_ends), "--screenshot", target]
    done = run(*args)
    assert done.returncode == 2
    (line,) = done.stderr.strip().splitlines()
    assert expected in line and line.startswith("coffeeshop: ")


def test_a_trace_into_a_pipe_closed_early_ends_quietly(tmp_path):
    trace = subprocess.Popen(
        [sys.executable, "-m", "coffeeshop_gui", "trace", SLEEPY, "-o", str(tmp_path / "t.json")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    trace.stdout.close()  # as `| head -c 0` would
    _out, err = trace.communicate(timeout=RUN_SECONDS)
    assert trace.returncode == 1
    assert b"Traceback" not in err


@pytest.mark.parametrize("mode", ["trace", "screenshot"])
def test_a_full_stdout_is_said_in_one_line(tmp_path, mode):
    if mode == "trace":
        args = ["trace", SLEEPY, "-o", str(tmp_path / "t.json")]
    else:
        args = ["--screenshot", str(tmp_path / "s.png"), "--at", "0.5"]
    with open("/dev/full", "w") as full:
        done = run(*args, stdout=full, PYTHONUNBUFFERED="1")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    said = [line for line in done.stderr.splitlines() if line.startswith("coffeeshop:")]
    assert len(said) == 1
