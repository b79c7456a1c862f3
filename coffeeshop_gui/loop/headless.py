"""Running a program with no window: the same shop loop and recorder, the clock fast-forwarded.

It ends the way `asyncio.run` ends: when main returns (or a task calls sys.exit), the shop
stops at once, what main left running is cancelled and given the chance to unwind, and the
run is reported as lasting until main returned.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from dataclasses import dataclass
from typing import Any

from coffeeshop_gui.engine.chain import read_chain
from coffeeshop_gui.engine.clock import FAST_FORWARD, VirtualClock
from coffeeshop_gui.engine.program import Program
from coffeeshop_gui.loop.interrupts import EXIT_INTERRUPTED, CtrlC
from coffeeshop_gui.loop.session import Session
from coffeeshop_gui.loop.shop_loop import ShopLoop
from coffeeshop_gui.model.log import EventLog

# Shop time the cancelled leftovers have to unwind in (their `finally` may await): past it
# they are left as they are, as a hung `asyncio.run` would be interrupted.
UNWIND_SHOP_SECONDS = 60.0
# Shop time a run is given when its caller names no limit: an hour, more than any lesson or
# example program needs, so that a program that never ends still ends.
UNTIL_SHOP_SECONDS = 3600.0
_real_exit = os._exit


@dataclass(frozen=True)
class Outcome:
    """How a headless run ended, in words for the command line."""

    log: EventLog
    shop_seconds: float
    error: str | None = None
    timed_out: bool = False
    exit_code: int | None = None  # the program called sys.exit(exit_code)


@dataclass
class _End:
    """What ended the run: main returning, sys.exit, the --until limit or loop.stop()."""

    at: float | None = None
    timed_out: bool = False
    exit: BaseException | None = None
    stopped_by_program: bool = False
    quit_by_program: bool = False


def core_app() -> Any:
    """The Qt application the loop needs; a windowless one if none exists yet."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, QtMsgType, qInstallMessageHandler

    def on_qt_message(kind: QtMsgType, _context: object, message: str) -> None:
        if kind == QtMsgType.QtFatalMsg:  # Qt aborts the process right after this
            _die_in_one_line(message)
        elif kind != QtMsgType.QtDebugMsg:
            sys.stderr.write(f"{message}\n")

    qInstallMessageHandler(on_qt_message)
    return QCoreApplication.instance() or QCoreApplication([])


def _die_in_one_line(message: str) -> None:
    """A fatal Qt error (a program made a QWidget: trace has no windows), said plainly."""
    why = message.strip().splitlines()[0] if message.strip() else "a fatal Qt error"
    if "QWidget" in why or "QApplication" in why:
        why = "the program made a Qt widget, and trace runs with no window"
    with contextlib.suppress(OSError):
        os.write(2, f"coffeeshop: {why}\n".encode())
    _real_exit(1)  # not the program-watching os._exit (engine/guard.py): this is ours


def run_headless(program: Program, until: float = UNTIL_SHOP_SECONDS) -> Outcome:
    """Run `program.main()` to the end (or to `until` seconds of shop time), recording it."""
    app = core_app()
    loop = ShopLoop(app, VirtualClock(FAST_FORWARD))
    ctrl_c = None
    try:
        session = Session(loop, program, snapshot=False)
        ctrl_c = CtrlC(loop, lambda: _interrupt(loop, session))
        end = _run(loop, session, until)
        stuck = _where_stuck(session) if end.timed_out else None  # before they are cancelled
        session.cancel()  # as asyncio.run does: what main left running is cancelled
        _unwind(loop, session)
        session.close()
        if loop.outside.children:  # the program's children: reaped, none left behind
            loop.run_until_complete(loop.children_reaped())
        loop.run_until_complete(loop.shutdown_default_executor())
        ended = end.at if end.at is not None else loop.time()
        return Outcome(
            session.log,
            ended - session.started_at,
            stuck or _error(session.main, end),
            end.timed_out,
            _exit_code(end.exit),
        )
    finally:
        if ctrl_c is not None:
            ctrl_c.close()
        loop.program_stop_refused.disconnect()
        loop.close()


def _interrupt(loop: ShopLoop, session: Session) -> None:
    """Ctrl+C: end the run as a KeyboardInterrupt out of a step would."""
    on_exit = session.recorder.on_exit
    if on_exit is not None:
        on_exit(KeyboardInterrupt())
    else:
        loop.halt()


def _run(loop: ShopLoop, session: Session, until: float) -> _End:
    """Run until main ends, a task calls sys.exit, or the shop-time limit comes first."""
    end = _End()

    def finish(exit: BaseException | None = None, *, timed_out: bool = False) -> None:
        if end.at is None:
            end.at, end.exit, end.timed_out = loop.time(), exit, timed_out
        loop.halt()

    def program_stopped() -> None:
        end.stopped_by_program = True
        finish()

    loop.horizon = session.started_at + until
    loop.horizon_reached.connect(lambda: finish(timed_out=True))
    loop.program_stop_refused.connect(program_stopped)
    session.recorder.on_exit = finish
    session.main.add_done_callback(lambda _task: finish(), context=loop.shop_context())
    loop.run_forever()
    if end.at is None:  # nothing here stopped it: the program quit the Qt application
        end.at, end.quit_by_program = loop.time(), True
    session.recorder.on_exit = None
    loop.horizon = None
    loop.horizon_reached.disconnect()
    return end


def _unwind(loop: ShopLoop, session: Session) -> None:
    """Let the cancelled tasks run their `except`/`finally` (bounded in shop time)."""
    live = session.live_tasks()
    if not live:
        return
    remaining = [len(live)]

    def one_ended(_task: asyncio.Task[Any]) -> None:
        remaining[0] -= 1
        if not remaining[0]:
            loop.halt()

    context = loop.shop_context()
    for task in live:
        task.add_done_callback(one_ended, context=context)
    loop.horizon = loop.time() + UNWIND_SHOP_SECONDS
    loop.horizon_reached.connect(loop.halt)
    session.recorder.on_exit = lambda _exc: loop.halt()
    loop.program_stop_refused.connect(loop.halt)
    loop.play()
    loop.run_forever()
    loop.horizon = session.recorder.on_exit = None
    loop.horizon_reached.disconnect()
    loop.program_stop_refused.disconnect()
    loop.play()


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


def _error(main: asyncio.Task[Any], end: _End) -> str | None:
    if end.stopped_by_program:
        return "the program called loop.stop() before main ended"
    if end.quit_by_program:
        return "the program quit the Qt application before main ended"
    if end.exit is not None:
        if main.done() and not main.cancelled():
            main.exception()  # retrieved, as asyncio.run's raising it would
        return _exit_words(end.exit)
    if end.timed_out or not main.done():
        return None
    if main.cancelled():
        return "main was cancelled"
    error = main.exception()
    if isinstance(error, SystemExit | KeyboardInterrupt):
        return _exit_words(error)
    return None if error is None else f"main raised {type(error).__name__}: {error}"


def _exit_words(exc: BaseException) -> str:
    if isinstance(exc, SystemExit):
        return f"the program called sys.exit({exc.code!r})"
    return f"interrupted ({type(exc).__name__})"


def _exit_code(exc: BaseException | None) -> int | None:
    """The status `python program.py` would exit with after sys.exit(code) or Ctrl+C."""
    if isinstance(exc, KeyboardInterrupt):
        return EXIT_INTERRUPTED
    if not isinstance(exc, SystemExit):
        return None
    if exc.code is None:
        return 0
    return exc.code if isinstance(exc.code, int) else 1
