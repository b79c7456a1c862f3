"""What a suspended task waits on outside the loop, in asyncio's words, for its card.

Read from the task's real await chain and the loop's real registrations, never from the
program's text: the asyncio call the program's own line made is the first library
coroutine under its innermost frame (`StreamReader.readline`); the descriptor is the one
the loop watches for the object that call works on (the StreamReader's transport, the
socket handed to `loop.sock_recv`); a child is the Process the call belongs to; a worker
is the executor job whose Future the task awaits.

    reading from a socket (StreamReader.readline), fd 7
    writing to a socket (StreamWriter.drain), fd 9
    waiting for a child process to exit (Process.wait), pid 4242
    waiting for a worker thread to run grind() (asyncio.to_thread)
"""

from __future__ import annotations

import types
from collections.abc import Container
from typing import Any, NamedTuple

from coffeeshop_gui.engine.outside import READ, WRITE, Outside

_MAX_DEPTH = 64  # as read_chain: an await chain deeper than this is a bug elsewhere

# The loop's socket calls (asyncio's `loop.sock_*`): which way each waits on its socket.
_SOCK_CALLS = {
    "sock_recv": READ,
    "sock_recv_into": READ,
    "sock_recvfrom": READ,
    "sock_recvfrom_into": READ,
    "sock_accept": READ,
    "sock_sendall": WRITE,
    "sock_sendto": WRITE,
    "sock_sendfile": WRITE,
    "sock_connect": WRITE,
}
_DOING = {  # (what the loop watches, which way) -> what the customer is doing
    ("socket", READ): "reading from a socket",
    ("socket", WRITE): "writing to a socket",
    ("listening socket", READ): "waiting for a client on a listening socket",
    ("pipe", READ): "reading from a pipe",
    ("pipe", WRITE): "writing to a pipe",
    ("subprocess", READ): "reading from a child process's pipe",
    ("subprocess", WRITE): "writing to a child process's pipe",
}


class Wait(NamedTuple):
    """What one task waits on: the sentence, and the watched descriptor if there is one."""

    words: str
    fd: int | None = None
    kind: str = ""  # READ or WRITE when `fd` is set


def describe_wait(
    coro: object, waiter: object, files: Container[str], outside: Outside
) -> Wait | None:
    """What the task running `coro`, suspended on `waiter`, waits on outside the loop;
    None when it is not the outside world (a timer, another task, a plain Future)."""
    calls = _library_calls(coro, files)
    call = _call_name(calls[0]) if calls else "loop.run_in_executor"
    job = outside.job_futures.get(waiter) if waiter is not None else None
    if job is not None:
        kind, function = job
        return Wait(f"waiting for a worker {kind} to run {function}() ({call})")
    if not calls:
        return None
    for coroutine in reversed(calls):  # the innermost call knows the resource best
        wait = _resource(coroutine, call, outside)
        if wait is not None:
            return wait
    return None


def _library_calls(coro: object, files: Container[str]) -> list[Any]:
    """The coroutines under the innermost program frame, outermost first."""
    calls: list[Any] = []
    obj = coro
    for _ in range(_MAX_DEPTH):
        if isinstance(obj, types.CoroutineType):
            if obj.cr_code.co_filename in files:
                calls = []
            else:
                calls.append(obj)
            obj = obj.cr_await
        elif isinstance(obj, types.GeneratorType):
            obj = obj.gi_yieldfrom
        else:
            break
    return calls


def _call_name(coroutine: Any) -> str:
    """How asyncio's documentation spells the call: StreamReader.readline, loop.sock_recv,
    asyncio.to_thread."""
    qualname = coroutine.__qualname__
    owner, _, name = qualname.rpartition(".")
    if owner.endswith("EventLoop"):
        return f"loop.{name}"
    if not owner and "asyncio" in coroutine.cr_code.co_filename:
        return f"asyncio.{name}"
    return str(qualname)


def _resource(coroutine: Any, call: str, outside: Outside) -> Wait | None:
    """The descriptor or child this one call waits on, if it works on one."""
    frame = coroutine.cr_frame
    if frame is None:
        return None
    local = frame.f_locals
    name = coroutine.__qualname__.rpartition(".")[2]
    sock = local.get("sock")
    if name in _SOCK_CALLS and sock is not None:
        return _on_descriptor(_fileno(sock), _SOCK_CALLS[name], call, outside)
    owner = local.get("self")
    transport = getattr(owner, "_transport", None)
    if transport is None:
        return None
    pid = getattr(owner, "pid", None)
    if pid is not None and hasattr(owner, "returncode"):  # an asyncio.subprocess.Process
        if name == "wait":
            return Wait(f"waiting for a child process to exit ({call}), pid {pid}")
        return Wait(f"talking to a child process through its pipes ({call}), pid {pid}")
    if name == "wait_closed":  # the protocol's own Future, set once the transport is gone
        return Wait(f"waiting for the connection to close ({call})")
    kind = WRITE if name in ("drain", "_drain_helper") else READ
    fd = outside.fd_of(transport, kind)
    if fd is None:
        what = "socket" if transport.get_extra_info("socket") is not None else "pipe"
        return Wait(f"{_DOING[(what, kind)]} ({call})")
    return _on_descriptor(fd, kind, call, outside)


def _on_descriptor(fd: int, kind: str, call: str, outside: Outside) -> Wait:
    what = outside.kind_of(fd, kind) or "socket"
    if call.endswith(("connect", "open_connection", "open_unix_connection")):
        return Wait(f"connecting a socket ({call}), fd {fd}", fd, kind)
    doing = _DOING.get((what, kind), f"waiting on a {what}")
    return Wait(f"{doing} ({call}), fd {fd}", fd, kind)


def _fileno(sock: Any) -> int:
    try:
        return int(sock.fileno())
    except (AttributeError, OSError, ValueError):
        return -1
