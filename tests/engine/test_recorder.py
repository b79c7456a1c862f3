"""The recorder's own corners, on the stock loop: what it tells the watchdog and its callers,
and what it records of turns a sample program seldom takes.

The programs in tests/programs show the common story. Here the program is this file's own
coroutines (its frames are the shown program's), so that a test can look from inside a step:
a turn held until the watchdog notices it, a SystemExit out of a step, a task another recorder
began, an awaitable that is not an asyncio Future, a failure the shop shows itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import gc
import socket
import time
from collections.abc import Coroutine, Generator, Iterator
from typing import Any

import pytest
from support import RefusingLoop

from coffeeshop_gui.engine.clock import FAST_FORWARD, VirtualClock
from coffeeshop_gui.engine.outside import READ
from coffeeshop_gui.engine.recorder import SHOP_WORK, Recorder, is_shop_handle, task_of
from coffeeshop_gui.engine.recording_loop import RecordingEventLoop
from coffeeshop_gui.engine.watchdog import Watchdog
from coffeeshop_gui.model import events as ev
from coffeeshop_gui.model.log import EventLog

HERE = [__file__]  # this file's coroutines are the program whose frames are shown


class WatchedRecorder(Recorder):
    """The recorder as the shop loop drives it: every shop turn timed by the loop's watchdog
    (`ShopLoop` hands its watchdog to `run`; the stock loop has none of its own)."""

    watchdog: Watchdog | None = None

    def run(self, handle: Any, watchdog: Watchdog | None = None) -> None:
        super().run(handle, self.watchdog)


def shop(recorder: type[Recorder] = Recorder, **options: Any) -> RecordingEventLoop:
    """A fast-forwarding stock loop recording with a fresh log; this file is the program."""
    loop = RecordingEventLoop(VirtualClock(FAST_FORWARD))
    loop.recorder = recorder(EventLog(), loop.time, HERE, **options)
    return loop


def recorder_of(loop: RecordingEventLoop) -> Recorder:
    assert loop.recorder is not None
    return loop.recorder


def run(loop: RecordingEventLoop, main: Coroutine[Any, Any, Any]) -> Any:
    """Run `main` as the shop's program to its end, then close the loop."""
    try:
        return loop.run_until_complete(loop.start(main))
    finally:
        loop.close()


@contextlib.contextmanager
def watched_shop(notice: float) -> Iterator[tuple[RecordingEventLoop, Recorder, Watchdog]]:
    """A shop whose turns a real watchdog times, as a session sets it up (loop/session.py):
    one log for both, looking every 10 ms, never interrupting."""
    loop = shop(WatchedRecorder)
    recorder = recorder_of(loop)
    dog = Watchdog(recorder.log, loop.time, HERE, notice=notice, interrupt=None, poll=0.01)
    assert isinstance(recorder, WatchedRecorder)
    recorder.watchdog = dog
    try:
        yield loop, recorder, dog
    finally:
        dog.stop()
        loop.close()


def of(kind: type[Any], events: Any) -> list[Any]:
    return [e for e in events if isinstance(e, kind)]


def hold_until_noticed(dog: Watchdog) -> None:
    """Hold the loop's thread, as a long computation does, until the watchdog has seen this
    turn. A turn the watchdog cannot see gives up after 5 s: the test fails, it does not hang."""
    give_up = time.perf_counter() + 5.0
    while (dog.turn is None or dog.noticed is not dog.turn) and time.perf_counter() < give_up:
        pass


# -- the watchdog's turns --------------------------------------------------------------------


class Probe:
    """Notes what the program saw of the watchdog's turn, and when."""

    def __init__(self, dog: Watchdog) -> None:
        self.dog = dog
        self.seen: list[tuple[str, object]] = []

    def look(self, when: str) -> None:
        turn = self.dog.turn
        self.seen.append((when, None if turn is None else turn[0]))

    def __repr__(self) -> str:  # read for the card when the step ends: a turn of its own
        self.look("card")
        return "<probe>"


def test_each_step_and_the_reading_of_its_card_is_a_turn_of_its_task_cleared_after():
    with watched_shop(notice=30.0) as (loop, recorder, dog):
        probe = Probe(dog)

        async def main() -> int | None:
            me = recorder.known_id(asyncio.current_task())  # type: ignore[arg-type]
            probe.look("step")
            between = contextvars.Context()  # not shop work: runs outside any turn
            loop.call_soon(lambda: probe.seen.append(("between", dog.holding())), context=between)
            await asyncio.sleep(1)
            return me

        me = loop.run_until_complete(loop.start(main()))
        assert dog.holding() is None  # the last step is over: no turn holds the thread
    assert me is not None
    assert probe.seen == [("step", me), ("card", me), ("between", None)]
    (suspended,) = of(ev.Suspended, recorder.log)
    assert ("probe", "<probe>") in suspended.locals
    assert of(ev.Blocked, recorder.log) == []  # no turn came near the notice


@pytest.mark.parametrize("told", [True, False], ids=["on_blocked", "no on_blocked"])
@pytest.mark.parametrize("held_by", ["step", "wake-up", "plain callback"])
def test_a_turn_held_past_notice_is_reported_for_its_task_and_its_time_told(held_by, told):
    """A task's step is reported for its task, a step it is woken for too; a callback that
    is no task's step (`loop.call_soon(f)`) is timed as a turn too, and reported for no task."""
    held: list[float] = []
    with watched_shop(notice=0.05) as (loop, recorder, dog):
        if told:
            recorder.on_blocked = held.append

        async def main() -> asyncio.Task[Any] | None:
            if held_by == "wake-up":
                await asyncio.sleep(0.01)  # its Future done, the Task's wake-up is called
            if held_by != "plain callback":
                hold_until_noticed(dog)
            else:
                asyncio.get_running_loop().call_soon(hold_until_noticed, dog)
                await asyncio.sleep(0.01)
            return asyncio.current_task()

        start = time.perf_counter()
        task = loop.run_until_complete(loop.start(main()))
        elapsed = time.perf_counter() - start
    assert task is not None
    (blocked,) = of(ev.Blocked, recorder.log)
    holder = None if held_by == "plain callback" else recorder.known_id(task)
    assert (blocked.task, blocked.interrupted) == (holder, False)
    assert dog.notice <= blocked.seconds <= elapsed + 0.0005  # seconds are rounded to 3 places
    if told:
        (seconds,) = held  # the loop's clock counts it as real time that passed
        assert dog.notice <= seconds <= elapsed
        assert seconds == pytest.approx(blocked.seconds, abs=0.002)


def test_a_plain_callback_that_raises_system_exit_is_told_to_on_exit_and_the_shop_goes_on():
    with watched_shop(notice=5.0) as (loop, recorder, _dog):
        exits: list[BaseException] = []
        recorder.on_exit = exits.append
        exit = SystemExit(3)

        def quits() -> None:
            raise exit

        async def main() -> str:
            asyncio.get_running_loop().call_soon(quits)
            await asyncio.sleep(1)
            return "went on"

        assert loop.run_until_complete(loop.start(main())) == "went on"
    assert exits == [exit]


class HeldCard:
    """A local whose `__repr__` holds the thread (the program's code, run for the card)."""

    def __init__(self, dog: Watchdog) -> None:
        self.dog = dog

    def __repr__(self) -> str:
        hold_until_noticed(self.dog)
        return "<held card>"


@pytest.mark.parametrize("woken", [False, True], ids=["first step", "woken"])
def test_a_card_whose_repr_holds_the_thread_is_reported_as_its_tasks_block(woken):
    """Woken: the card is read at the end of a step the task was woken for, which wrote
    nothing (a record of its own)."""
    with watched_shop(notice=0.05) as (loop, recorder, dog):

        async def main() -> asyncio.Task[Any] | None:
            first, second = loop.create_future(), loop.create_future()
            loop.call_later(0.5, first.set_result, None)
            loop.call_later(1.0, second.set_result, None)
            if woken:
                await first
            card = HeldCard(dog)
            await second
            del card
            return asyncio.current_task()

        task = loop.run_until_complete(loop.start(main()))
    assert task is not None
    blocked = of(ev.Blocked, recorder.log)
    assert [(b.task, b.interrupted) for b in blocked] == [(recorder.known_id(task), False)]
    suspended = of(ev.Suspended, recorder.log)
    assert ("card", "<held card>") in suspended[-1].locals


# -- what the recorder tells its callers -------------------------------------------------


async def quits(exit: BaseException, woken: bool) -> None:
    if woken:
        await asyncio.sleep(0.25)
    raise exit


@pytest.mark.parametrize("woken", [False, True], ids=["first step", "woken"])
@pytest.mark.parametrize(
    ("kind", "told"),
    [(SystemExit, True), (KeyboardInterrupt, True), (KeyboardInterrupt, False)],
    ids=["SystemExit", "KeyboardInterrupt", "no on_exit"],
)
def test_a_step_that_raises_system_exit_fails_its_task_and_is_told_to_on_exit(kind, told, woken):
    loop = shop()
    recorder = recorder_of(loop)
    exits: list[BaseException] = []
    if told:
        recorder.on_exit = exits.append
    exit = kind()

    async def main() -> asyncio.Task[None]:
        quitter = asyncio.create_task(quits(exit, woken), name="quitter")
        await asyncio.sleep(1)  # the shop goes on: on_exit, not the recorder, ends a run
        return quitter

    quitter = run(loop, main())
    assert quitter.exception() is exit
    assert [e is exit for e in exits] == ([True] if told else [])
    (failed,) = of(ev.Failed, recorder.log)
    assert (failed.task, failed.error) == (recorder.known_id(quitter), kind.__name__)
    events = list(recorder.log)
    began = events[events.index(failed) - 1]  # the step it failed in, begun before it
    assert type(began) is (ev.Resumed if woken else ev.StepStarted)
    assert (began.task, began.t) == (failed.task, pytest.approx(0.25 if woken else 0.0))
    if woken:  # its sleep's Future, done: what woke it, and what it handed back
        (timer,) = [e for e in of(ev.TimerScheduled, events) if e.task == failed.task]
        assert (began.future, began.value) == (timer.future, "None")
    (finished,) = of(ev.Finished, recorder.log)
    assert names(recorder)[finished.task] == "main"  # the run went on to its end


def names(recorder: Recorder) -> dict[int, str]:
    """Each task the recorder announced, by id, under its last name (create_task's `name`
    comes after the task is made, until 3.13)."""
    return {e.task: e.name for e in of((ev.TaskCreated, ev.TaskRenamed), recorder.log)}


def test_a_recorder_taking_over_a_run_names_only_tasks_it_announced_itself():
    loop = shop()
    first = recorder_of(loop)
    second = Recorder(EventLog(), loop.time, HERE)

    def take_over() -> None:
        loop.recorder = second  # between two turns, as a new session's recorder would

    async def child(go: asyncio.Event) -> str:
        await go.wait()
        return "child"

    async def main() -> tuple[asyncio.Task[Any] | None, asyncio.Task[str]]:
        go = asyncio.Event()
        waited = asyncio.create_task(child(go), name="child")
        await asyncio.sleep(0)  # the child begins to wait, seen by the first recorder
        loop.call_soon(take_over, context=contextvars.Context())  # not shop work
        await asyncio.sleep(0)  # this step is queued by the first, run under the second
        go.set()  # wakes a child the first recorder tagged
        await waited
        return asyncio.current_task(), waited

    tasks = run(loop, main())
    announced = set()
    for e in second.log:  # every task it names, it announced first, with an id of its own
        if isinstance(e, ev.TaskCreated):
            announced.add(e.task)
        elif getattr(e, "task", None) is not None:
            assert e.task in announced, e
    assert {second.known_id(task): task.get_name() for task in tasks} == names(second)
    assert sorted(names(first).values()) == sorted(names(second).values()) == ["child", "main"]


@pytest.mark.parametrize("how", ["call_later", "call_soon"])
def test_a_tasks_method_the_loop_calls_is_no_step_of_the_task(how):
    """A timer's or a `call_soon`'s callback that is a method of a Task (`waiting.cancel`):
    the Task is its `__self__`, as for its steps, but the customer is not served for it. A
    timer fires as a timer; the customer takes one turn, when the cancellation wakes it."""
    loop = shop()
    recorder = recorder_of(loop)

    async def order() -> None:
        await asyncio.sleep(10)

    async def main() -> asyncio.Task[None]:
        waiting = asyncio.create_task(order(), name="order")
        await asyncio.sleep(0.5)
        loop = asyncio.get_running_loop()
        if how == "call_later":
            loop.call_later(1, waiting.cancel)
        else:
            loop.call_soon(waiting.get_name)  # a method that changes nothing: no turn at all
            loop.call_soon(waiting.cancel)
        with contextlib.suppress(asyncio.CancelledError):
            await waiting
        return waiting

    waiting = run(loop, main())
    events = list(recorder.log)
    if how == "call_later":
        (cancel,) = [e.timer for e in of(ev.TimerScheduled, events) if e.label == "cancel"]
        assert cancel in [e.timer for e in of(ev.TimerFired, events)]
    order_id = recorder.known_id(waiting)
    (main_id,) = [task for task, name in names(recorder).items() if name == "main"]
    its = [e for e in events if getattr(e, "task", None) == order_id]
    its = [e for e in its if not isinstance(e, (ev.TaskRenamed, ev.TimerScheduled))]
    assert [type(e).__name__ for e in its] == [
        "TaskCreated", "Scheduled", "StepStarted", "Suspended",
        "Woken", "Resumed", "Cancelled",
    ]  # fmt: skip
    assert [(e.task, e.cancelled) for e in of(ev.Woken, events)] == [
        (main_id, False),  # its sleep ended
        (order_id, True),  # its sleep was cancelled
        (main_id, True),  # the order it awaited was cancelled
    ]
    assert of(ev.Resumed, its)[0].value == "CancelledError()"


def test_what_an_await_hands_back_and_what_a_task_returns_are_recorded_in_words():
    loop = shop()
    recorder = recorder_of(loop)

    async def nothing() -> None:
        await asyncio.sleep(1)

    async def main() -> str:
        spilt = asyncio.get_running_loop().create_future()
        asyncio.get_running_loop().call_soon(spilt.set_exception, ValueError("no milk"))
        with contextlib.suppress(ValueError):
            await spilt
        await asyncio.create_task(nothing(), name="nothing")
        return "latte"

    assert run(loop, main()) == "latte"
    events = list(recorder.log)
    called = names(recorder)
    (main_id,) = [task for task, name in called.items() if name == "main"]
    assert [e.value for e in of(ev.Resumed, events) if e.task == main_id] == [
        "ValueError()",
        "None",
    ]
    assert {called[e.task]: e.value for e in of(ev.Finished, events)} == {
        "nothing": "None",
        "main": "'latte'",
    }


def test_a_recorder_told_not_to_snapshot_keeps_no_locals():
    async def main() -> None:
        kept = "espresso"
        await asyncio.sleep(1)
        del kept

    loops = {snapshot: shop(snapshot=snapshot) for snapshot in (True, False)}
    for loop in loops.values():
        run(loop, main())
    cards = {
        s: [e.locals for e in of(ev.Suspended, recorder_of(loop).log)] for s, loop in loops.items()
    }
    assert cards == {True: [(("kept", "'espresso'"),)], False: [()]}


async def waits_twice(first: asyncio.Future[str], second: asyncio.Future[str]) -> str:
    got = await first
    await second  # `got` is on the card now
    return got


@pytest.mark.parametrize("snapshot", [True, False], ids=["snapshot", "no snapshot"])
def test_a_task_woken_then_waiting_again_reads_as_its_steps_each_on_its_own_future(snapshot):
    """Steps that write nothing (each a record of its own): its first, and one it was woken
    for, that waits on another Future; each Suspended names the Future it waits on."""
    loop = shop(snapshot=snapshot)
    recorder = recorder_of(loop)

    async def main() -> tuple[asyncio.Task[str], asyncio.Future[str], asyncio.Future[str]]:
        first, second = loop.create_future(), loop.create_future()
        waiter = asyncio.create_task(waits_twice(first, second), name="waiter")
        await asyncio.sleep(0.5)
        first.set_result("espresso")
        await asyncio.sleep(0.5)
        second.set_result("latte")
        await waiter
        return waiter, first, second

    waiter, first, second = run(loop, main())
    its = [e for e in recorder.log if getattr(e, "task", None) == recorder.known_id(waiter)]
    assert [type(e).__name__ for e in its if not isinstance(e, ev.TaskRenamed)] == [
        "TaskCreated", "Scheduled", "StepStarted", "Suspended",
        "Woken", "Resumed", "Suspended", "Woken", "Resumed", "Finished",
    ]  # fmt: skip
    futures = [recorder.future_id(first), recorder.future_id(second)]
    assert [e.future for e in of(ev.Suspended, its)] == futures
    assert [e.future for e in of(ev.Woken, its)] == futures
    assert [e.value for e in of(ev.Resumed, its)] == ["'espresso'", "'latte'"]
    cards = [e.locals for e in of(ev.Suspended, its)]
    if snapshot:
        assert ("got", "'espresso'") in cards[1] and all(name != "got" for name, _ in cards[0])
    else:
        assert cards == [(), ()]


# -- awaitables, failures and lines ----------------------------------------------------------


class Pager:
    """A hand-made future (asyncio's duck-typed protocol): no `cancelled()`, and no attribute
    of the recorder's can be put on it (slots), so it is known by a weak reference."""

    __slots__ = ("__weakref__", "_asyncio_future_blocking", "_callbacks", "_loop")

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._asyncio_future_blocking = False
        self._callbacks: list[tuple[Any, contextvars.Context | None]] = []
        self._loop = loop

    def get_loop(self) -> asyncio.AbstractEventLoop:
        return self._loop

    def add_done_callback(self, callback: Any, *, context: contextvars.Context | None = None):
        self._callbacks.append((callback, context))

    def result(self) -> str:
        return "buzz"

    def buzz(self) -> None:
        for callback, context in self._callbacks:
            self._loop.call_soon(callback, self, context=context)

    def __await__(self) -> Generator[Any, None, str]:
        self._asyncio_future_blocking = True
        yield self
        return self.result()


def test_a_hand_made_future_is_waited_on_and_wakes_its_task_under_one_id():
    loop = shop()
    recorder = recorder_of(loop)

    async def main() -> str:
        pager = Pager(asyncio.get_running_loop())
        asyncio.get_running_loop().call_later(1, pager.buzz)
        return await pager

    assert run(loop, main()) == "buzz"
    events = list(recorder.log)
    (suspended,) = of(ev.Suspended, events)
    (woken,) = of(ev.Woken, events)
    (resumed,) = of(ev.Resumed, events)
    assert isinstance(suspended.future, int)
    assert suspended.future == woken.future == resumed.future
    assert (woken.cancelled, resumed.value) == (False, "")  # not an asyncio Future: no value read


async def spills(what: str) -> None:
    raise ValueError(what)


def test_a_failure_the_shop_shows_is_not_also_reported_by_asyncio():
    loop = shop()
    recorder = recorder_of(loop)
    reported: list[str] = []
    loop.set_exception_handler(lambda _loop, context: reported.append(context["message"]))

    async def main() -> None:
        await asyncio.sleep(0)

    try:
        loop.run_until_complete(loop.start(main()))
        shown = loop.spawn(spills("shown"), "sent in")  # a customer the shop sent in
        recorder.shows_failure_of(shown)
        plain = loop.spawn(spills("plain"), "the program's")
        loop.run_until_complete(asyncio.wait([shown, plain]))
        failed = {e.message for e in of(ev.Failed, recorder.log)}
        del shown, plain
        gc.collect()
    finally:
        loop.close()
    assert failed == {"shown", "plain"}  # the shop shows both
    assert reported == ["Task exception was never retrieved"]  # asyncio tells the plain one


def test_a_line_a_task_opens_and_closes_is_recorded_with_its_descriptor_kind_and_task():
    loop = shop()
    recorder = recorder_of(loop)
    near, far = socket.socketpair()

    async def main() -> asyncio.Task[Any] | None:
        asyncio.get_running_loop().add_reader(near, lambda: None)
        await asyncio.sleep(0)
        asyncio.get_running_loop().remove_reader(near)
        return asyncio.current_task()

    try:
        task = run(loop, main())
        opened, closed = of(ev.LineOpened, recorder.log), of(ev.LineClosed, recorder.log)
        assert [(e.fd, e.kind, e.what, e.task) for e in opened] == [
            (near.fileno(), READ, "socket", recorder.known_id(task))
        ]
        assert [(e.fd, e.kind) for e in closed] == [(near.fileno(), READ)]
    finally:
        near.close()
        far.close()


class Countdown(Coroutine[Any, Any, str]):
    """A coroutine object written by hand (asyncio runs any `Coroutine`): no code, no frame,
    no `__qualname__`."""

    def __init__(self, turns: int) -> None:
        self.turns = turns

    def send(self, value: object) -> None:
        if not self.turns:
            raise StopIteration("lift-off")
        self.turns -= 1

    def throw(self, *args: Any) -> None:
        raise args[0] if isinstance(args[0], BaseException) else args[0]()

    def close(self) -> None:
        self.turns = 0

    def __await__(self) -> Generator[Any, None, str]:
        raise NotImplementedError  # run as a task's coroutine, never awaited


def test_a_task_of_a_hand_written_coroutine_is_named_by_its_class():
    loop = shop()
    recorder = recorder_of(loop)

    async def main() -> str:
        return await asyncio.create_task(Countdown(2), name="countdown")  # type: ignore[arg-type]

    assert run(loop, main()) == "lift-off"
    created = {names(recorder)[e.task]: e for e in of(ev.TaskCreated, recorder.log)}
    assert (created["countdown"].coro, created["countdown"].line) == ("Countdown", None)
    assert created["main"].coro.endswith("main")


def test_only_a_handle_run_in_the_runs_context_is_its_shop_work_and_only_a_tasks_is_a_task():
    loop = RecordingEventLoop()
    work = contextvars.copy_context()
    work.run(SHOP_WORK.set, 1)  # the first run's token
    task = loop.create_task(asyncio.sleep(0))
    step = loop._ready[-1]  # its first step, queued as it was made
    handles = [
        loop.call_soon(print, context=contextvars.Context()),  # the window's own callback
        loop.call_soon(print, context=work),
        loop.call_soon(work.run, print),  # a bound method, but not a task's
        loop.call_soon(task.cancel),  # a task's method, but not its step nor its wake-up
    ]
    try:
        assert [is_shop_handle(h, 1) for h in handles[:2]] == [False, True]
        assert is_shop_handle(handles[1], 2) is False  # a later run's
        assert task_of(handles[2]) is None
        assert task_of(handles[3]) is None
        assert task_of(step) is task
    finally:
        for handle in handles:
            handle.cancel()
        loop.run_until_complete(task)
        loop.close()


def test_a_timer_set_outside_any_task_is_recorded_with_none_where_tasks_refuse_attributes():
    loop = RefusingLoop(VirtualClock(FAST_FORWARD))  # its tasks are known by weak reference
    recorder = Recorder(EventLog(), loop.time, HERE)
    loop.recorder = recorder

    def closing_time() -> None:
        """What the timer will call."""

    def plain_callback() -> None:  # the program's, but no task's
        asyncio.get_running_loop().call_later(1, closing_time)

    async def main() -> None:
        asyncio.get_running_loop().call_soon(plain_callback)
        await asyncio.sleep(2)

    run(loop, main())
    assert [e.task for e in of(ev.TimerScheduled, recorder.log) if e.label == "closing_time"] == [
        None
    ]


def test_a_customer_whose_task_refuses_attributes_is_sent_in_all_the_same():
    loop = RefusingLoop(VirtualClock(FAST_FORWARD))
    recorder = Recorder(EventLog(), loop.time, HERE)
    loop.recorder = recorder

    async def main() -> None:
        await asyncio.sleep(0)

    try:
        loop.run_until_complete(loop.start(main()))
        sent = loop.spawn(spills("no tag"), "sent in")
        recorder.shows_failure_of(sent)  # cannot be marked: asyncio keeps its own report
        loop.run_until_complete(asyncio.wait([sent]))
        assert isinstance(sent.exception(), ValueError)
    finally:
        loop.close()
    assert [(e.error, e.message) for e in of(ev.Failed, recorder.log)] == [("ValueError", "no tag")]


# -- a step's start, written when the step ends ------------------------------------------------


def recorded(main: Coroutine[Any, Any, Any], watched: bool) -> Recorder:
    """The recorder of a run of `main`, its turns timed by a watchdog (as a session's are,
    which takes the recorder's lean path for a self-queued step) or not."""
    if not watched:
        loop = shop()
        run(loop, main)
        return recorder_of(loop)
    with watched_shop(notice=60.0) as (loop, recorder, _dog):
        run(loop, main)
    return recorder


@pytest.mark.parametrize("watched", [False, True])
def test_each_step_reads_as_its_start_what_it_did_and_its_end_in_the_order_they_happened(
    watched: bool,
):
    """A step's start is written when it ends (one record when the step wrote nothing, else
    put back where it began): the log must read as if written as it happened."""

    async def child() -> None:
        await asyncio.sleep(0)

    async def main() -> None:
        await asyncio.sleep(0)  # a bare yield: the step queues the task's next step itself
        task = asyncio.get_running_loop().create_task(child())  # a step that writes
        await task  # woken by the child's end: a resumed step
        await asyncio.sleep(0)
        await asyncio.sleep(0.001)  # a step that writes a timer, and no task

    recorder = recorded(main(), watched)
    main_id = 1
    seen = [(type(e).__name__, e.task) for e in recorder.log if hasattr(e, "task")]
    child_id = 2
    assert seen == [
        ("TaskCreated", main_id),
        ("Scheduled", main_id),
        # the first step: a bare yield, its next step queued as its last act
        ("StepStarted", main_id),
        ("Scheduled", main_id),
        ("Suspended", main_id),
        # the second: it sends the child in, then waits for it
        ("StepStarted", main_id),
        ("TaskCreated", child_id),
        ("Scheduled", child_id),
        ("Suspended", main_id),
        ("StepStarted", child_id),
        ("Scheduled", child_id),
        ("Suspended", child_id),
        ("StepStarted", child_id),
        ("Woken", main_id),  # its end wakes main, then it is written, once the step is over
        ("Finished", child_id),
        # woken, it yields once more
        ("Resumed", main_id),
        ("Scheduled", main_id),
        ("Suspended", main_id),
        ("StepStarted", main_id),
        ("TimerScheduled", main_id),
        ("Suspended", main_id),
        ("Woken", main_id),
        ("Resumed", main_id),
        ("Finished", main_id),
    ]
    times = [e.t for e in recorder.log]
    assert times == sorted(times)


@pytest.mark.parametrize("watched", [False, True])
def test_a_step_that_wrote_nothing_is_one_record_in_the_log(watched: bool):
    async def main() -> None:
        for _ in range(3):
            await asyncio.sleep(0)

    recorder = recorded(main(), watched)
    cursor, records = 0, []
    while cursor < len(recorder.log):  # a reader stops only between records
        events, cursor = recorder.log.read(cursor, 1)
        records.append([type(e).__name__ for e in events])
    # the first step catches up on the task's name; the bare yields after it write nothing
    assert records.count(["StepStarted", "Scheduled", "Suspended"]) == 2
    assert sum(len(r) for r in records) == len(list(recorder.log))


@pytest.mark.parametrize("rate", [1.0, FAST_FORWARD])
def test_a_step_is_timed_by_the_shop_clock_at_its_start_and_at_its_end(rate: float):
    """Read from the clock's `still_at` while shop time stands still, else asked of it."""
    ticks = iter(range(1_000_000))
    clock = VirtualClock(rate, real=lambda: float(next(ticks)))  # a tick a look
    loop = RecordingEventLoop(VirtualClock(FAST_FORWARD))
    recorder = WatchedRecorder(EventLog(), clock.now, HERE)
    dog = Watchdog(recorder.log, loop.time, HERE, notice=60.0, interrupt=None, poll=0.01)
    recorder.watchdog, loop.recorder = dog, recorder

    async def main() -> None:
        for _ in range(3):
            await asyncio.sleep(0)

    try:
        run(loop, main())
    finally:
        dog.stop()
    events = list(recorder.log)
    times = [e.t for e in events]
    assert times == sorted(times)
    starts = of(ev.StepStarted, events)
    ends = of(ev.Suspended, events)
    assert len(starts) == 4 and len(ends) == 3
    for start, end in zip(starts, ends, strict=False):
        if rate == FAST_FORWARD:  # time stands still between jumps
            assert start.t == end.t == clock.now()
        else:
            assert start.t < end.t  # it flowed while the step ran
