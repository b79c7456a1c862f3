"""What the shop records: the program's own run, customers added to it, and nothing else."""

from __future__ import annotations

import asyncio
import contextvars
import gc
import inspect
import sys
from pathlib import Path

import pytest
from support import program_path

from coffeeshop_gui.engine.clock import FAST_FORWARD, VirtualClock
from coffeeshop_gui.engine.program import load_program
from coffeeshop_gui.engine.recorder import SWEEP_AT_LEAST, Recorder
from coffeeshop_gui.engine.recording_loop import RecordingEventLoop
from coffeeshop_gui.model import events as ev
from coffeeshop_gui.model.log import EventLog
from coffeeshop_gui.model.shop import report
from coffeeshop_gui.model.state import CustomerState, fold


async def sip(seconds: float) -> str:
    await asyncio.sleep(seconds)
    return "sipped"


def recording_loop() -> tuple[RecordingEventLoop, EventLog]:
    """A fast-forwarding recording loop with no program file, and the log it writes."""
    loop = RecordingEventLoop(VirtualClock(FAST_FORWARD))
    log = EventLog()
    loop.recorder = Recorder(log, loop.time)
    return loop, log


def test_no_customer_can_be_dragged_in_before_a_program_runs():
    loop, _log = recording_loop()
    early = sip(1)
    try:
        with pytest.raises(RuntimeError, match=r"^no program is running in the shop$"):
            loop.spawn(early, "too early")
    finally:
        early.close()
        loop.close()


def guest_dragged_in_beside_the_windows_task() -> EventLog:
    """main waits for a door the window's own task opens at 2 s; a guest dragged in sips 1 s."""
    loop, log = recording_loop()
    try:
        door = asyncio.Event()
        main = loop.start(wait_for_the_door(door), name="main")
        guest = loop.spawn(sip(1), "guest")  # dragged in while main sits
        outside = loop.create_task(open_the_door(door), name="the window's own")  # not shop work
        loop.run_until_complete(asyncio.gather(main, guest, outside))
    finally:
        loop.close()
    return log


def test_a_customer_dragged_in_joins_the_run():
    log = guest_dragged_in_beside_the_windows_task()
    state = fold(log)
    assert sorted(c.name for c in state.customers.values()) == ["guest", "main"]
    assert all(c.state is CustomerState.DONE for c in state.customers.values())
    assert [e.t for e in log if isinstance(e, ev.Finished)] == [1.0, 2.0]
    # no program file was given: no task is marked at a line of one
    assert [e.line for e in log if isinstance(e, ev.TaskCreated)] == [None, None]


def test_work_outside_the_program_is_not_drawn():
    log = guest_dragged_in_beside_the_windows_task()
    assert "the window's own" not in [e.name for e in log if isinstance(e, ev.TaskCreated)]
    assert {e.task for e in log if hasattr(e, "task")} == set(fold(log).customers)


def test_a_wake_up_by_work_outside_the_program_is_still_drawn():
    log = guest_dragged_in_beside_the_windows_task()
    state = fold(log)
    main_id = state.customers[min(state.customers)].id
    assert [type(e) for e in log if getattr(e, "task", None) == main_id] == [
        ev.TaskCreated,
        ev.Scheduled,
        ev.StepStarted,
        ev.Suspended,
        ev.Woken,
        ev.Resumed,
        ev.Finished,
    ]


async def wait_for_the_door(door: asyncio.Event) -> str:
    await door.wait()
    return "in"


async def open_the_door(door: asyncio.Event) -> None:
    await asyncio.sleep(2)
    door.set()


def spill(cup: str) -> None:
    raise ValueError(f"spilled the {cup}")  # <spill>


async def clumsy() -> None:
    await asyncio.sleep(1)
    spill("latte")  # <calls-spill>


def failure_of(files: tuple[str, ...]) -> ev.Failed:
    loop = RecordingEventLoop(VirtualClock(FAST_FORWARD))
    log = EventLog()
    loop.recorder = Recorder(log, loop.time, files)
    try:
        with pytest.raises(ValueError, match="spilled the latte"):
            loop.run_until_complete(loop.start(clumsy()))
    finally:
        loop.close()
    (failed,) = [e for e in log if isinstance(e, ev.Failed)]
    return failed


def test_a_failure_is_marked_at_the_innermost_line_of_the_program_and_nowhere_outside_it():
    failed = failure_of((__file__,))
    assert (failed.t, failed.error, failed.message) == (1.0, "ValueError", "spilled the latte")
    source = Path(__file__).read_text(encoding="utf-8").splitlines()
    assert source[failed.line - 1].endswith("# <spill>")  # in spill(), not in clumsy()
    assert failure_of(()).line is None  # no frame of the shown program: no line to mark


def test_a_loop_with_no_recorder_runs_a_program_untouched_on_real_time():
    loop = RecordingEventLoop()  # no clock given: shop time is real time

    async def main() -> tuple[float, int]:
        start = loop.time()
        report("a real wait", 0.01)  # nobody to tell: no harm done
        await asyncio.sleep(0.02)
        return loop.time() - start, await loop.run_in_executor(None, abs, -1)

    try:
        waited, job = loop.run_until_complete(loop.start(main()))
    finally:
        loop.close()
    assert waited >= 0.02 and job == 1 and loop.recorder is None and loop.jobs_pending == 0


@pytest.mark.skipif(sys.version_info < (3, 12), reason="inspect.markcoroutinefunction is 3.12+")
def test_a_recipe_that_writes_slips_still_looks_like_an_async_def():
    namespace = load_program(program_path("slips")).namespace
    assert inspect.iscoroutinefunction(namespace["latte"])
    assert namespace["latte"].__wrapped__ is not namespace["latte"]


def test_every_recorded_task_and_future_is_found_by_its_id_while_it_lives():
    loop = RecordingEventLoop(VirtualClock(FAST_FORWARD))
    log = EventLog()
    recorder = loop.recorder = Recorder(log, loop.time)

    async def main() -> None:  # more customers come and go than the index keeps unswept
        await asyncio.gather(*(asyncio.sleep(0) for _ in range(3 * SWEEP_AT_LEAST)))

    try:
        task = loop.start(main())
        loop.run_until_complete(task)
    finally:
        loop.close()
    ids = [e.task for e in log if isinstance(e, ev.TaskCreated)]
    assert len(ids) == 3 * SWEEP_AT_LEAST + 1
    gc.collect()
    assert recorder.find(ids[0]) is task and recorder.tasks() == [task]  # main lives on
    assert recorder.find(ids[1]) is None  # the customers that left are not found
    assert recorder.find(-1) is None  # an id it never gave out


class Slotted:
    """A future-like object that takes no new attributes."""

    __slots__ = ("__weakref__",)


def test_an_object_that_refuses_attributes_or_weak_references_keeps_one_id():
    recorder = Recorder(EventLog(), lambda: 0.0)
    plain, slotted, frozen = asyncio.Future(loop=asyncio.new_event_loop()), Slotted(), (1, 2)
    ids = [recorder.future_id(each) for each in (plain, slotted, frozen)]
    assert ids == [recorder.future_id(each) for each in (plain, slotted, frozen)]  # stable
    assert len(set(ids)) == 3
    assert recorder.find(ids[0]) is plain and recorder.find(ids[1]) is slotted
    assert ids[2] == id(frozen)  # neither tagged nor weakly held: known by its address
    plain.get_loop().close()


ORDER = contextvars.ContextVar("order", default="none")


def test_a_callback_given_its_own_context_runs_in_it_as_on_stock_asyncio():
    loop = RecordingEventLoop(VirtualClock(FAST_FORWARD))
    loop.recorder = Recorder(EventLog(), loop.time)

    async def main() -> list[str]:
        running = asyncio.get_running_loop()
        context = contextvars.copy_context()
        context.run(ORDER.set, "order 7")
        soon, later = running.create_future(), running.create_future()
        running.call_soon(lambda: soon.set_result(ORDER.get()), context=context)
        running.call_later(0.5, lambda: later.set_result(ORDER.get()), context=context)
        return [await soon, await later, ORDER.get()]

    try:
        assert loop.run_until_complete(loop.start(main())) == ["order 7", "order 7", "none"]
    finally:
        loop.close()


def test_a_customer_renamed_mid_run_is_recorded_under_its_new_name_by_its_next_step():
    loop = RecordingEventLoop(VirtualClock(FAST_FORWARD))
    log = EventLog()
    loop.recorder = Recorder(log, loop.time)

    async def main() -> None:
        await asyncio.sleep(1)
        asyncio.current_task().set_name("barista")  # long after it was created
        await asyncio.sleep(1)

    try:
        loop.run_until_complete(loop.start(main(), name="trainee"))
    finally:
        loop.close()
    # the name is read as each step starts: a rename during a step shows from the next one
    assert [(e.t, e.name) for e in log if isinstance(e, ev.TaskRenamed)] == [(2.0, "barista")]
    assert fold(log).customers[next(iter(fold(log).customers))].name == "barista"
