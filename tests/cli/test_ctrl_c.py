"""Ctrl+C quits: the first cleanly (the program's tasks cancelled and unwound), the second
at once, in the window and in `trace` alike."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

RUN_SECONDS = 30  # each subprocess; shorter than pytest-timeout's 120 s

BLOCKS_AND_TIDIES = """import asyncio
import time

async def blocker():
    await asyncio.sleep(0.2)
    print("blocking", flush=True)
    time.sleep(10**6)

async def tidy():
    try:
        await asyncio.sleep(1000)
    finally:
        print("tidy unwound", flush=True)

async def main():
    await asyncio.gather(tidy(), blocker())
"""

WONT_UNWIND = """import asyncio
import time

async def main():
    try:
        print("blocking", flush=True)
        await asyncio.sleep(1000)
    except asyncio.CancelledError:
        print("refusing to unwind", flush=True)
        time.sleep(10**6)
"""

SPINS_IN_TRACE = """import asyncio

async def tidy():
    try:
        print("blocking", flush=True)
        await asyncio.sleep(1000)
    finally:
        print("tidy unwound", flush=True)

async def main():
    asyncio.create_task(tidy())
    while True:
        await asyncio.sleep(0)
"""


def start(tmp_path: Path, source: str, *args: str) -> subprocess.Popen[str]:
    program = tmp_path / "program.py"
    program.write_text(source)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path))
    return subprocess.Popen(
        [sys.executable, "-m", "coffeeshop_gui", *args, str(program)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def wait_for_line(process: subprocess.Popen[str], wanted: str) -> None:
    """Read the program's output up to `wanted`, then let the step that printed it end."""
    deadline = time.monotonic() + RUN_SECONDS
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 0.2)
        line = process.stdout.readline() if ready else "\n"
        if line.strip() == wanted:
            time.sleep(0.3)  # not a timing check: a signal now would land in that print
            return
        if not line:
            break
    process.kill()
    raise AssertionError(f"never printed {wanted!r}")


def interrupt(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    process.send_signal(signal.SIGINT)
    try:
        out, err = process.communicate(timeout=RUN_SECONDS)
    finally:
        process.kill()
    return process.returncode, out, err


def test_ctrl_c_quits_the_window_by_unwinding_the_program(tmp_path):
    shop = start(tmp_path, BLOCKS_AND_TIDIES)
    wait_for_line(shop, "blocking")  # a customer holds the thread in time.sleep
    status, out, err = interrupt(shop)
    assert status == 130
    assert "tidy unwound" in out
    assert "Traceback" not in err


def test_a_second_ctrl_c_quits_the_window_at_once(tmp_path):
    shop = start(tmp_path, WONT_UNWIND)
    wait_for_line(shop, "blocking")
    shop.send_signal(signal.SIGINT)
    wait_for_line(shop, "refusing to unwind")  # the first Ctrl+C is stuck unwinding it
    status, _out, err = interrupt(shop)
    assert status == 130
    assert "interrupted again: quitting at once" in err


def test_ctrl_c_ends_a_trace_as_asyncio_run_would(tmp_path):
    out_file = tmp_path / "trace.json"
    tracing = start(tmp_path, SPINS_IN_TRACE, "trace", "-o", str(out_file))
    wait_for_line(tracing, "blocking")
    status, out, err = interrupt(tracing)
    assert status == 130
    assert "tidy unwound" in out and out_file.exists()
    assert err.strip() == "coffeeshop: interrupted (KeyboardInterrupt)"
