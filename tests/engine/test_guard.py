"""The wall-clock guard in the test process, on real processes and real stacks.

Nothing here ends the test process: the guard is given its own `exit`, os._exit is passed on
to a stand-in, and the backstop's main is called with a child of the test as the run it
stops. Past the limit the guard ends every child of its process, so the tests that get there
first check that the test process has no child but theirs. Whole runs stopped at the limit
(`trace`, `--screenshot`, a program holding the GIL) are in tests/cli/test_wall_limit.py.
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import re
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from support import alive

import coffeeshop_gui.engine.guard as wall
from coffeeshop_gui.engine.guard import (
    BACKSTOP_GRACE,
    DUMP_SIGNAL,
    EXIT_WALL_LIMIT,
    WallGuard,
    _backstop,
    _line_in_dump,
    _read_for,
    descendants,
    end_children,
    watch_hard_exit,
)
from coffeeshop_gui.engine.watchdog import program_line

pytestmark = pytest.mark.skipif(
    DUMP_SIGNAL is None or not os.path.isdir("/proc"), reason="Linux: /proc and SIGUSR1"
)

# Other children of the test process (see `alone`) are waited for this long, looked for this often:
# less than pytest-timeout's 120 s a test.
ALONE_WITHIN = 90.0
ALONE_POLL = 0.2
SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]

HOLD = "import threading\n\ndef hold(event):\n    event.wait(30)  # held here\n"
HELD_LINE = 4

# A run with a child, a grandchild, and a child started by a thread that is still there:
# it prints their pids, then waits to be ended.
FAMILY = """
import subprocess, sys, threading, time
sleep = [sys.executable, "-c", "import time; time.sleep(60)"]
nest = [sys.executable, "-c",
        "import subprocess, sys, time; print(subprocess.Popen(sys.argv[1:]).pid, flush=True); "
        "time.sleep(60)", *sleep]
first = subprocess.Popen(nest, stdout=subprocess.PIPE, text=True)
grandchild = int(first.stdout.readline())
started = []
threading.Thread(target=lambda: (started.append(subprocess.Popen(sleep)), time.sleep(60)),
                 daemon=True).start()
while not started:
    time.sleep(0.001)
print(first.pid, grandchild, started[0].pid, flush=True)
time.sleep(60)
"""

# A run as the backstop finds it: faulthandler writes its stack to the fd in argv[1] on
# SIGUSR1, and it runs the program in argv[2], named argv[3], after starting a child.
RUN = """
import faulthandler, signal, subprocess, sys
faulthandler.register(signal.SIGUSR1, file=int(sys.argv[1]), all_threads=True)
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
print(child.pid, flush=True)
exec(compile(open(sys.argv[2]).read(), sys.argv[3], "exec"))
"""
STUCK = (
    "import time\n\n\ndef stuck():\n    print('held', flush=True); time.sleep(60)\n\n\nstuck()\n"
)
STUCK_LINE = 5
STUCK_TEXT = "print('held', flush=True); time.sleep(60)"


class Ends:
    """Notices a process's end, child or not (a pidfd is readable once it has exited)."""

    def __init__(self, pid: int) -> None:
        self.fd = os.pidfd_open(pid)

    def ended(self) -> bool:
        ready, _, _ = select.select([self.fd], [], [], 10)  # a bound, not a measure
        os.close(self.fd)
        return bool(ready)


def program(tmp_path: Path, source: str, name: str = "held.py") -> tuple[str, dict]:
    """A program file and its namespace, run as a learner's program is: from its file."""
    path = tmp_path / name
    path.write_text(source)
    namespace: dict = {}
    exec(compile(source, str(path), "exec"), namespace)
    return str(path), namespace


def when_held(path: str, line: int, then: Callable[[], object]) -> threading.Thread:
    """A thread that calls `then` once the main thread is at `line` of the program `path`."""
    main = threading.main_thread().ident

    def wait_then() -> None:
        while program_line(sys._current_frames().get(main), {path}) != line:
            time.sleep(0.001)
        then()

    thread = threading.Thread(target=wait_then, daemon=True)  # never holds the tests up
    thread.start()
    return thread


def open_fds() -> set[str]:
    return set(os.listdir("/proc/self/fd"))


def guard_threads() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.name == "coffeeshop-wall"}


def children() -> set[int]:
    return set(descendants(os.getpid()))


def argv(pid: int) -> list[str]:
    """The process's command line, once it has one.

    Right after `Popen` returns, the new program's command line may not be there yet: its
    exec has not set it up (empty in about a third of the reads here). So a backstop looked
    for by its command line just after `start` was sometimes not found.
    """
    while not (command := Path(f"/proc/{pid}/cmdline").read_text()):
        time.sleep(0.001)
    return command.split("\0")[:-1]


@pytest.fixture
def processes() -> Iterator[Callable[..., subprocess.Popen[str]]]:
    """Starts real processes for a test, and ends what is left of them after it."""
    started: list[subprocess.Popen[str]] = []

    def start(args: list[str], **options: object) -> subprocess.Popen[str]:
        started.append(subprocess.Popen(args, text=True, **options))
        return started[-1]

    yield start
    for process in started:
        for pid in descendants(process.pid):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        process.kill()
        process.wait()
        if process.stdout is not None:
            process.stdout.close()


@pytest.fixture
def alone() -> None:
    """The test process has no child yet: what the guard ends past the limit is the test's.
    In the whole suite, CPython's test_asyncio runs in children of its own from the start
    (tests/loop/conftest.py) for half a minute: they are waited for, never ended here."""
    deadline = time.monotonic() + ALONE_WITHIN
    others = [pid for pid in descendants(os.getpid()) if alive(pid)]
    while others and time.monotonic() < deadline:
        time.sleep(ALONE_POLL)
        others = [pid for pid in descendants(os.getpid()) if alive(pid)]
    assert not others, f"the test process has children this test did not start: {others}"


@pytest.fixture
def lifeline() -> Iterator[int]:
    """The backstop's stdin as the guard gives it, a pipe the run holds open: fd 0 here."""
    read, write = os.pipe()
    saved = os.dup(0)
    os.dup2(read, 0)
    os.close(read)
    yield write
    os.dup2(saved, 0)
    os.close(saved)
    os.close(write)


class Pipe:
    """A pipe whose ends are closed once: an fd closed twice may be another file's by then."""

    def __init__(self) -> None:
        self.read, self.write = os.pipe()
        self.open = {self.read, self.write}

    def close(self, fd: int) -> None:
        self.open.remove(fd)
        os.close(fd)


@pytest.fixture
def dump_pipe() -> Iterator[Pipe]:
    pipe = Pipe()
    yield pipe
    for fd in list(pipe.open):
        pipe.close(fd)


# -- what the guard says the run was doing --------------------------------------------------


def test_the_guard_names_the_program_line_the_main_thread_is_held_on(tmp_path):
    path, namespace = program(tmp_path, HOLD)
    guard = WallGuard(30, {path})  # not started: only asked where the run is
    said: list[str] = []
    released = threading.Event()

    def ask() -> None:  # from another thread, as the guard's own thread asks
        said.append(guard.what_blocked())
        released.set()

    assert guard.what_blocked() == "the program had not ended"  # not in the program now
    asking = when_held(path, HELD_LINE, ask)
    namespace["hold"](released)
    asking.join()
    assert said == ["the program was at line 4 of held.py (event.wait(30)  # held here)"]


def test_a_line_that_cannot_be_read_is_named_by_its_number_alone(tmp_path):
    path, namespace = program(tmp_path, HOLD)
    Path(path).unlink()  # the program's file is gone: only its code is left
    guard = WallGuard(30, {path})
    said: list[str] = []
    released = threading.Event()

    def ask() -> None:
        said.append(guard.what_blocked())
        released.set()

    asking = when_held(path, HELD_LINE, ask)
    namespace["hold"](released)
    asking.join()
    assert said == ["the program was at line 4 of held.py"]


# -- the guard's thread -----------------------------------------------------------------------


# a file name in bytes of another locale than UTF-8's: its undecodable byte is said as "?"
@pytest.mark.parametrize(("name", "said"), [("held.py", "held.py"), ("caf\udce9.py", "caf?.py")])
def test_past_its_limit_the_guard_ends_the_runs_children_says_where_and_exits_124(
    tmp_path, alone, processes, capfd, monkeypatch, name, said
):
    # its backstop would end this process should the thread fail: not within this test
    monkeypatch.setattr(wall, "BACKSTOP_GRACE", 600)
    path, namespace = program(tmp_path, HOLD, name)
    child = processes(SLEEPER)
    ends = Ends(child.pid)
    exits: list[object] = []
    released = threading.Event()

    def exit(status: object) -> None:  # in place of os._exit, which would end the tests
        exits.append(status)
        released.set()

    guard = WallGuard(0.1, {path}, exit=exit)
    starting = when_held(path, HELD_LINE, guard.start)
    namespace["hold"](released)
    starting.join()
    guard.disarm()
    assert exits == [EXIT_WALL_LIMIT]
    assert ends.ended() and child.wait() == -signal.SIGKILL
    assert capfd.readouterr().err == (
        "coffeeshop: stopped after the wall-clock limit of 0.1 s (--wall-limit): "
        f"the program was at line 4 of {said} (event.wait(30)  # held here)\n"
    )


def test_a_run_that_ends_in_time_ends_the_guard_its_backstop_and_all_it_held(tmp_path):
    before = open_fds(), children(), guard_threads()
    exits: list[object] = []
    starting = time.monotonic()
    guard = WallGuard(60, {str(tmp_path / "p.py")}, exit=exits.append).start()
    assert starting + 60 <= guard.deadline <= time.monotonic() + 60  # what a screenshot aims at
    (backstop,) = children() - before[1]  # the small process behind the guard's thread
    (thread,) = guard_threads() - before[2]
    assert thread.daemon  # it never keeps a run from ending
    assert alive(backstop)
    assert os.getsid(backstop) == backstop  # a terminal's Ctrl+C is for the run, not for it
    guard.disarm()
    assert not Path(f"/proc/{backstop}").exists()  # ended, and waited for
    thread.join(30)
    assert not thread.is_alive() and exits == []
    assert not faulthandler.unregister(DUMP_SIGNAL)
    assert open_fds() == before[0]


def test_the_backstop_is_told_the_run_the_limit_and_the_program(tmp_path):
    exits: list[object] = []
    program_file = str(tmp_path / "p.py")
    before = children()
    guard = WallGuard(60, {program_file}, flag="--limit", exit=exits.append).start()
    try:
        (backstop,) = children() - before
        told = argv(backstop)
        module = [sys.executable, "-m", "coffeeshop_gui.engine.guard"]
        pid, limit, grace, dump = str(os.getpid()), "60", repr(BACKSTOP_GRACE), told[6]
        assert told == [*module, pid, limit, grace, dump, "--limit", program_file]
        assert os.readlink(f"/proc/{backstop}/fd/0").startswith("pipe:")  # its lifeline
        assert os.readlink(f"/proc/{backstop}/fd/{dump}").startswith("pipe:")
        assert os.readlink(f"/proc/{backstop}/fd/1") == "/dev/null"  # not the run's output
    finally:
        guard.disarm()


def test_on_the_backstops_signal_this_process_writes_every_threads_stack_to_it(tmp_path):
    """What the backstop reads past the limit: the run's stack, from faulthandler (C code)."""
    before = children()
    previous = signal.signal(DUMP_SIGNAL, lambda *_: None)
    guard = WallGuard(60, {str(tmp_path / "p.py")}, exit=lambda _status: None).start()
    try:
        (backstop,) = children() - before
        dump = argv(backstop)[6]
        with open(f"/proc/{backstop}/fd/{dump}", "rb", buffering=0) as its_pipe:  # the same pipe
            here = sys._getframe().f_lineno + 1
            os.kill(os.getpid(), DUMP_SIGNAL)  # as the backstop does
            written = _read_for(its_pipe.fileno(), 5)
    finally:
        guard.disarm()
        signal.signal(DUMP_SIGNAL, previous)
    assert _line_in_dump(written, {__file__}) == (__file__, here)
    # every thread, the guard's own too: the main thread's stack whichever thread takes it
    assert len(re.findall(r"^(Current thread|Thread) 0x", written, re.MULTILINE)) >= 2


def test_where_the_backstop_cannot_start_the_guard_goes_on_without_it(tmp_path, monkeypatch):
    before = open_fds(), children()
    monkeypatch.setattr(sys, "executable", str(tmp_path / "no-python"))
    guard = WallGuard(60, {str(tmp_path / "p.py")}, exit=lambda _status: None).start()
    assert children() == before[1]
    assert not faulthandler.unregister(DUMP_SIGNAL)
    guard.disarm()
    assert open_fds() == before[0]


# -- ending the run's children ----------------------------------------------------------------


def test_descendants_are_the_children_of_every_thread_and_theirs(processes):
    family = processes([sys.executable, "-c", FAMILY], stdout=subprocess.PIPE)
    pids = [int(word) for word in family.stdout.readline().split()]
    assert len(pids) == 3
    assert sorted(descendants(family.pid)) == sorted(pids)
    gone = processes(["true"])
    gone.wait()
    assert descendants(gone.pid) == []


def test_ending_the_children_ends_every_process_this_one_started(alone, processes):
    family = processes([sys.executable, "-c", FAMILY], stdout=subprocess.PIPE)
    pids = [int(word) for word in family.stdout.readline().split()]
    ends = [Ends(pid) for pid in [family.pid, *pids]]
    end_children()
    assert all(end.ended() for end in ends)
    assert family.wait() == -signal.SIGKILL


# -- the backstop process's main, with a child of the test as the run -----------------------


@pytest.mark.parametrize(
    ("name", "shown", "said"),
    [
        ("stuck.py", "stuck.py", f", at line {STUCK_LINE} of stuck.py ({STUCK_TEXT})"),
        ("gone/stuck.py", "gone/stuck.py", f", at line {STUCK_LINE} of stuck.py"),
        ("stuck.py", "other.py", ""),
    ],
    ids=["its-line", "a-file-it-cannot-read", "no-program-line"],
)
def test_past_the_limit_the_backstop_ends_the_run_and_its_children_and_says_where(
    tmp_path, processes, dump_pipe, capsys, name, shown, said
):
    (tmp_path / "stuck.py").write_text(STUCK)  # run as `name`: "gone/" has no file
    run = processes(
        [
            sys.executable,
            "-c",
            RUN,
            str(dump_pipe.write),
            str(tmp_path / "stuck.py"),
            str(tmp_path / name),
        ],
        stdout=subprocess.PIPE,
        pass_fds=(dump_pipe.write,),
    )
    dump_pipe.close(dump_pipe.write)  # the run's now
    ends = Ends(int(run.stdout.readline()))  # its child
    assert run.stdout.readline() == "held\n"  # on the line it is stuck on
    # "0.0", not "0": read as a pid by a mistake, 0 would signal the whole process group
    argv = [str(run.pid), "0.0", "0.0", str(dump_pipe.read), "--wall-limit", str(tmp_path / shown)]
    status = _backstop(argv)  # its time is up: it does not wait
    assert status == EXIT_WALL_LIMIT
    assert run.wait() == -signal.SIGKILL
    assert ends.ended()
    assert capsys.readouterr() == (
        "",
        "coffeeshop: stopped after the wall-clock limit of 0 s (--wall-limit): "
        f"the program was in a call that never lets Python run{said}\n",
    )


def test_a_backstop_the_run_no_longer_parents_ends_and_touches_nothing(
    processes, lifeline, dump_pipe, capsys
):
    """Its run is gone (it was adopted by another process), though its lifeline is open."""
    run = processes(SLEEPER)  # not this process's parent: as a run that ended
    # a limit and a grace alike: a backstop that took one from the other would not wait
    assert _backstop([str(run.pid), "0.4", "0.4", str(dump_pipe.read), "--wall-limit"]) == 0
    assert alive(run.pid)
    assert capsys.readouterr() == ("", "")


# -- the pieces the backstop reads with ---------------------------------------------------------


def test_reading_the_dump_stops_once_the_pipe_is_quiet(dump_pipe):
    read, write = dump_pipe.read, dump_pipe.write
    os.write(write, b"Stack (most recent call first):\n")
    assert _read_for(read, 30) == "Stack (most recent call first):\n"  # not after 30 s


def test_reading_the_dump_waits_for_a_dump_that_is_slow_to_come(dump_pipe):
    """The run takes the signal when the kernel next runs it: on a loaded machine, later."""
    writer = threading.Timer(0.3, os.write, (dump_pipe.write, b"Stack\n"))
    writer.start()  # later than the quiet moment that ends a dump once it has begun
    assert _read_for(dump_pipe.read, 30) == "Stack\n"
    writer.join()


def test_reading_the_dump_gives_up_when_nothing_comes(dump_pipe):
    assert _read_for(dump_pipe.read, 0.1) == ""


def test_reading_the_dump_takes_more_than_one_read_to_its_end(dump_pipe):
    read = dump_pipe.read
    text = 'File "/home/me/caf\N{LATIN SMALL LETTER E WITH ACUTE}.py", line 7\n' * 5000

    def write() -> None:
        left = text.encode()
        while left:
            left = left[os.write(dump_pipe.write, left) :]
        dump_pipe.close(dump_pipe.write)

    writer = threading.Thread(target=write)
    writer.start()  # more than a pipe holds: it arrives in parts
    assert _read_for(read, 30) == text
    writer.join()


FRAMES = "def inner(dump):\n    dump()  # the innermost\n\ndef outer(dump):\n    inner(dump)\n"


def test_the_program_line_in_a_dump_is_its_innermost_one(tmp_path):
    path, namespace = program(tmp_path, FRAMES, "frames.py")
    out = tmp_path / "dump.txt"
    with out.open("w") as file:  # the test's own frame is innermost: not the program's
        namespace["outer"](lambda: faulthandler.dump_traceback(file, all_threads=False))
    dump = out.read_text()
    assert _line_in_dump(dump, {path}) == (path, 2)
    assert _line_in_dump(dump, {str(tmp_path / "other.py")}) is None


@pytest.mark.parametrize("folder", ["josé", "Übungen €", "学校", "emoji 🙂", "tab\there"])
def test_a_program_under_a_name_faulthandler_escapes_is_still_found_in_its_dump(tmp_path, folder):
    (tmp_path / folder).mkdir()
    path, namespace = program(tmp_path / folder, FRAMES, "frames.py")
    out = tmp_path / "dump.txt"
    with out.open("w") as file:
        namespace["outer"](lambda: faulthandler.dump_traceback(file, all_threads=False))
    assert _line_in_dump(out.read_text(), {path}) == (path, 2)  # its real name, to read it


# -- os._exit from the program ------------------------------------------------------------------

LEAVES = "import os\n\ndef leave(status):\n    os._exit(status)\n"


@pytest.mark.parametrize(("unfinished", "statuses"), [(True, [1, 3]), (False, [0, 3])])
def test_a_program_calling_os_exit_is_named_and_a_run_with_output_due_fails(
    tmp_path, monkeypatch, capfd, unfinished, statuses
):
    passed_on: list[int] = []

    def stand_in(status: int) -> None:  # in place of the real one, which would end the tests
        passed_on.append(status)

    monkeypatch.setattr(os, "_exit", stand_in)
    path, namespace = program(tmp_path, LEAVES)
    restore = watch_hard_exit({path}, unfinished=unfinished)
    namespace["leave"](0)
    namespace["leave"](3)
    os._exit(0)  # not the program's call: passed on as it is, without a word
    restore()
    assert os._exit is stand_in
    assert passed_on == [*statuses, 0]
    said = "coffeeshop: the program called os._exit({}) on line 4: the run ends here, with "
    assert capfd.readouterr().err == "".join(
        said.format(status) + "nothing saved\n" for status in (0, 3)
    )
