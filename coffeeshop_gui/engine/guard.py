"""A wall-clock limit on a whole run (`trace`, `--screenshot`) that nothing can defeat.

The run's own thread may be stuck anywhere: in a C call no signal interrupts, in a pipe
nobody reads, in Qt. So the limit lives in a thread of its own, and past it that thread
says in one line what the main thread was doing (the program's line, read from its live
stack), ends the program's child processes, and ends the process with `os._exit`: no
cleanup that could block again runs after the limit.

A thread needs the GIL, and a C loop that never releases it (`sum(range(10**12))`) starves
every Python thread. So a small process stands behind the thread (`python -m
coffeeshop_gui.engine.guard`): if the run is still there a little after the limit, it has
faulthandler (C code, no GIL needed) write the run's stack to a pipe, reads the program's
line from it, kills the run and its children, and says so. It exits as soon as the run
ends, whichever way: it is never left behind.
"""

from __future__ import annotations

import contextlib
import faulthandler
import linecache
import os
import re
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Collection, Container
from pathlib import Path
from typing import NoReturn

from coffeeshop_gui.engine.watchdog import program_line

EXIT_WALL_LIMIT = 124  # as timeout(1) exits: scripts can tell it from the program's own status
BACKSTOP_GRACE = 2.0  # seconds past the limit before the process behind the thread steps in
DUMP_SIGNAL = getattr(signal, "SIGUSR1", None)  # faulthandler writes the stack on it
_FRAME = re.compile(r'File "(?P<file>[^"]+)", line (?P<line>\d+)')


class WallGuard:
    """Ends the process `limit` real seconds after `start` unless `disarm` comes first."""

    def __init__(
        self,
        limit: float,
        files: Container[str],
        *,
        flag: str = "--wall-limit",
        exit: Callable[[int], object] = os._exit,
    ) -> None:
        self.limit, self.files, self.flag = limit, files, flag
        self._exit = exit
        self._main = threading.main_thread().ident
        self._disarmed = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="coffeeshop-wall", daemon=True)
        self._backstop: tuple[subprocess.Popen[bytes], int, int] | None = None

    def start(self) -> WallGuard:
        self.deadline = time.monotonic() + self.limit  # when it ends the run (monotonic)
        self._thread.start()
        self._backstop = _start_backstop(self.limit, self.files, self.flag)
        return self

    def disarm(self) -> None:
        """The run ended in time."""
        self._disarmed.set()
        if self._backstop is not None:
            process, lifeline, dump = self._backstop
            os.close(lifeline)  # the backstop reads the end of the file and exits
            faulthandler.unregister(DUMP_SIGNAL)  # type: ignore[arg-type]
            os.close(dump)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=2)
            self._backstop = None

    def what_blocked(self) -> str:
        """Where the main thread is now, in the program's terms."""
        frame = sys._current_frames().get(self._main)  # type: ignore[arg-type]
        line = program_line(frame, self.files)
        if line is None:
            return "the program had not ended"
        where = _code_of(frame, self.files)
        text = linecache.getline(where, line).strip() if where else ""
        said = f" ({text})" if text else ""
        name = Path(where).name if where else "the program"
        return f"the program was at line {line} of {name}{said}"

    def _watch(self) -> None:
        if self._disarmed.wait(self.limit):
            return
        message = (
            f"coffeeshop: stopped after the wall-clock limit of {self.limit:g} s "
            f"({self.flag}): {self.what_blocked()}\n"
        )
        end_children()
        # os.write, not print: the main thread may hold sys.stderr's lock, or be stuck on it
        with contextlib.suppress(OSError):
            os.write(2, message.encode("utf-8", "replace"))
        self._exit(EXIT_WALL_LIMIT)


def watch_hard_exit(files: Container[str], *, unfinished: bool) -> Callable[[], None]:
    """Say so when the program calls os._exit, which skips every cleanup and message.

    `unfinished`: the run had output still to write (a trace, a screenshot), so an exit
    status of 0 becomes 1. Returns the function that puts os._exit back.
    """
    real = os._exit

    def program_exit(status: int) -> NoReturn:
        line = program_line(sys._getframe(1), files)
        if line is not None:
            with contextlib.suppress(OSError):
                os.write(
                    2,
                    f"coffeeshop: the program called os._exit({status}) on line {line}: "
                    "the run ends here, with nothing saved\n".encode(),
                )
            if unfinished and status == 0:
                status = 1
        real(status)

    os._exit = program_exit

    def restore() -> None:
        os._exit = real

    return restore


def _code_of(frame: object, files: Container[str]) -> str | None:
    while frame is not None:
        filename: str = frame.f_code.co_filename  # type: ignore[attr-defined]
        if filename in files:
            return filename
        frame = frame.f_back  # type: ignore[attr-defined]
    return None


def descendants(pid: int) -> list[int]:
    """The process's children, theirs, and so on (Linux's /proc; none known elsewhere)."""
    found: list[int] = []
    todo = [pid]
    while todo:
        parent = todo.pop()
        try:
            threads = os.listdir(f"/proc/{parent}/task")
        except OSError:
            continue
        for tid in threads:
            try:
                with open(f"/proc/{parent}/task/{tid}/children") as listing:
                    kids = [int(word) for word in listing.read().split()]
            except OSError:
                continue
            found.extend(kids)
            todo.extend(kids)
    return found


def end_children() -> None:
    """Kill every process this one started (and what they started): none is left behind."""
    pids = descendants(os.getpid())  # the backstop too: it has nothing left to do
    module = sys.modules.get("multiprocessing")
    if module is not None:  # where /proc cannot tell, multiprocessing still knows its own
        pids.extend(p.pid for p in module.active_children() if p.pid is not None)
    for pid in dict.fromkeys(pids):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


def _start_backstop(
    limit: float, files: Container[str], flag: str
) -> tuple[subprocess.Popen[bytes], int, int] | None:
    """The process behind the guard thread; None where it cannot work (not Linux/POSIX).

    It is told the guard's limit and its grace apart: it steps in after both, and says the limit.
    """
    if DUMP_SIGNAL is None or not os.path.isdir("/proc"):
        return None
    dump_read, dump_write = os.pipe()
    life_read, life_write = os.pipe()
    faulthandler.register(DUMP_SIGNAL, file=dump_write, all_threads=True)
    shown = [str(f) for f in files] if isinstance(files, set | list | tuple) else []
    args = [str(os.getpid()), repr(limit), repr(BACKSTOP_GRACE), str(dump_read), flag, *shown]
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "coffeeshop_gui.engine.guard", *args],
            stdin=life_read,
            stdout=subprocess.DEVNULL,
            pass_fds=(dump_read,),
            start_new_session=True,  # a terminal's Ctrl+C is for the run, not for this
        )
    except OSError:
        faulthandler.unregister(DUMP_SIGNAL)
        os.close(life_write)
        os.close(dump_write)
        return None
    finally:
        os.close(life_read)
        os.close(dump_read)
    return process, life_write, dump_write


def _backstop(argv: list[str]) -> int:
    """The process's main: wait for the run to end, or stop it past the limit."""
    parent, limit, grace, dump = int(argv[0]), float(argv[1]), float(argv[2]), int(argv[3])
    flag, files = argv[4], set(argv[5:])
    deadline = time.monotonic() + limit + grace
    while (left := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select([0], [], [], min(left, 0.25))
        if ready or os.getppid() != parent:
            return 0  # the run ended (its lifeline closed), in time
    children = [pid for pid in descendants(parent) if pid != os.getpid()]
    with contextlib.suppress(OSError):
        os.kill(parent, DUMP_SIGNAL)  # type: ignore[arg-type]
    where = _line_in_dump(_read_for(dump, 1.0), files)
    for pid in [parent, *children]:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    said = "the program was in a call that never lets Python run"
    if where is not None:
        said += f", at line {where[1]} of {Path(where[0]).name}"
        text = linecache.getline(where[0], where[1]).strip()
        said += f" ({text})" if text else ""
    print(
        f"coffeeshop: stopped after the wall-clock limit of {limit:g} s ({flag}): {said}",
        file=sys.stderr,
    )
    return EXIT_WALL_LIMIT


def _read_for(fd: int, seconds: float) -> str:
    """What arrives on `fd` until it has been quiet for a moment (at most `seconds`)."""
    chunks: list[bytes] = []
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select([fd], [], [], min(left, 0.2))
        if not ready:
            if chunks:
                break
            continue
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks).decode("utf-8", "replace")


def _line_in_dump(dump: str, files: Collection[str]) -> tuple[str, int] | None:
    """The program's innermost line in faulthandler's dump (most recent call first)."""
    named = {_as_dumped(name): name for name in files}
    for match in _FRAME.finditer(dump):
        if match["file"] in named:
            return named[match["file"]], int(match["line"])
    return None


def _as_dumped(name: str) -> str:
    """`name` as faulthandler writes it: printable ASCII as it is, any other character as
    an escape (CPython's `_Py_DumpASCII`). A program under /home/josé is dumped under
    /home/jos\\xe9, and would not be found by its own name."""
    return "".join(
        ch
        if " " <= ch <= "~"
        else f"\\x{ord(ch):02x}"
        if ord(ch) <= 0xFF
        else f"\\u{ord(ch):04x}"
        if ord(ch) <= 0xFFFF
        else f"\\U{ord(ch):08x}"
        for ch in name
    )


if __name__ == "__main__":
    sys.exit(_backstop(sys.argv[1:]))
