"""What the program waits on outside the loop: watched sockets and pipes, children, threads.

The shop clock may skip a wait only when no reply can be on its way. The loop tells this
module when it starts and stops watching a file descriptor for shop work, when a child
process starts and ends, and when a thread job starts and ends; `waiting` says whether
any of them is out there now. An idle listening socket never holds the clock: nothing
comes from it until something else (a client, which is itself a watched socket or an
outside program) acts.
"""

from __future__ import annotations

import contextvars
import functools
import socket
from typing import Any

READ, WRITE = "read", "write"

# asyncio's callbacks for a listening socket: a server waiting for clients.
_ACCEPT_CALLBACKS = frozenset({"_accept_connection", "_sock_accept"})


def fileno(fileobj: Any) -> int:
    """The descriptor of an int or an object with fileno(), as asyncio accepts them."""
    return fileobj if isinstance(fileobj, int) else int(fileobj.fileno())


def function_name(func: Any) -> str:
    """The function a job runs, as its `def` names it; a partial (to_thread makes one) by
    the function inside."""
    while isinstance(func, functools.partial):
        inner = func.func
        if isinstance(getattr(inner, "__self__", None), contextvars.Context) and func.args:
            func = func.args[0]  # to_thread's partial(context.run, func, ...)
        else:
            func = inner
    return getattr(func, "__qualname__", type(func).__name__)


def describe_fd(fd: int, callback: Any) -> tuple[str, bool]:
    """(what the descriptor is in plain words, whether it is a listening socket)."""
    name = getattr(callback, "__name__", "")
    owner = getattr(callback, "__self__", None)
    protocol = type(getattr(owner, "_protocol", None)).__name__
    if "Subprocess" in protocol or "PipeProto" in protocol:
        return "subprocess", False
    try:
        sock = socket.socket(fileno=fd)
    except OSError:  # not a socket: a pipe, a pidfd, a terminal
        return ("child" if "wait" in name else "pipe"), False
    try:
        listening = name in _ACCEPT_CALLBACKS or bool(
            sock.getsockopt(socket.SOL_SOCKET, getattr(socket, "SO_ACCEPTCONN", 30))
        )
    except OSError:
        listening = name in _ACCEPT_CALLBACKS
    finally:
        sock.detach()
    return "socket", listening


class Outside:
    """The program's open lines to the outside world, as the loop registers them."""

    def __init__(self) -> None:
        # (fd, READ or WRITE) -> (run token, what it is, listening)
        self.watched: dict[tuple[int, str], tuple[int, str, bool]] = {}
        self.spawning = 0  # subprocesses being started
        self.children: set[int] = set()  # pids of running children
        self._exited: set[int] = set()  # pids reported gone before they were counted
        self.jobs = 0  # thread and process jobs running
        # What a waiting task's card names (engine/waits.py): whose callback each watched
        # descriptor runs (a transport, the loop), and each running job's Future.
        self.owners: dict[tuple[int, str], Any] = {}
        self.job_futures: dict[Any, tuple[str, str]] = {}  # Future -> (kind, function)

    def watch(self, token: int, fd: int, kind: str, callback: Any) -> None:
        what, listening = describe_fd(fd, callback)
        self.watched[(fd, kind)] = (token, what, listening)
        self.owners[(fd, kind)] = getattr(callback, "__self__", None)

    def unwatch(self, fd: int, kind: str) -> None:
        self.watched.pop((fd, kind), None)
        self.owners.pop((fd, kind), None)

    def fd_of(self, owner: Any, kind: str) -> int | None:
        """The descriptor watched `kind`-wise whose callback belongs to `owner` (a transport)."""
        return next((fd for (fd, k), o in self.owners.items() if o is owner and k == kind), None)

    def kind_of(self, fd: int, kind: str) -> str | None:
        """What the watched descriptor is ('socket', 'listening socket', 'pipe', ...)."""
        entry = self.watched.get((fd, kind))
        if entry is None:
            return None
        return f"listening {entry[1]}" if entry[2] else entry[1]

    @property
    def busy(self) -> bool:
        """Anything of the program's out there now: only then can a wait be on it."""
        return bool(self.watched or self.jobs or self.children or self.spawning)

    def child_started(self, pid: int | None) -> None:
        self.spawning -= 1
        if pid is None or pid in self._exited:
            self._exited.discard(pid)
        else:
            self.children.add(pid)

    def child_exited(self, pid: int) -> None:
        if pid in self.children:
            self.children.discard(pid)
        elif self.spawning:
            self._exited.add(pid)

    def waiting(self, token: int) -> bool:
        """True while a reply may be on its way to run `token`'s program."""
        if self.jobs or self.spawning or self.children:
            return True
        return any(t == token and not listening for t, _w, listening in self.watched.values())

    def what(self, fd: int, kind: str) -> str:
        """'socket read', 'pipe write', ...: what a readiness on this descriptor means."""
        entry = self.watched.get((fd, kind))
        what = entry[1] if entry is not None else "socket"
        return what if what in ("subprocess", "child") else f"{what} {kind}"
