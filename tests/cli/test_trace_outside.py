"""`coffeeshop trace` of programs that talk to the outside world: sockets, pipes, children."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from support import line_of, program_path

RUN_SECONDS = 60  # each subprocess; shorter than pytest-timeout's 120 s


def trace(program: str | Path, out: Path, *args: str, env: dict[str, str] | None = None):
    """Trace a sample program (by name) or any file, as the command line does."""
    path = program if isinstance(program, Path) else program_path(program)
    command = [sys.executable, "-m", "coffeeshop_gui", "trace", str(path)]
    return subprocess.run(
        [*command, "-o", str(out), *args],
        capture_output=True,
        text=True,
        timeout=RUN_SECONDS,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen", **(env or {})),
    )


def slices(out: Path) -> list[dict]:
    return [e for e in json.loads(out.read_text())["traceEvents"] if e["ph"] == "X"]


def named(out: Path, program: str, marker: str) -> set[str]:
    """The names of the slices at a marked line."""
    return {e["name"] for e in slices(out) if e["args"]["line"] == line_of(program, marker)}


def test_trace_of_a_stream_program_ends_with_every_await_of_server_and_client(tmp_path):
    out = tmp_path / "streams.json"
    done = trace("io_streams", out)
    assert done.returncode == 0, done.stderr
    assert "destroyed but it is pending" not in done.stderr
    lines = {e["args"]["line"] for e in slices(out)}
    for marker in ("tcp-connect", "ask-read", "serve-think", "unix-connect", "serve-closed"):
        assert line_of("io_streams", marker) in lines, marker
    assert named(out, "io_streams", "ask-read") == {"await socket read"}
    assert named(out, "io_streams", "serve-think") == {"await sleep"}


def test_trace_names_low_level_socket_waits_by_direction(tmp_path):
    out = tmp_path / "sockets.json"
    assert trace("io_sockets", out).returncode == 0
    assert named(out, "io_sockets", "recv") == {"await socket read"}
    assert named(out, "io_sockets", "writer") == {"await socket write"}


def test_a_blocking_call_is_a_blocking_slice_as_long_as_it_held(tmp_path):
    out = tmp_path / "rude.json"
    done = trace("rude", out)
    assert done.returncode == 0, done.stderr
    (block,) = [e for e in slices(out) if e["name"] == "blocking"]
    assert block["args"]["line"] == line_of("rude", "blocking-call")
    assert block["args"]["task"] != "main" and 0.35 < block["dur"] / 1e6 < 3
    assert 0.95 < block["ts"] / 1e6 < 1.1  # after the 1 s sleep, before anything else


def test_trace_of_a_subprocess_program_ends_with_its_waits_on_the_children(tmp_path):
    out = tmp_path / "children.json"
    done = trace("io_subprocess", out)
    assert done.returncode == 0, done.stderr
    lines = {e["args"]["line"] for e in slices(out)}
    for marker in ("exec", "communicate", "shell-communicate", "wait"):
        assert line_of("io_subprocess", marker) in lines, marker
    assert named(out, "io_subprocess", "wait") == {"await subprocess"}


def test_skip_waits_never_jumps_past_a_reply_on_its_way(tmp_path):
    # The peer answers 0.2 s after it is asked; the program would give up after 30 s.
    out = tmp_path / "clock.json"
    done = trace("io_clock", out)
    assert done.returncode == 0, done.stderr
    reply = [e for e in slices(out) if e["args"]["line"] == line_of("io_clock", "reply")]
    assert 0.15 < reply[0]["dur"] / 1e6 < 5  # the real wait, not the timeout
    shop_seconds = float(done.stdout.split("traced io_clock.py: ")[1].split(" s")[0])
    assert 120.1 < shop_seconds < 125  # both minute-long sleeps skipped, idle server and all


def wait_gone(pid: int, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def test_a_child_that_never_answers_is_stopped_at_until_by_name_and_line(tmp_path):
    pid_file = tmp_path / "child.pid"
    done = trace(
        "io_silent_child",
        tmp_path / "silent.json",
        "--until",
        "1",
        env={"COFFEESHOP_TEST_PID_FILE": str(pid_file)},
    )
    assert done.returncode == 1
    message = done.stderr.strip().splitlines()[-1]
    assert "--until limit (1 s)" in message
    assert f"main waits at line {line_of('io_silent_child', 'silent')}" in message
    assert "await child.stdout.readline()" in message
    assert wait_gone(int(pid_file.read_text())), "the child outlived the trace: an orphan"
