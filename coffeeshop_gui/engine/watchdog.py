"""Noticing a coroutine that blocks the loop's only thread, and naming the line it is stuck on.

A `time.sleep` or a loop that never awaits freezes the loop and, with it, the window. A
watcher thread sees how long the current shop callback has run; past a threshold it reads the
main thread's stack (sys._current_frames) for the program's innermost line. When the callback
returns, a Blocked event tells the story. A callback that never returns is interrupted by
raising LoopBlockedError inside it (delivered at its next bytecode), so a class is never left
with a hung window.
"""

from __future__ import annotations

import ctypes
import sys
import threading
import time
from collections.abc import Callable, Container

from coffeeshop_gui.model import events as ev
from coffeeshop_gui.model.log import EventLog


class LoopBlockedError(RuntimeError):
    """Raised inside a coroutine that held the event loop's thread for far too long."""

    def __init__(self, *args: object) -> None:
        super().__init__(*args or ("held the event loop's only thread without awaiting; stopped",))


def program_line(frame: object, files: Container[str]) -> int | None:
    """The innermost line of the shown program on a (live) stack."""
    while frame is not None:
        if frame.f_code.co_filename in files:  # type: ignore[attr-defined]
            return frame.f_lineno  # type: ignore[attr-defined]
        frame = frame.f_back  # type: ignore[attr-defined]
    return None


class Watchdog:
    """Times each shop callback from a second thread; the loop calls `begin`/`end` around it."""

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
        self._turn = 0
        self._since: float | None = None
        self._task: int | None = None
        self._line: int | None = None
        self._noticed_turn = -1
        self._interrupted_turn = -1
        self._stopped = threading.Event()
        self._watcher = threading.Thread(
            target=self._watch, name="coffeeshop-watchdog", daemon=True
        )
        self._watcher.start()

    def begin(self, task: int | None) -> None:
        self._turn += 1
        self._task = task
        self._since = time.perf_counter()

    def end(self) -> None:
        since, self._since = self._since, None
        if since is None or self._noticed_turn != self._turn:
            return
        held = time.perf_counter() - since
        interrupted = self._interrupted_turn == self._turn
        self.log.append(
            ev.Blocked(self._now(), self._task, self._line, round(held, 3), interrupted)
        )

    def stop(self) -> None:
        self._stopped.set()

    def _watch(self) -> None:
        while not self._stopped.wait(self._poll):
            since, turn = self._since, self._turn
            if since is None:
                continue
            held = time.perf_counter() - since
            if held >= self.notice and self._noticed_turn != turn:
                frame = sys._current_frames().get(self._loop_thread)
                self._line = program_line(frame, self.files)
                self._noticed_turn = turn
            if (
                self.interrupt is not None
                and held >= self.interrupt
                and self._interrupted_turn != turn
            ):
                self._interrupted_turn = turn
                if self._turn == turn and self._since is not None:
                    self._raise_in_loop_thread()

    def _raise_in_loop_thread(self) -> None:
        ctypes.pythonapi.PyThreadState_SetAsyncExc(
            ctypes.c_ulong(self._loop_thread), ctypes.py_object(LoopBlockedError)
        )
