"""Noticing a coroutine that blocks the loop's only thread, and naming the line it is stuck on.

A `time.sleep` or a loop that never awaits freezes the loop and, with it, the window. A
watcher thread sees how long the current shop callback has run; past a threshold it reads the
main thread's stack (sys._current_frames) for the program's innermost line. When the callback
returns, a Blocked event tells the story. A callback that never returns is interrupted by
raising LoopBlockedError inside it, so a class is never left with a hung window.

An exception set from another thread lands only at the next bytecode: it cannot end a
blocked C call (`time.sleep`, a lock wait, `input()`). On POSIX, when the loop runs on the
main thread, the watcher sends that thread a signal instead (`signal.pthread_kill`): the call
fails with EINTR, Python runs the signal's handler, and the handler raises. A bytecode spin
checks for signals too, so the one mechanism serves both.

Time the garbage collector takes inside a callback is not the program's: a full collection
of a large heap (a rush's thousands of tasks) can hold the thread for half a second. The
watchdog leaves it out, so such a pause is neither blamed on the program's line nor, at
fast-forward, counted as shop time passing.
"""

from __future__ import annotations

import asyncio
import gc
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Container
from types import FrameType

from coffeeshop_gui.model import events as ev
from coffeeshop_gui.model.log import EventLog

# The signal that interrupts a blocked turn (POSIX only; SIGUSR2 is free in asyncio and Qt).
INTERRUPT_SIGNAL: int | None = getattr(signal, "SIGUSR2", None)


# The latest garbage collections, as (perf_counter at their start, seconds they took): enough
# to cover a turn near the notice, when young collections come every few milliseconds.
_collections: deque[tuple[float, float]] = deque(maxlen=512)
_collecting: list[float | None] = [None]  # when the collection under way began


def _time_collection(phase: str, _info: dict[str, int]) -> None:
    if phase == "start":
        _collecting[0] = time.perf_counter()
    else:
        began, _collecting[0] = _collecting[0], None
        if began is not None:
            _collections.append((began, time.perf_counter() - began))


def collecting_since(start: float) -> float:
    """Seconds the garbage collector has held the thread since `start` (a perf_counter),
    the collection under way included (the watcher may look while a callback of it runs)."""
    now, began = time.perf_counter(), _collecting[0]
    under_way = now - began if began is not None and began >= start else 0.0
    return under_way + sum(seconds for at, seconds in list(_collections) if at >= start)


class LoopBlockedError(RuntimeError):
    """Raised inside a coroutine that held the event loop's thread for far too long."""

    def __init__(self, *args: object) -> None:
        super().__init__(*args or ("held the event loop's only thread without awaiting; stopped",))


def program_line(frame: object, files: Container[str]) -> int | None:
    """The innermost line of the shown program on a (live) stack."""
    while frame is not None:
        if frame.f_code.co_filename in files:  # type: ignore[attr-defined]
            line: int = frame.f_lineno  # type: ignore[attr-defined]
            return line
        frame = frame.f_back  # type: ignore[attr-defined]
    return None


class Watchdog:
    """Times each shop callback from a second thread.

    The loop marks each shop callback: `turn = (task id, time.perf_counter())` before it,
    `turn = None` after, then `report(turn)`. Those are `begin` and `end`, which the
    recorder inlines on its hot path. One tuple per turn also means the watcher reads a
    turn's task and start together, and `noticed is turn` tells one turn from the next.
    """

    def __init__(
        self,
        log: EventLog,
        now: Callable[[], float],
        files: Container[str],
        *,
        notice: float = 0.2,
        interrupt: float | None = 5.0,
        poll: float = 0.02,
    ) -> None:
        self.log, self.files, self._now = log, files, now
        self.notice, self.interrupt, self._poll = notice, interrupt, poll
        self._loop_thread = threading.get_ident()
        self.turn: tuple[int | None, float] | None = None  # the shop callback running now
        self.noticed: tuple[int | None, float] | None = None  # the turn seen holding the thread
        self._line: int | None = None
        self._interrupted: tuple[int | None, float] | None = None
        self._signalled: tuple[int | None, float] | None = None  # the turn a signal is for
        self._stop_asked = False  # Stop was asked: interrupt each held turn until it is done
        self._by_signal = interrupt is not None and _install_signal_handler()
        self._stopped = threading.Event()
        if _time_collection not in gc.callbacks:  # once per process: a watchdog may not stop
            gc.callbacks.append(_time_collection)
        self._watcher = threading.Thread(
            target=self._watch, name="coffeeshop-watchdog", daemon=True
        )
        self._watcher.start()

    def begin(self, task: int | None) -> tuple[int | None, float]:
        self.turn = turn = (task, time.perf_counter())
        return turn

    def end(self, turn: tuple[int | None, float]) -> None:
        self.turn = None
        if self.noticed is turn:
            self.report(turn)

    def held(self, turn: tuple[int | None, float]) -> float:
        """How long `turn` has held the thread for the program: its time so far, less the
        garbage collector's."""
        return time.perf_counter() - turn[1] - collecting_since(turn[1])

    def report(self, turn: tuple[int | None, float], held: float | None = None) -> None:
        """The turn the watcher noticed has returned: say how long it held the thread."""
        if held is None:
            held = self.held(turn)
        interrupted = self._interrupted is turn
        self.log.append(ev.Blocked(self._now(), turn[0], self._line, round(held, 3), interrupted))

    def stop(self) -> None:
        self._stopped.set()

    @property
    def interrupted(self) -> tuple[int | None, float] | None:
        """The turn it last interrupted (one held past `interrupt`, or Stop asked)."""
        return self._interrupted

    def holding(self) -> tuple[float, int | None] | None:
        """How long the shop callback running now has held the loop's thread, and the
        program's line it is on once noticed; None between callbacks. Safe from any thread:
        a Stop button outside the held thread reads it (ui/stop_button.py)."""
        turn = self.turn
        if turn is None:
            return None
        return time.perf_counter() - turn[1], self._line if self.noticed is turn else None

    def request_stop(self) -> None:
        """Interrupt every turn that holds the loop's thread, from now until `stop_done`.

        Safe from any thread: it only sets a flag. The watcher thread, at its next look
        (every `poll` seconds), interrupts a turn held past `notice` by the same path as
        one held past `interrupt`: a signal to the loop's thread where there is one (it
        ends a blocked C call such as `time.sleep`, and a bytecode spin checks for it
        too), else an exception set on that thread (a blocked call sees it only when it
        returns). It goes on until the window has cancelled the program's tasks, since
        the next customer in line may hold the thread too.
        """
        self._stop_asked = True

    def stop_done(self) -> None:
        """The window has taken over the Stop (it cancels the tasks): no more interrupts."""
        self._stop_asked = False

    def _watch(self) -> None:
        while not self._stopped.wait(self._poll):
            turn = self.turn
            if turn is None:
                continue
            held = time.perf_counter() - turn[1]
            if held >= self.notice:  # rarely: then leave out the garbage collector's time
                held -= collecting_since(turn[1])
            if self._stop_asked and held >= self.notice and self._interrupted is not turn:
                self._interrupted = turn
                self._raise_in_loop_thread()
                continue
            if held >= self.notice and self.noticed is not turn:
                frame = sys._current_frames().get(self._loop_thread)
                self._line = program_line(frame, self.files)
                self.noticed = turn
            if (
                self.interrupt is not None
                and held >= self.interrupt
                and self._interrupted is not turn
            ):
                self._interrupted = turn
                if self.turn is turn:
                    self._raise_in_loop_thread()

    def _raise_in_loop_thread(self) -> None:
        if self._by_signal:
            self._signalled = self._interrupted
            _signalled[0] = self
            signal.pthread_kill(self._loop_thread, INTERRUPT_SIGNAL)  # type: ignore[arg-type]
            return
        import ctypes  # here: most runs never interrupt, and a window opens sooner without it

        ctypes.pythonapi.PyThreadState_SetAsyncExc(
            ctypes.c_ulong(self._loop_thread), ctypes.py_object(LoopBlockedError)
        )

    def on_signal(self, frame: FrameType | None) -> None:
        """In the loop thread, from the signal's handler: raise if the turn still runs.

        Not inside asyncio's or the shop's own code (a Task scheduling its next step): an
        exception there would leave a task half-stepped. Then the watcher signals again.
        """
        turn, self._signalled = self._signalled, None
        if turn is None or self.turn is not turn:
            return
        if not safe_to_interrupt(frame):
            self._interrupted = None  # the watcher tries again at its next look
            return
        raise LoopBlockedError


_signalled: list[Watchdog | None] = [None]  # the watchdog that sent the last signal


def _on_interrupt_signal(_signum: int, frame: FrameType | None) -> None:
    dog = _signalled[0]
    if dog is not None:
        dog.on_signal(frame)


# Where an exception raised by a signal would land inside the loop's own machinery: asyncio,
# and the shop's recorder and loop (not its lessons and programs, which are programs).
_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_MACHINERY = (
    os.path.dirname(asyncio.__file__) + os.sep,
    os.path.join(_PACKAGE, "engine") + os.sep,
    os.path.join(_PACKAGE, "loop") + os.sep,
)


def safe_to_interrupt(frame: FrameType | None) -> bool:
    """True if raising in `frame` lands in the program's code (or a library it called),
    not in asyncio's or the shop's own bookkeeping."""
    return frame is not None and not frame.f_code.co_filename.startswith(_MACHINERY)


def _install_signal_handler() -> bool:
    """Route INTERRUPT_SIGNAL to the watchdogs; False where signals cannot serve (not POSIX,
    or not the main thread, which alone runs Python's signal handlers)."""
    if INTERRUPT_SIGNAL is None or not hasattr(signal, "pthread_kill"):
        return False
    if threading.current_thread() is not threading.main_thread():
        return False
    if signal.getsignal(INTERRUPT_SIGNAL) is not _on_interrupt_signal:
        signal.signal(INTERRUPT_SIGNAL, _on_interrupt_signal)
    return True
