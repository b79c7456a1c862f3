"""Each asyncio construct a real program uses, recorded on the stock loop: exact stories.

Lines come from `# <marker>` comments in tests/programs, so a test states *which* await
a task must be shown at, and the recorder must find that line from the live coroutine.
"""

from __future__ import annotations

import sys
import time

import pytest
from support import (
    RefusingLoop,
    labels,
    line_of,
    program_path,
    record_on_stock_loop,
    story,
    suspensions,
)

from coffeeshop_gui.engine.clock import FAST_FORWARD, VirtualClock
from coffeeshop_gui.engine.program import load_program
from coffeeshop_gui.engine.recorder import Recorder
from coffeeshop_gui.model import events as ev
from coffeeshop_gui.model.log import EventLog

needs_311 = pytest.mark.skipif(sys.version_info < (3, 11), reason="TaskGroup/timeout are 3.11+")


def test_gather_suspends_main_at_the_gather_line_until_the_slowest_child_is_done():
    _, events, result = record_on_stock_loop("gather")
    g, s = line_of("gather", "gather"), line_of("gather", "brew-sleep")
    assert result == [2, 1]
    who = labels(events)
    created = [e for e in events if isinstance(e, ev.TaskCreated)]
    assert [(who[e.task], e.coro, e.parent and who[e.parent], e.line) for e in created] == [
        ("main", "main", None, g - 1),  # each arrives with the line its recipe starts at
        ("brew#1", "brew", "main", s - 1),  # made by main's gather: main is the parent
        ("brew#2", "brew", "main", s - 1),
    ]
    assert story(events) == [
        "0 main step",
        f"0 main await@{g}",
        "0 brew#1 step",
        f"0 brew#1 await@{s}",
        "0 brew#2 step",
        f"0 brew#2 await@{s}",
        "1 brew#2 resume=None",
        "1 brew#2 done=1",
        "2 brew#1 resume=None",
        "2 brew#1 done=2",
        "2 main resume=[2, 1]",
        "2 main done=[2, 1]",
    ]


@needs_311
def test_taskgroup_exit_is_an_await_at_the_async_with_line():
    _, events, result = record_on_stock_loop("taskgroup")
    with_line, sleep = line_of("taskgroup", "tg-with"), line_of("taskgroup", "order-sleep")
    assert result == "all served"
    assert story(events) == [
        "0 main step",
        f"0 main await@{with_line}",
        "0 first step",
        f"0 first await@{sleep}",
        "0 second step",
        f"0 second await@{sleep}",
        "1 first resume=None",
        "1 first done=1",
        "2 second resume=None",
        "2 second done=2",
        "2 main resume=True",
        "2 main done='all served'",
    ]


def test_task_names_set_after_creation_are_recorded_as_renames():
    _, events, result = record_on_stock_loop("rename")
    assert result == "done"
    assert [e.name for e in events if isinstance(e, ev.TaskRenamed)] == ["barista"]
    assert suspensions(events, "barista") == [line_of("rename", "work")]


def _queue_run() -> tuple[list[ev.Event], list[int]]:
    """queue.py recorded: a producer puts three items in a queue of one place, a consumer
    gets them."""
    _, events, result = record_on_stock_loop("queue")
    return events, result


def test_a_queue_consumer_waits_at_get():
    events, result = _queue_run()
    assert result == [0, 1, 2]
    assert suspensions(events, "consumer") == [line_of("queue", "get")] * 4
    who = labels(events)
    saved = [
        dict(e.locals) for e in events if isinstance(e, ev.Suspended) and who[e.task] == "consumer"
    ]
    assert [spot["got"] for spot in saved] == ["[]", "[0]", "[0, 1]", "[0, 1, 2]"]  # the card's
    assert "3 consumer done=[0, 1, 2]" in story(events)


def test_a_full_queue_stops_the_producer_at_put():
    events, _result = _queue_run()
    produce = line_of("queue", "produce")
    assert suspensions(events, "producer") == [
        produce,
        produce,
        produce,
        line_of("queue", "put-end"),
    ]
    assert suspensions(events, "main") == [line_of("queue", "await-producer")]


def test_semaphore_waiters_sit_at_the_async_with_until_the_one_inside_leaves():
    _, events, result = record_on_stock_loop("semaphore")
    acquire, use = line_of("semaphore", "acquire"), line_of("semaphore", "use")
    assert result == [0, 1, 2]
    assert suspensions(events, "barista#1") == [use]
    assert suspensions(events, "barista#2") == [acquire, use]
    assert suspensions(events, "barista#3") == [acquire, use]
    lines = story(events)
    assert lines.index("1 barista#2 resume=True") > lines.index("1 barista#1 done=0")
    assert "3 barista#3 done=2" in lines


def test_event_waiter_wakes_when_the_event_is_set():
    _, events, result = record_on_stock_loop("event")
    assert result == ["in", "opened"]
    assert suspensions(events, "waiter#1") == [line_of("event", "wait")]
    lines = story(events)
    assert lines.index("2 opener#1 done='opened'") < lines.index("2 waiter#1 resume=True")


def wait_for_story() -> tuple[list[ev.Event], list[str], int, int]:
    _, events, result = record_on_stock_loop("wait_for")
    assert result == "gave up"
    lines = story(events)
    assert lines[-1] == "1 main done='gave up'"
    return events, lines, line_of("wait_for", "slow"), line_of("wait_for", "wait-for")


# Each half is its own test, so the one this Python cannot run shows as skipped (-ra)
# instead of passing unseen; .ci/run runs the suite on 3.10 to 3.13.
@pytest.mark.skipif(sys.version_info < (3, 12), reason="wait_for awaits in place from 3.12")
def test_wait_for_times_out_cancelling_the_slow_order_inside_main_from_312():
    events, lines, slow, wait_for = wait_for_story()
    # 3.12+ awaits the coroutine inside main's own task, under a timeout
    (suspended,) = [e for e in events if isinstance(e, ev.Suspended)]
    assert suspended.chain == (("main", wait_for), ("slow_order", slow))
    assert "1 main resume=CancelledError()" in lines


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="wait_for makes a task before 3.12")
def test_wait_for_times_out_cancelling_the_slow_order_in_a_task_of_its_own_before_312():
    events, lines, slow, wait_for = wait_for_story()
    # before 3.12, wait_for wraps it in a task of its own and cancels that task
    assert suspensions(events, "slow_order#1") == [slow]
    assert set(suspensions(events, "main")) == {wait_for}
    assert "1 slow_order#1 resume=CancelledError()" in lines
    assert "1 slow_order#1 cancelled" in lines


@needs_311
def test_asyncio_timeout_cancels_the_await_inside_the_block():
    _, events, result = record_on_stock_loop("timeout_block")
    assert result == "timed out"
    assert story(events) == [
        "0 main step",
        f"0 main await@{line_of('timeout_block', 'sleep-in-timeout')}",
        "1 main resume=CancelledError()",
        "1 main done='timed out'",
    ]


def test_cancelled_task_gets_cancelled_error_at_its_await_and_can_clean_up():
    _, events, result = record_on_stock_loop("cancellation")
    assert result == "cancelled"
    sit, clean = line_of("cancellation", "sit"), line_of("cancellation", "clean-up")
    assert suspensions(events, "sitter") == [sit, clean]
    lines = story(events)
    assert lines.index("1 sitter resume=CancelledError()") < lines.index(f"1 sitter await@{clean}")
    assert "1.5 sitter cancelled" in lines
    assert lines[-2:] == ["1.5 main resume=CancelledError()", "1.5 main done='cancelled'"]
    woken = [e for e in events if isinstance(e, ev.Woken) and e.cancelled]
    assert len(woken) >= 1


def test_as_completed_hands_results_back_in_finishing_order():
    _, events, result = record_on_stock_loop("as_completed")
    assert result == [1, 2, 3]
    assert suspensions(events, "main") == [line_of("as_completed", "as-completed")] * 3
    lines = story(events)
    assert [
        line.split()[0]
        for line in lines
        if line.startswith(tuple("0123")) and " main resume" in line
    ] == ["1", "2", "3"]
    # as_completed wraps the jobs from a set, so which job is job#1 varies; what ends when does not
    assert [line.split(" done=")[1] for line in lines if " job#" in line and " done=" in line] == [
        "1",
        "2",
        "3",
    ]


def test_run_in_executor_records_a_job_over_the_real_time_it_works():
    whole_run = time.perf_counter()
    _, events, result = record_on_stock_loop("executor")
    whole_run = time.perf_counter() - whole_run
    assert result == "ground"
    started = [e for e in events if isinstance(e, ev.JobStarted)]
    finished = [e for e in events if isinstance(e, ev.JobFinished)]
    assert [e.function for e in started] == ["grind_beans"] and len(finished) == 1
    assert suspensions(events, "main") == [line_of("executor", "executor")]
    # the thread slept 0.2 s of real time; fast-forward must not skip real work
    assert 0.15 <= finished[0].t - started[0].t <= whole_run


def test_nested_coroutines_are_shown_at_the_innermost_await_with_the_whole_chain():
    _, events, result = record_on_stock_loop("nested")
    assert result == "coffee from ground beans"
    (suspended,) = [e for e in events if isinstance(e, ev.Suspended)]
    assert suspended.line == line_of("nested", "grind-sleep")
    assert suspended.chain == (
        ("main", line_of("nested", "main-make")),
        ("make_coffee", line_of("nested", "make-grind")),
        ("grind", line_of("nested", "grind-sleep")),
    )


def test_hand_written_awaitable_is_followed_into_its_dunder_await():
    _, events, result = record_on_stock_loop("awaitable")
    assert result == "latte"
    (suspended,) = [e for e in events if isinstance(e, ev.Suspended)]
    assert suspended.chain == (
        ("main", line_of("awaitable", "await-buzzer")),
        ("__await__", line_of("awaitable", "buzzer-yield")),
    )
    assert suspended.line == line_of("awaitable", "buzzer-yield")
    assert "2 main resume='latte'" in story(events)


def test_an_exception_fails_only_its_own_task_at_the_raising_line():
    _, events, result = record_on_stock_loop("failing")
    assert result == ("Ola", "clumsy")
    lines = story(events)
    assert f"1 clumsy failed=ValueError@{line_of('failing', 'raise')}" in lines
    assert "2 Ola done='Ola'" in lines
    (failed,) = [e for e in events if isinstance(e, ev.Failed)]
    assert failed.message == "dropped the cup"


def test_bare_yield_reschedules_the_task_without_a_future():
    _, events, result = record_on_stock_loop("spinner")
    assert result == [5, 5, 5]
    yields = [e for e in events if isinstance(e, ev.Suspended) and e.future is None]
    assert len(yields) == 15
    assert {e.line for e in yields} == {line_of("spinner", "yield")}
    # round robin: each spinner takes its turn before any goes twice
    order = [e.task for e in events if isinstance(e, ev.StepStarted)][1:7]
    assert order[:3] == order[3:6] and len(set(order[:3])) == 3


def test_tasks_that_refuse_attributes_are_still_told_apart_step_by_step():
    program = load_program(program_path("gather"))
    loop = RefusingLoop(VirtualClock(FAST_FORWARD))
    log = EventLog()
    loop.recorder = Recorder(log, loop.time, [program.filename])
    try:
        result = loop.run_until_complete(loop.start(program.main()))
    finally:
        loop.close()
    _, plain_events, plain_result = record_on_stock_loop("gather")
    assert result == plain_result
    assert story(list(log)) == story(plain_events)
