"""Programs that talk to the outside world run on the shop loop as they do on asyncio.

Each program of the corpus (sockets, streams, datagrams, children, threads) runs on a
stock asyncio loop and on the shop loop, played at "skip waits", at 1x and at 1/4x, paused
and then played, and one step at a time. Each task must pass the same await lines in the same
order (a task suspended twice running at one line counts once: how many times a read
waits for its bytes is the kernel's business), and skipping waits must come to the same
shop time, the real time spent waiting on the outside world included.
"""

from __future__ import annotations

import asyncio
import itertools

import pytest
from support import labels, program_path, record_on_stock_loop

from coffeeshop_gui.engine.clock import FAST_FORWARD
from coffeeshop_gui.engine.program import load_program
from coffeeshop_gui.loop.session import Session
from coffeeshop_gui.model import events as ev

CORPUS = ["io_streams", "io_sockets", "io_datagram", "io_subprocess", "io_threads", "io_clock"]
SLOW = {"io_clock"}  # two minutes of sleeps: only at "skip waits"
REAL_SECONDS = 30.0  # a run that has not ended by then hangs
TIME_TOLERANCE = 0.5  # shop seconds: real I/O latency differs from run to run


def await_lines(events: list[ev.Event]) -> dict[str, list[int]]:
    """Per task label, the lines it was suspended at, repeats in a row counted once."""
    who = labels(events)
    lines: dict[str, list[int | None]] = {}
    for e in events:
        if isinstance(e, ev.Suspended):
            lines.setdefault(who[e.task], []).append(e.line)
    return {task: [line for line, _ in itertools.groupby(seq)] for task, seq in lines.items()}


def shop_seconds(events: list[ev.Event]) -> float:
    return events[-1].t - events[0].t


def run_on_shop_loop(loop, name: str, mode: str) -> tuple[list[ev.Event], object]:
    session = Session(loop, load_program(program_path(name)), snapshot=False)
    if mode == "skip":
        loop.set_speed(FAST_FORWARD)
    elif mode in ("1x", "quarter"):
        loop.set_speed(1.0 if mode == "1x" else 0.25)
    else:
        loop.set_speed(1.0)
        loop.pause()

    async def drive() -> object:
        if mode == "pause":
            await asyncio.sleep(0.3)  # readiness and replies pile up meanwhile
            loop.play()
        while mode == "step" and not session.main.done():
            loop.step()
            await asyncio.sleep(0.001)
        return await session.main

    try:
        result = loop.run_until_complete(asyncio.wait_for(drive(), REAL_SECONDS))
    finally:
        session.close()
    return list(session.log), result


MODES = ["skip", "1x", "quarter", "pause", "step"]


@pytest.mark.parametrize(
    ("name", "mode"),
    [(n, m) for n in CORPUS for m in MODES if m == "skip" or n not in SLOW],
)
def test_a_program_doing_io_awaits_the_same_lines_as_on_asyncio(shop_loop, name, mode):
    _program, stock_events, stock_result = record_on_stock_loop(name)
    events, result = run_on_shop_loop(shop_loop, name, mode)
    assert result == stock_result
    assert await_lines(events) == await_lines(stock_events)
    if mode == "skip":
        assert abs(shop_seconds(events) - shop_seconds(stock_events)) < TIME_TOLERANCE


def readiness_in_line(session: Session) -> int:
    return sum(1 for _task, _who, kind in session.ready_queue() if kind == "io_ready")


def test_a_socket_ready_while_paused_is_read_once_a_step_at_a_time(shop_loop, qtbot):
    program = load_program(program_path("io_paused_reader"))
    left, right = program.namespace["PAIR"]
    session = Session(shop_loop, program, snapshot=False)
    qtbot.waitUntil(lambda: any(isinstance(e, ev.Suspended) for e in session.log), timeout=5000)
    shop_loop.pause()
    turns = shop_loop.turns
    right.send(b"abc")
    # Seen once (a loaded machine may take a while to look), then still once while Qt sees
    # the socket readable all along
    qtbot.waitUntil(lambda: readiness_in_line(session) > 0, timeout=5000)
    qtbot.wait(200)
    assert readiness_in_line(session) == 1
    assert shop_loop.turns == turns and not session.main.done()
    for taken in range(1, 4):
        shop_loop.step()
        qtbot.waitUntil(lambda n=taken: shop_loop.turns == turns + n, timeout=5000)
        qtbot.wait(50)
        assert shop_loop.turns == turns + taken  # one step, one turn, however long we wait
    shop_loop.play()
    qtbot.waitUntil(session.main.done, timeout=5000)
    assert session.main.result() == b"abc"  # nothing lost, nothing read twice
    left.close()
    right.close()
