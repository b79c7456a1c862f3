"""The watchdog names a callback that blocks the loop's thread, and stops one that never returns."""

from __future__ import annotations

import gc
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

import pytest

from coffeeshop_gui.engine.watchdog import LoopBlockedError, Watchdog
from coffeeshop_gui.model import events as ev
from coffeeshop_gui.model.log import EventLog

FILE = "/virtual/program.py"
SOURCE = """
def blocking():
    import threading
    threading.Event().wait(0.35)  # blocks inside the library: the program's line is named

def forever():
    n = 0
    while True:
        n += 1
"""


def program_functions():
    namespace: dict = {}
    exec(compile(SOURCE, FILE, "exec"), namespace)
    return namespace["blocking"], namespace["forever"]


def test_a_blocking_call_is_recorded_with_its_line_and_how_long_it_held_the_thread():
    blocking, _ = program_functions()
    log = EventLog()
    dog = Watchdog(log, lambda: 42.0, {FILE}, notice=0.1, interrupt=None)
    try:
        outside = time.perf_counter()
        turn = dog.begin(7)
        blocking()
        dog.end(turn)
        outside = time.perf_counter() - outside
    finally:
        dog.stop()
    (blocked,) = list(log)
    assert isinstance(blocked, ev.Blocked)
    assert (blocked.t, blocked.task, blocked.line, blocked.interrupted) == (42.0, 7, 4, False)
    # the 0.35 s wait, and no more than the test saw pass around the whole turn
    assert 0.35 <= blocked.seconds <= round(outside, 3) + 0.001


def test_the_garbage_collector_s_time_in_a_turn_is_left_out_of_what_the_program_held():
    blocking, _ = program_functions()
    log = EventLog()
    dog = Watchdog(log, lambda: 42.0, {FILE}, notice=0.1, interrupt=None)

    def slow(phase: str, _info: dict) -> None:  # a full collection of a large heap
        if phase == "start":
            time.sleep(0.3)

    gc.callbacks.append(slow)
    try:
        turn = dog.begin(1)
        gc.collect()  # 0.3 s: the watcher looks meanwhile, and after
        time.sleep(0.05)
        dog.end(turn)
        turn = dog.begin(2)
        gc.collect()
        blocking()  # the program's own 0.35 s
        dog.end(turn)
    finally:
        gc.callbacks.remove(slow)
        dog.stop()
    (blocked,) = list(log)
    assert (blocked.task, blocked.line) == (2, 4)
    assert 0.35 <= blocked.seconds < 0.6  # the wait alone, not with the collection (0.65)


def test_only_the_callback_held_past_notice_is_reported():
    blocking, _ = program_functions()
    log = EventLog()
    before = set(threading.enumerate())  # another test's watcher may still be winding down
    dog = Watchdog(log, time.monotonic, {FILE}, notice=0.2, interrupt=None)
    try:
        (watcher,) = [
            t for t in set(threading.enumerate()) - before if t.name == "coffeeshop-watchdog"
        ]
        assert watcher.daemon  # named for debuggers; never keeps the program from exiting
        time.sleep(0.05)  # idle a while first: the watcher looks every 20 ms
        for task in range(1, 4):
            turn = dog.begin(task)
            time.sleep(0.05)  # seen by the watcher, but well under `notice`
            dog.end(turn)
        assert list(log) == []
        turn = dog.begin(4)
        blocking()
        dog.end(turn)
    finally:
        dog.stop()
    assert [(e.task, e.line) for e in log] == [(4, 4)]


def test_a_loop_that_never_awaits_is_interrupted_with_loop_blocked_error():
    _, forever = program_functions()
    log = EventLog()
    dog = Watchdog(log, time.monotonic, {FILE}, notice=0.1, interrupt=0.3)
    try:
        outside = time.perf_counter()
        turn = dog.begin(3)
        # what the learner reads on the failed customer
        message = r"^held the event loop's only thread without awaiting; stopped$"
        with pytest.raises(LoopBlockedError, match=message):
            forever()
        dog.end(turn)
        outside = time.perf_counter() - outside
    finally:
        dog.stop()
    (blocked,) = list(log)
    assert blocked.interrupted and blocked.line in (8, 9) and blocked.task == 3
    assert 0.3 <= blocked.seconds <= round(outside, 3) + 0.001  # stopped once past `interrupt`


@contextmanager
def signalled_in_a_turn() -> Iterator[Watchdog]:
    """A watchdog whose signal for turn 1 is on its way, as its watcher sends it."""
    dog = Watchdog(EventLog(), time.monotonic, {FILE}, notice=10, interrupt=None)
    try:
        dog.turn = dog._signalled = dog._interrupted = (1, 0.0)
        yield dog
    finally:
        dog.stop()


def a_frame_of_asyncio() -> FrameType:
    """A frame whose code is asyncio's own (a Task's bookkeeping)."""
    import asyncio.tasks

    return eval(compile("sys._getframe()", asyncio.tasks.__file__, "eval"), {"sys": sys})


def test_an_interrupt_never_lands_inside_asyncio():
    """Raised in a Task's own bookkeeping, it would leave the task half-stepped."""
    with signalled_in_a_turn() as dog:
        dog.on_signal(a_frame_of_asyncio())  # declined: asyncio's code
        dog._signalled = dog.turn
        with pytest.raises(LoopBlockedError):
            dog.on_signal(sys._getframe())  # this test's own frame: a program's


def test_an_interrupt_declined_inside_asyncio_is_sent_again():
    with signalled_in_a_turn() as dog:
        dog.on_signal(a_frame_of_asyncio())
        assert dog._interrupted is None  # the watcher will signal again


def test_a_signal_meant_for_an_earlier_turn_is_declined():
    with signalled_in_a_turn() as dog:
        dog._signalled = (1, -1.0)  # a signal meant for an earlier turn, come late
        dog.on_signal(sys._getframe())  # declined: that turn is over


def test_a_watchdog_never_stopped_does_not_keep_the_program_from_exiting():
    code = (
        "from coffeeshop_gui.engine.watchdog import Watchdog\n"
        "from coffeeshop_gui.model.log import EventLog\n"
        "Watchdog(EventLog(), lambda: 0.0, set())\n"
    )
    # 8 s: shorter than the 10 s a mutation run gives a test, so the child is always killed
    done = subprocess.run([sys.executable, "-c", code], timeout=8, capture_output=True)
    assert done.returncode == 0, done.stderr


def test_holding_says_how_long_the_turn_has_held_and_its_line_once_noticed():
    """What the Stop window shows while the thread is held, read from another thread."""
    namespace: dict = {}
    exec(compile("def wait_for(event):\n    event.wait(30)\n", FILE, "exec"), namespace)
    dog = Watchdog(EventLog(), time.monotonic, {FILE}, notice=0.1, interrupt=None)
    seen: list = []
    looked = threading.Event()

    def look() -> None:  # from another thread, as the Stop window's watcher does
        for _ in range(1000):
            seen.append(dog.holding())
            if seen[-1][1] is not None:
                break
            time.sleep(0.01)
        looked.set()

    try:
        assert dog.holding() is None  # between turns
        begun = time.perf_counter()
        turn = dog.begin(7)
        threading.Timer(0.3, look).start()
        namespace["wait_for"](looked)  # the program's line 2 holds the thread until then
        whole_turn = time.perf_counter() - begun
        dog.end(turn)
        assert dog.holding() is None
    finally:
        dog.stop()
    held, line = seen[-1]
    assert line == 2
    assert 0.3 <= held <= whole_turn
    assert all(h[1] is None for h in seen[:-1])  # no line until the watcher has noticed


def test_a_blocking_c_call_is_cut_short_by_a_signal_and_fails_with_loop_blocked_error():
    """`time.sleep` in C ignores an exception set from another thread until it returns; on
    POSIX's main thread the watchdog signals it instead, and the sleep ends early."""
    namespace: dict = {}
    source = "import time\n\ndef nap():\n    time.sleep(30)  # a C call\n"
    exec(compile(source, FILE, "exec"), namespace)
    log = EventLog()
    dog = Watchdog(log, time.monotonic, {FILE}, notice=0.1, interrupt=0.3)
    try:
        turn = dog.begin(5)
        with pytest.raises(LoopBlockedError):
            namespace["nap"]()
        dog.end(turn)
    finally:
        dog.stop()
    (blocked,) = list(log)
    assert (blocked.task, blocked.line, blocked.interrupted) == (5, 4, True)
    assert 0.3 <= blocked.seconds < 30  # stopped past `interrupt`, not when the nap ended


def test_a_loop_on_another_thread_is_interrupted_too_where_no_signal_can_reach_it():
    """Only the main thread runs signal handlers: a loop elsewhere gets the exception set
    on its thread instead, which a bytecode loop meets at once."""
    _, forever = program_functions()
    log = EventLog()
    caught: list[BaseException] = []

    def loop_thread() -> None:
        dog = Watchdog(log, time.monotonic, {FILE}, notice=0.1, interrupt=0.3)
        try:
            turn = dog.begin(6)
            try:
                forever()
            except LoopBlockedError as error:
                caught.append(error)
            dog.end(turn)
        finally:
            dog.stop()

    thread = threading.Thread(target=loop_thread)
    thread.start()
    thread.join(30)
    assert not thread.is_alive()
    assert [type(e) for e in caught] == [LoopBlockedError]
    (blocked,) = list(log)
    assert blocked.interrupted and blocked.line in (8, 9) and blocked.task == 6


def test_stop_interrupts_each_held_turn_until_the_window_has_taken_over():
    """The Stop window: `interrupt` is off (None), yet a held turn ends once Stop is asked,
    and so does the next one held, until `stop_done`; after it, a turn runs to its end."""
    blocking, forever = program_functions()
    log = EventLog()
    dog = Watchdog(log, time.monotonic, {FILE}, notice=0.1, interrupt=None)
    try:
        threading.Timer(0.3, dog.request_stop).start()  # a person presses Stop
        for task in (2, 3):  # the customer holding the thread, then the next in line
            turn = dog.begin(task)
            with pytest.raises(LoopBlockedError):
                forever()
            dog.end(turn)
        dog.stop_done()
        turn = dog.begin(4)
        blocking()  # held 0.35 s, past `notice`: named, not stopped
        dog.end(turn)
    finally:
        dog.stop()
    # (Turn 3 is stopped as soon as it is past `notice`, before the watcher names its line,
    # so it has no Blocked event of its own: the LoopBlockedError above is its story.)
    assert [(e.task, e.interrupted) for e in log] == [(2, True), (4, False)]
