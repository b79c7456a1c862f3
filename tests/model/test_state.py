"""Folding events into the shop state: where each customer is, and what its buzzer shows."""

from __future__ import annotations

import tracemalloc
from collections import Counter

import pytest
from support import program_path

from coffeeshop_gui.engine.program import load_program
from coffeeshop_gui.loop.headless import run_headless
from coffeeshop_gui.model import events as ev
from coffeeshop_gui.model.state import KEEP_RESOLVED_SLIPS, CustomerState, ShopState, fold


def test_a_customer_queues_is_served_sits_with_a_dark_buzzer_and_queues_again_when_lit():
    events = [
        ev.TaskCreated(0, 1, "Ada", "customer", None, 3),
        ev.Scheduled(0, 1),
    ]
    assert fold(events).customers[1].state is CustomerState.QUEUED
    events += [ev.StepStarted(0, 1)]
    assert fold(events).running == 1
    events += [ev.Suspended(0, 1, 5, (("customer", 5),), 7, "", (("drink", "'latte'"),))]
    ada = fold(events).customers[1]
    assert (ada.state, ada.line, ada.future, ada.buzzer_lit) == (CustomerState.WAITING, 5, 7, False)
    assert ada.locals == (("drink", "'latte'"),)  # the saved spot the card shows
    events += [ev.Woken(2, 1, 7, False)]
    state = fold(events)
    assert state.customers[1].buzzer_lit and list(state.queue) == [1]
    assert state.customers[1].state is CustomerState.QUEUED  # back in line, no longer sitting
    assert state.line_counts() == {5: 1}  # still marked at its await until it runs
    assert state.running is None  # nobody at the counter while Ada sits
    events += [ev.Resumed(2, 1, 7, "'latte'")]
    state = fold(events)
    ada = state.customers[1]
    assert (ada.state, ada.value, ada.future, state.running) == (
        CustomerState.RUNNING,
        "'latte'",
        None,  # the buzzer is handed back
        1,
    )
    assert (ada.steps, state.steps, list(state.queue)) == (2, 2, [])
    events += [ev.Finished(2, 1, "'done'")]
    state = fold(events)
    ada = state.customers[1]
    assert (ada.state, ada.value, ada.buzzer_lit) == (CustomerState.DONE, "'done'", False)
    assert (state.running, ada.ended_at, ada.future, state.alive) == (None, 2, None, 0)


def test_a_new_customer_carries_its_name_recipe_parent_and_arrival_time():
    state = fold(
        [
            ev.TaskCreated(0.5, 1, "main", "main", None, 3),
            ev.TaskCreated(1.5, 2, "Ada", "customer", 1, 7),
        ]
    )
    ada = state.customers[2]
    assert (ada.id, ada.name, ada.coro, ada.parent, ada.created) == (2, "Ada", "customer", 1, 1.5)
    assert (ada.state, ada.line, ada.steps) == (CustomerState.QUEUED, None, 0)
    assert state.customers[1].parent is None
    assert state.alive == 2 and state.now == 1.5


def test_a_cancelled_customer_is_marked_at_the_await_that_raised_cancelled_error():
    events = [
        ev.TaskCreated(0, 1, "sitter", "sitter", None, 3),
        ev.StepStarted(0, 1),
        ev.Suspended(0, 1, 5, (("sitter", 5),), 7, ""),
        ev.Woken(1, 1, 7, True),
        ev.Resumed(1, 1, 7, "CancelledError()"),  # the await at line 5 raises it
        ev.Suspended(1, 1, 8, (("sitter", 8),), 9, ""),  # cleaning up, at line 8
    ]
    sitter = fold(events).customers[1]
    assert sitter.cancelled_at == 5 and sitter.value == "CancelledError()"
    state = fold([*events, ev.Cancelled(1.5, 1)])
    sitter = state.customers[1]
    assert sitter.state is CustomerState.CANCELLED and sitter.ended_at == 1.5
    assert state.at_line == {(5, "cancelled"): {1: None}}  # where it was cancelled, not line 8
    assert state.alive == 0 and state.ended == {CustomerState.CANCELLED: 1}


def test_a_value_handed_back_is_not_a_cancellation():
    state = fold(
        [
            ev.TaskCreated(0, 1, "Ben", "customer", None, 3),
            ev.StepStarted(0, 1),
            ev.Suspended(0, 1, 5, (("customer", 5),), 7, ""),
            ev.Resumed(1, 1, 7, "'espresso'"),
            ev.Cancelled(1, 1),  # cancelled later, not at an await the shop saw raise it
        ]
    )
    ben = state.customers[1]
    assert (ben.value, ben.cancelled_at) == ("'espresso'", None)
    assert state.at_line == {}  # no line to mark it at


def ended_customers(count: int, keep: int | None) -> ShopState:
    """A state that saw `count` customers come and end: done, failed, cancelled in turn."""
    state = ShopState(keep_ended=keep)
    endings = [
        lambda t, task: ev.Finished(t, task, "None"),
        lambda t, task: ev.Failed(t, task, "ValueError", "", 4),
        lambda t, task: ev.Cancelled(t, task),
    ]
    for task in range(1, count + 1):
        state.apply(ev.TaskCreated(task, task, f"c{task}", "customer", None, 3))
        state.apply(endings[task % 3](task + 0.5, task))
    return state


def test_only_the_newest_ended_customers_are_kept_but_every_ending_is_counted():
    state = ended_customers(7, keep=3)
    assert sorted(state.customers) == [5, 6, 7]  # exactly three kept, the newest
    assert state.ended == {  # the totals count the dropped ones too
        CustomerState.FAILED: 3,  # 1, 4, 7
        CustomerState.CANCELLED: 2,  # 2, 5
        CustomerState.DONE: 2,  # 3, 6
    }
    assert {s: n for s, n in state.counts.items() if n} == {
        CustomerState.CANCELLED: 1,
        CustomerState.DONE: 1,
        CustomerState.FAILED: 1,
    }
    assert state.at_line == {(4, "failed"): {7: None}}  # the dropped ones' marks went too
    assert sorted(ended_customers(7, keep=None).customers) == [1, 2, 3, 4, 5, 6, 7]
    assert ended_customers(7, keep=0).customers == {}


def test_a_bare_yield_keeps_the_customer_in_line():
    state = fold(
        [
            ev.TaskCreated(0, 1, "spin", "spin", None, None),
            ev.Scheduled(0, 1),
            ev.StepStarted(0, 1),
            ev.Scheduled(0, 1),
            ev.Suspended(0, 1, 4, (), None, ""),
        ]
    )
    assert state.customers[1].state is CustomerState.QUEUED


def test_brews_are_the_timers_still_pending():
    state = fold(
        [
            ev.TimerScheduled(0, 10, 2.0, None, None, "latte"),
            ev.TimerScheduled(0, 11, 3.0, None, None, "sleep"),
            ev.TimerFired(2.0, 10),
        ]
    )
    assert [b.label for b in state.brews.values()] == ["sleep"]
    assert state.now == 2.0


def test_a_failure_keeps_its_error_and_line():
    state = fold(
        [
            ev.TaskCreated(0, 1, "clumsy", "clumsy", None, None),
            ev.Failed(1, 1, "ValueError", "dropped the cup", 6),
        ]
    )
    c = state.customers[1]
    assert (c.state, c.error, c.line) == (CustomerState.FAILED, "ValueError: dropped the cup", 6)


def recount(state: ShopState) -> tuple[int, Counter, dict]:
    """The frame's figures the slow way, from every customer the state keeps."""
    alive = sum(1 for c in state.customers.values() if not c.state.ended)
    marked: dict[tuple[int, str], set[int]] = {}
    for c in state.customers.values():
        if c.state is CustomerState.FAILED and c.line is not None:
            marked.setdefault((c.line, "failed"), set()).add(c.id)
        elif c.state is CustomerState.CANCELLED and c.cancelled_at is not None:
            marked.setdefault((c.cancelled_at, "cancelled"), set()).add(c.id)
        elif not c.state.ended and c.line is not None:
            marked.setdefault((c.line, "waiting"), set()).add(c.id)
    return alive, Counter(c.state for c in state.customers.values()), marked


@pytest.mark.parametrize(
    ("name", "marked"),
    [
        ("cancellation", {"waiting", "cancelled"}),
        ("failing", {"waiting", "failed"}),
        ("gather", {"waiting"}),
        ("semaphore", {"waiting"}),
        ("queue", {"waiting"}),
    ],
)
def test_the_figures_kept_up_event_by_event_match_a_recount_of_every_customer(name, marked):
    log = run_headless(load_program(program_path(name)), until=120.0).log
    state = ShopState(keep_ended=2)  # the oldest ended customers are dropped along the way
    kinds = set()
    created, endings = 0, Counter()  # told by the events themselves, not by the state
    ending_of = {ev.Finished: "done", ev.Failed: "failed", ev.Cancelled: "cancelled"}
    for event in log.since(0):
        state.apply(event)
        created += isinstance(event, ev.TaskCreated)
        if type(event) in ending_of:
            endings[ending_of[type(event)]] += 1
        assert state.alive == created - endings.total()
        assert {s.value: n for s, n in state.ended.items()} == endings
        alive, counts, at_line = recount(state)
        assert state.alive == alive
        assert {s: n for s, n in state.counts.items() if n} == dict(counts)
        assert {key: set(ids) for key, ids in state.at_line.items()} == at_line
        kinds |= {kind for _, kind in at_line}
    assert kinds == marked  # every kind of mark the program makes came and went


def test_the_board_gets_the_soonest_timers_still_pending_however_many_came_and_went():
    state = ShopState()
    whens = [(i * 7919) % 1000 / 10 for i in range(3_000)]  # scheduled in no order
    for timer, when in enumerate(whens):
        state.apply(ev.TimerScheduled(0, timer, when, None, None, f"t{timer}"))
    for timer in range(0, 3_000, 3):  # a third fired or was cancelled, soonest or not
        gone = ev.TimerFired if timer % 2 else ev.TimerCancelled
        state.apply(gone(whens[timer], timer))
    pending = sorted(state.brews.values(), key=lambda b: b.when)
    assert [b.when for b in state.soonest_brews(6)] == [b.when for b in pending[:6]]
    assert state.soonest_brews(6) == state.soonest_brews(6)  # looking takes nothing away
    assert len(state.soonest_brews(5_000)) == 2_000
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for timer in range(3_000, 30_000):  # a long run of timers, each gone before the next
            state.apply(ev.TimerScheduled(0, timer, 1.0, None, None, "sleep"))
            state.apply(ev.TimerFired(1.0, timer))
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    # gone ones do not pile up: kept, the 27,000 would hold about 2.7 MB (measured; 0.4 without)
    assert grown < 1_000_000 and len(state.brews) == 2_000
    assert [b.when for b in state.soonest_brews(6)] == [b.when for b in pending[:6]]


def test_an_order_slip_is_written_then_handed_in_awaited_or_dropped():
    state = fold(
        [
            ev.TaskCreated(0, 1, "main", "main", None, 3),
            ev.SlipWritten(0, 10, "latte", 1),
            ev.SlipWritten(0, 11, "espresso", 1),
            ev.SlipWritten(0, 12, "mocha", None),
        ]
    )
    assert [(s.id, s.recipe, s.holder, s.state, s.written) for s in state.slips.values()] == [
        (10, "latte", 1, "written", 0),
        (11, "espresso", 1, "written", 0),
        (12, "mocha", None, "written", 0),
    ]
    state.apply(ev.TaskCreated(1, 2, "Task-2", "latte", 1, 7, 10))  # create_task(latte())
    state.apply(ev.SlipAwaited(1, 11, 1))  # await espresso()
    state.apply(ev.SlipDropped(2, 12, "coroutine 'mocha' was never awaited"))
    state.apply(ev.SlipAwaited(2, 99, None))  # one let go already: nothing to update
    latte, espresso, mocha = (state.slips[i] for i in (10, 11, 12))
    assert (latte.state, latte.task) == ("handed in", 2)
    assert (espresso.state, espresso.task) == ("awaited", 1)
    assert (mocha.state, mocha.warning) == ("dropped", "coroutine 'mocha' was never awaited")
    assert state.slips.keys() == {10, 11, 12}


def test_only_the_last_hundred_settled_slips_are_kept():
    state = ShopState()
    for slip in range(KEEP_RESOLVED_SLIPS + 5):
        state.apply(ev.SlipWritten(slip, slip, "latte", None))
    state.apply(ev.SlipWritten(999, 999, "mocha", None))  # never settled: always kept
    for slip in range(KEEP_RESOLVED_SLIPS + 5):
        state.apply(ev.SlipAwaited(slip, slip, None))
    assert sorted(state.slips) == [*range(5, KEEP_RESOLVED_SLIPS + 5), 999]


BLOCK = ev.Blocked(3, 1, 9, 0.4, False)


def _folded_views() -> ShopState:
    """A run's renames, jobs, blocks and measurements, folded as the views read them."""
    return fold(
        [
            ev.TaskCreated(0, 1, "Task-1", "main", None, 3),
            ev.TaskRenamed(0, 1, "barista"),
            ev.JobStarted(1, 5, 1, "grind_beans", 6, "process"),
            ev.JobStarted(1, 7, None, "sleep", 8),
            ev.JobFinished(2, 7),
            ev.JobFinished(2, 99),  # one the shop never saw start: nothing to take away
            BLOCK,
            ev.Blocked(3, 42, None, 0.3, True),  # a customer already gone: the shop still knows
            ev.Measured(4, 1, "4 waits, together", 0.5),
            ev.Measured(5, None, "4 waits, one after another", 2.0),
            ev.Measured(6, 1, "4 waits, together", 0.25),  # measured again: the newer time
        ]
    )


def test_a_renamed_customer_is_shown_by_its_new_name():
    assert _folded_views().customers[1].name == "barista"


def test_only_the_jobs_still_working_are_kept():
    (job,) = _folded_views().jobs.values()
    assert (job.id, job.task, job.function, job.started, job.kind) == (
        5,
        1,
        "grind_beans",
        1,
        "process",
    )


def test_every_block_is_kept_even_one_of_a_customer_already_gone():
    state = _folded_views()
    assert [b.task for b in state.blocks] == [1, 42] and state.customers[1].blocked == BLOCK


def test_each_measurement_keeps_its_newest_time_in_the_order_first_measured():
    state = _folded_views()
    assert state.measured == {"4 waits, together": 0.25, "4 waits, one after another": 2.0}
    assert list(state.measured) == ["4 waits, together", "4 waits, one after another"]


def _ada_scheduled_while_seated_and_ben_during_his_step() -> ShopState:
    """Ada sits at an await; Ben is at the counter; both get their next step queued."""
    return fold(
        [
            ev.TaskCreated(0, 1, "Ada", "customer", None, 3),
            ev.TaskCreated(0, 2, "Ben", "customer", None, 3),
            ev.StepStarted(0, 1),
            ev.Suspended(0, 1, 5, (("customer", 5),), 7, ""),
            ev.StepStarted(0, 2),
            ev.Scheduled(0, 1),  # Ada's next step is queued while Ben is served
            ev.Scheduled(0, 2),  # and Ben's own next one, during his step
        ]
    )


def test_a_customer_scheduled_while_seated_stands_in_line():
    state = _ada_scheduled_while_seated_and_ben_during_his_step()
    assert state.customers[1].state is CustomerState.QUEUED
    assert list(state.queue) == [1, 2]
    assert state.counts[CustomerState.QUEUED] == 1


def test_a_customer_scheduled_during_its_own_step_stays_at_the_counter():
    state = _ada_scheduled_while_seated_and_ben_during_his_step()
    assert state.customers[2].state is CustomerState.RUNNING and state.running == 2
    assert state.counts[CustomerState.RUNNING] == 1


def test_a_customer_cancelled_while_in_line_leaves_the_line():
    state = _ada_scheduled_while_seated_and_ben_during_his_step()
    state.apply(ev.Cancelled(1, 1))
    assert list(state.queue) == [2] and state.running == 2  # Ben is still at the counter


def test_a_failure_with_no_line_of_the_program_is_marked_nowhere():
    state = _ada_scheduled_while_seated_and_ben_during_his_step()
    state.apply(ev.Cancelled(1, 1))  # Ada leaves her await line
    state.apply(ev.Failed(1, 2, "ValueError", "", None))  # no message, no line of the program
    ben = state.customers[2]
    assert (ben.error, ben.line, state.running) == ("ValueError", None, None)
    assert state.at_line == {}


def test_events_of_different_kinds_are_never_equal_even_with_the_same_fields():
    scheduled, started = ev.Scheduled(1.0, 2), ev.StepStarted(1.0, 2)
    again = ev.Scheduled(1.0, 2)
    # == and != are each defined (a tuple's own would compare the fields alone): ask both
    assert (scheduled == started, scheduled != started) == (False, True)
    assert (scheduled == again, scheduled != again) == (True, False)
    assert len({scheduled, started, again}) == 2
