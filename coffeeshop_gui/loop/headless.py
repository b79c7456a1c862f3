"""Running a program with no window: the same shop loop and recorder, the clock fast-forwarded."""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass
from typing import Any

from coffeeshop_gui.engine.chain import read_chain
from coffeeshop_gui.engine.clock import FAST_FORWARD, VirtualClock
from coffeeshop_gui.engine.program import Program
from coffeeshop_gui.loop.session import Session
from coffeeshop_gui.loop.shop_loop import ShopLoop
from coffeeshop_gui.model.log import EventLog


@dataclass(frozen=True)
class Outcome:
    """How a headless run ended, in words for the command line."""

    log: EventLog
    shop_seconds: float
    error: str | None = None
    timed_out: bool = False


def core_app() -> Any:
    """The Qt application the loop needs; a windowless one if none exists yet."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.instance() or QCoreApplication([])


def run_headless(program: Program, until: float = 3600.0) -> Outcome:
    """Run `program.main()` to the end (or to `until` seconds of shop time), recording it."""
    app = core_app()
    loop = ShopLoop(app, VirtualClock(FAST_FORWARD))
    try:
        session = Session(loop, program, snapshot=False)
        timed_out = _run(loop, session, until)
        error = _where_stuck(session) if timed_out else _main_error(session.main)
        session.close()  # as asyncio.run does: what main left running is cancelled
        if session.live_tasks() or loop.outside.children:
            loop.run_until_complete(_settle(session))
        loop.run_until_complete(loop.shutdown_default_executor())
        last = session.log.last()
        ended = session.started_at if last is None else last.t
        return Outcome(session.log, ended - session.started_at, error, timed_out)
    finally:
        loop.close()


def _run(loop: ShopLoop, session: Session, until: float) -> bool:
    """Run until main ends; True if the shop-time limit came first."""
    hit: list[bool] = []

    def stop_at_limit() -> None:
        # Nothing left to wait for once main has ended: its own done callback stops the
        # loop. A second stop would still be queued and end the next run_until_complete.
        if not session.main.done():
            hit.append(True)
            loop.stop()

    loop.horizon = session.started_at + until
    loop.on_horizon = stop_at_limit

    def stop_when_done(_task: asyncio.Task[Any]) -> None:
        loop.stop()

    session.main.add_done_callback(stop_when_done)
    loop.run_forever()
    session.main.remove_done_callback(stop_when_done)  # main may end later, as it unwinds
    loop.horizon = None
    loop.on_horizon = None
    loop.play()
    return bool(hit) and not session.main.done()


async def _settle(session: Session) -> None:
    await asyncio.gather(*session.live_tasks(), return_exceptions=True)
    await session.loop.children_reaped()


def _where_stuck(session: Session) -> str | None:
    """Where the program's tasks wait, by line, for a run stopped at its limit."""
    lines = session.program.source.splitlines()
    waits = []
    for task in session.live_tasks():
        chain, _awaiting, _frame = read_chain(task.get_coro(), session.recorder.files)
        if chain:
            line = chain[-1][1]
            text = lines[line - 1].strip() if 0 < line <= len(lines) else ""
            waits.append(f"{task.get_name()} waits at line {line}: {text}")
    return "; ".join(waits) or None


def _main_error(main: asyncio.Task[Any]) -> str | None:
    if main.cancelled():
        return "main was cancelled"
    error = main.exception()
    return None if error is None else f"main raised {type(error).__name__}: {error}"
