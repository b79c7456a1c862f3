"""What the program has open to the outside world, in plain words, and what an answer woke.

The Qt loop feeds these (tests/loop/test_outside_world.py runs them there); here they are
driven directly, on real sockets and pipes, so that the engine's own tests check them.
"""

from __future__ import annotations

import asyncio
import functools
import os
import signal
import socket
from dataclasses import dataclass

from coffeeshop_gui.engine.clock import FAST_FORWARD, VirtualClock
from coffeeshop_gui.engine.outside import READ, WRITE, Outside
from coffeeshop_gui.engine.program import load_program
from coffeeshop_gui.engine.recorder import Recorder, task_of
from coffeeshop_gui.engine.recording_loop import RecordingEventLoop
from coffeeshop_gui.model import events as ev
from coffeeshop_gui.model.log import EventLog


def on_ready() -> None:
    """A loop's callback for a ready descriptor (a plain function: no transport)."""


def _wait_for_child() -> None:
    """A child watcher's callback on a pidfd: its name says what it waits for."""


class SubprocessStreamProtocol:
    """Named as asyncio's is: a subprocess transport's pipes carry its protocol."""


class PipeTransport:
    def __init__(self) -> None:
        self._protocol = SubprocessStreamProtocol()

    def read_ready(self) -> None:
        """The transport's callback for its pipe."""


def test_each_watched_descriptor_is_named_as_what_it_is():
    outside = Outside()
    talk, other = socket.socketpair()
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    pipe_read, pipe_write = os.pipe()
    child_read, child_write = os.pipe()
    try:
        outside.watch(1, talk.fileno(), READ, on_ready)
        outside.watch(1, server.fileno(), READ, on_ready)
        outside.watch(1, pipe_write, WRITE, on_ready)
        outside.watch(1, child_read, READ, _wait_for_child)
        outside.watch(1, pipe_read, READ, PipeTransport().read_ready)
        outside.watch(1, pipe_read, WRITE, functools.partial(on_ready))  # a callback unnamed
        assert outside.what(talk.fileno(), READ) == "socket read"
        assert outside.kind_of(talk.fileno(), READ) == "socket"
        assert outside.kind_of(server.fileno(), READ) == "listening socket"
        assert outside.what(pipe_write, WRITE) == "pipe write"
        assert outside.kind_of(pipe_write, WRITE) == "pipe"
        assert outside.what(child_read, READ) == "child"  # a child's exit, not "child read"
        assert outside.what(pipe_read, READ) == "subprocess"
        assert outside.kind_of(talk.fileno(), WRITE) is None  # watched for reading only
        assert outside.what(pipe_read, WRITE) == "pipe write"
    finally:
        for end in (talk, other, server):
            end.close()
        for fd in (pipe_read, pipe_write, child_read, child_write):
            os.close(fd)


def test_only_a_line_a_reply_can_come_on_makes_the_program_wait():
    outside = Outside()
    talk, other = socket.socketpair()
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    try:
        outside.watch(1, server.fileno(), READ, on_ready)
        assert outside.busy and not outside.waiting(1)  # a server idle until a client comes
        outside.watch(1, talk.fileno(), READ, on_ready)
        assert outside.waiting(1) and not outside.waiting(2)  # program 1's line, not 2's
        outside.unwatch(talk.fileno(), READ)
        assert not outside.waiting(1) and outside.what(talk.fileno(), READ) == "socket read"
        outside.unwatch(server.fileno(), READ)
        assert not outside.busy
    finally:
        for end in (talk, other, server):
            end.close()


@dataclass
class Answered:
    """One answer from outside, recorded: the event, and the ids of what it could name."""

    ready: ev.OutsideReady
    woken_id: int
    first_id: int
    exited_id: int
    unknown_recorded: bool
    unknown_thrown_away: bool


def an_answer_from_outside() -> Answered:
    """A socket's answer that queued wake-ups for two tasks (one never recorded), a task's
    first step, a task's method and a plain callback, and completed a child's exit future."""
    loop = asyncio.new_event_loop()
    try:
        log = EventLog()
        recorder = Recorder(log, lambda: 2.5)

        async def wait(future: asyncio.Future[None]) -> None:
            await future

        future = loop.create_future()
        woken = loop.create_task(wait(future), name="woken")
        unknown = loop.create_task(wait(future), name="unknown")  # never recorded
        loop.run_until_complete(asyncio.sleep(0))  # both wait on the future now
        first_step = loop.create_task(wait(future), name="first")  # its first step queued
        woken_id, first_id = recorder.task_id(woken), recorder.task_id(first_step)
        future.set_result(None)  # their wake-ups queued, with the future as argument
        turns = {task_of(handle): handle for handle in loop._ready}  # type: ignore[attr-defined]
        exited = loop.create_future()  # a child's exit: its waiters wake later
        queued = [
            turns[woken],  # a task's wake-up
            turns[first_step],  # a task's first step: no argument
            turns[unknown],  # a wake-up of a task no one recorded
            loop.call_soon(woken.add_done_callback, on_ready),  # a task's method: no wake-up
            loop.call_soon(on_ready),  # not a task's at all
        ]
        recorder.outside_ready("socket read", 7, queued, [exited])
        for handle in queued[3:]:  # only the tasks' turns are run
            handle.cancel()
        loop.run_until_complete(asyncio.gather(woken, first_step, unknown))
    finally:
        loop.close()
    (ready,) = [e for e in log if isinstance(e, ev.OutsideReady)]
    unknown_known = recorder.known_id(unknown) is not None
    exited_id = recorder.future_id(exited)
    return Answered(
        ready, woken_id, first_id, exited_id, unknown_known, recorder.thrown_away(unknown)
    )


def test_an_answer_from_outside_names_the_tasks_it_woke():
    answer = an_answer_from_outside()
    assert answer.ready._replace(futures=()) == ev.OutsideReady(
        2.5, "socket read", 7, (answer.woken_id,)
    )
    assert answer.first_id not in answer.ready.tasks
    # the task no one recorded has no id, and its loss is asyncio's to report, not the shop's
    assert not answer.unknown_recorded and not answer.unknown_thrown_away


def test_an_answer_from_outside_names_the_futures_it_completed():
    answer = an_answer_from_outside()
    assert answer.ready.futures == (answer.exited_id,)


def test_a_watched_line_is_known_by_its_transport_until_it_is_unwatched():
    outside = Outside()
    transport = PipeTransport()
    read, write = os.pipe()
    try:
        outside.watch(1, read, READ, transport.read_ready)
        assert outside.fd_of(transport, READ) == read and outside.fd_of(transport, WRITE) is None
        assert outside.fd_of(PipeTransport(), READ) is None  # another transport's
        outside.unwatch(read, READ)
        assert outside.fd_of(transport, READ) is None and outside.kind_of(read, READ) is None
    finally:
        os.close(read)
        os.close(write)


def test_a_child_keeps_the_program_waiting_from_its_start_until_it_exits():
    outside = Outside()
    outside.spawning += 1  # the loop starts a child
    assert outside.waiting(1)  # a reply may come from a child being started
    outside.child_started(4321)
    assert outside.waiting(1) and outside.children == {4321}
    outside.child_exited(4321)
    assert not outside.waiting(1) and not outside.busy
    # A child that exits before its start is counted (a quick `true`): it is gone at once.
    outside.spawning += 1
    outside.child_exited(4322)
    outside.child_started(4322)
    assert not outside.waiting(1) and not outside.busy
    # A start that failed (no pid) waits for nothing, and an exit of no child of the program
    # (someone else's, reported by the same watcher) changes nothing.
    outside.spawning += 1
    outside.child_started(None)
    outside.child_exited(999)
    assert not outside.busy
    outside.spawning += 1
    outside.child_started(4323)
    outside.child_exited(4324)  # not this one: it still runs
    assert outside.children == {4323}


LEAVES_LINES_OPEN = """import asyncio
import sys

LEFT = {}

async def main():
    LEFT["child"] = await asyncio.create_subprocess_exec(
        sys.executable, "-c", "import time; time.sleep(1000)"
    )
    server = await asyncio.start_server(lambda reader, writer: None, "127.0.0.1", 0)
    LEFT["server"] = server
    LEFT["line"] = await asyncio.open_connection(*server.sockets[0].getsockname())
"""


def test_closing_the_outside_ends_every_line_a_program_left_open(tmp_path):
    """The end of a run: a child left running would outlive the shop, an orphan."""
    path = tmp_path / "leaves.py"
    path.write_text(LEAVES_LINES_OPEN)
    program = load_program(path)
    loop = RecordingEventLoop(VirtualClock(FAST_FORWARD))
    loop.recorder = Recorder(EventLog(), loop.time, [program.filename])
    left = program.main.__globals__["LEFT"]
    try:
        loop.run_until_complete(loop.start(program.main()))
        child, (_reader, writer) = left["child"], left["line"]
        assert child.returncode is None and not writer.transport.is_closing()
        loop.close_outside()
        assert writer.transport.is_closing()
        returncode = loop.run_until_complete(asyncio.wait_for(child.wait(), 30))
        assert returncode == -signal.SIGKILL
        left["server"].close()
        loop.run_until_complete(left["server"].wait_closed())
    finally:
        if left.get("child") is not None and left["child"].returncode is None:
            left["child"].kill()
        loop.close()


CHILD_EXIT_IN_CONTEXT = """import asyncio
import contextvars
import sys

WHO = contextvars.ContextVar("who", default="nobody")
SEEN = []

class Child(asyncio.SubprocessProtocol):
    def __init__(self):
        self.exited = asyncio.get_running_loop().create_future()

    def process_exited(self):
        SEEN.append(WHO.get())  # whose callback the child's exit is
        self.exited.set_result(None)

async def main():
    WHO.set("main")
    transport, child = await asyncio.get_running_loop().subprocess_exec(
        Child, sys.executable, "-c", "raise SystemExit(3)"
    )
    await child.exited
    code = transport.get_returncode()
    transport.close()
    return code
"""


def test_a_childs_exit_is_the_programs_callback_in_the_context_that_started_it(tmp_path):
    """As the program's other callbacks: the shop loop records it in the program's lane."""
    path = tmp_path / "child.py"
    path.write_text(CHILD_EXIT_IN_CONTEXT)
    program = load_program(path)
    loop = RecordingEventLoop(VirtualClock(FAST_FORWARD))
    loop.recorder = Recorder(EventLog(), loop.time, [program.filename])
    try:
        code = loop.run_until_complete(asyncio.wait_for(loop.start(program.main()), 30))
        assert not loop.outside.busy  # the child is counted gone
    finally:
        loop.close()
    assert code == 3
    assert program.main.__globals__["SEEN"] == ["main"]
