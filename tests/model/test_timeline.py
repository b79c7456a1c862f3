"""The timeline's lanes agree, turn by turn, with the shop state folded from the same log."""

from __future__ import annotations

from itertools import pairwise

import pytest
from support import program_path

from coffeeshop_gui.engine.program import load_program
from coffeeshop_gui.loop.headless import run_headless
from coffeeshop_gui.model import events as ev
from coffeeshop_gui.model.state import CustomerState, ShopState
from coffeeshop_gui.model.timeline import KINDS, Lane, Timeline

KIND_OF = {
    CustomerState.QUEUED: "ready",
    CustomerState.WAITING: "waiting",
    CustomerState.DONE: "done",
    CustomerState.FAILED: "failed",
    CustomerState.CANCELLED: "cancelled",
}


def fold_both(name: str) -> tuple[Timeline, list[ShopState]]:
    """The timeline of a real run, and the state just before each of its turns."""
    events = list(run_headless(load_program(program_path(name)), until=120.0).log)
    timeline, state, before = Timeline(), ShopState(), []
    for e in events:
        if isinstance(e, ev.StepStarted | ev.Resumed):
            before.append(state.copy())
        timeline.apply(e)
        state.apply(e)
    return timeline, before


@pytest.mark.parametrize("name", ["gather", "cancellation", "failing", "event", "queue"])
def test_at_each_turn_each_lane_says_what_the_state_said(name):
    timeline, before = fold_both(name)
    assert timeline.turns == len(before) > 3
    for turn, state in enumerate(before):
        served = timeline.served_at(turn)
        assert timeline.lanes[served].at(turn)[0] in ("running", "blocked"), f"turn {turn}"
        for tid, c in state.customers.items():
            if tid == served:
                continue
            kind, line = timeline.lanes[tid].at(turn)
            assert kind == KIND_OF[c.state], f"turn {turn}: {c.name}"
            if kind == "waiting":
                assert line == c.line, f"turn {turn}: {c.name}"


def test_the_cashier_lane_is_who_was_served_at_each_turn_in_order():
    timeline, before = fold_both("gather")
    for turn, state in enumerate(before):
        assert timeline.served_at(turn) in state.queue  # in line just before it was served
    assert timeline.times == sorted(timeline.times)


def test_the_counts_at_each_turn_add_up_to_the_customers_then():
    timeline, before = fold_both("cancellation")
    for turn, state in enumerate(before):
        counts = timeline.counts_at(turn)
        assert counts["ready"] + counts["running"] + counts["blocked"] == len(state.queue)
        assert sum(counts.values()) == len(state.customers)


def test_a_lane_spans_run_end_to_end_and_the_open_one_reaches_now():
    lane = Lane(1, "Ada", [(0, "ready", None), (2, "running", None), (3, "waiting", 17)])
    assert lane.spans(10) == [
        (0, 2, "ready", None),
        (2, 3, "running", None),
        (3, 10, "waiting", 17),
    ]
    assert lane.at(1) == ("ready", None) and lane.at(5) == ("waiting", 17)
    assert Lane(2, "Ben", [(4, "ready", None)]).at(3) is None


def test_a_blocking_call_marks_its_turn_blocked_with_its_line():
    timeline = Timeline()
    for e in (
        ev.TaskCreated(0, 1, "rude", "rude", None, 3),
        ev.Scheduled(0, 1),
        ev.StepStarted(0, 1),
        ev.Blocked(1.0, 1, 7, 1.0, False),
        ev.Finished(1.0, 1, "None"),
    ):
        timeline.apply(e)
    assert timeline.lanes[1].at(0) == ("blocked", 7)
    assert timeline.lanes[1].at(1) == ("done", None)


def _gather_forgotten_before_turn_4() -> tuple[Timeline, tuple[int, int], set[int]]:
    """gather's timeline with turns 0-3 let go; its newest turn and who was served in it, and
    the customers whose lane ended before turn 4."""
    timeline, _before = fold_both("gather")
    ended_early = {t for t, lane in timeline.lanes.items() if lane.runs[-1][0] < 4}
    newest = (timeline.turns - 1, timeline.served_at(timeline.turns - 1))
    timeline.forget_before(4)
    return timeline, newest, ended_early


def test_forgetting_old_turns_keeps_the_newer_ones():
    timeline, (turn, served), _ended_early = _gather_forgotten_before_turn_4()
    assert timeline.first == 4 and timeline.turns - 1 == turn
    assert timeline.served_at(turn) == served


def test_forgetting_old_turns_keeps_only_the_customers_still_in_the_newer_ones():
    timeline, (_turn, newest), ended_early = _gather_forgotten_before_turn_4()
    assert newest in timeline.lanes
    for tid in ended_early:
        lane = timeline.lanes.get(tid)
        assert lane is None or lane.runs[-1][1] not in ("done", "failed", "cancelled")


def test_an_open_run_that_began_at_the_last_column_spans_that_one_column():
    lane = Lane(1, "Ada", [(0, "ready", None), (5, "running", None)])
    assert lane.spans(5) == [(0, 5, "ready", None), (5, 6, "running", None)]


def test_a_lane_follows_its_tasks_rename():
    timeline, _before = fold_both("rename")
    assert sorted(lane.name for lane in timeline.lanes.values()) == ["barista", "main"]


def test_each_lane_knows_its_own_task():
    timeline, _before = fold_both("rename")
    assert all(lane.task == tid for tid, lane in timeline.lanes.items())


def test_a_failed_lane_keeps_the_line_it_failed_at():
    events = list(run_headless(load_program(program_path("failing")), until=120.0).log)
    timeline = Timeline()
    for e in events:
        timeline.apply(e)
    failed = [e for e in events if isinstance(e, ev.Failed)]
    assert failed and all(e.line is not None for e in failed)
    for e in failed:
        assert timeline.lanes[e.task].runs[-1][1:] == ("failed", e.line)


ENDED = {
    "gather": CustomerState.DONE,
    "failing": CustomerState.FAILED,
    "cancellation": CustomerState.CANCELLED,
}


def _rude_then_polite() -> Timeline:
    timeline = Timeline()
    for e in (
        ev.TaskCreated(0, 1, "rude", "rude", None, 3),
        ev.TaskCreated(0, 2, "polite", "polite", None, 3),
        ev.Scheduled(0, 1),
        ev.Scheduled(0, 2),
        ev.StepStarted(0, 1),
        ev.Blocked(1.0, 1, 7, 1.0, False),
        ev.Finished(1.0, 1, "None"),
        ev.StepStarted(1.0, 2),
        ev.Suspended(1.0, 2, 9, (), None, ""),
        ev.Blocked(1.5, 2, 8, 0.5, False),  # not at the counter any more: nothing to mark
    ):
        timeline.apply(e)
    return timeline


def test_a_block_counts_once_and_marks_only_a_customer_at_the_counter():
    timeline = _rude_then_polite()
    assert timeline.counts_at(1) == dict.fromkeys(KINDS, 0) | {"running": 1, "done": 1}
    assert timeline.lanes[2].at(1) == ("running", None)
    assert timeline.lanes[2].spans(3)[1:] == [(1, 2, "running", None), (2, 3, "waiting", 9)]
    assert timeline.lanes[1].at(0) == ("blocked", 7)


def test_no_lane_repeats_a_kind_and_line_in_two_runs_in_a_row():
    for name in ("gather", "queue", "taskgroup"):
        timeline, _before = fold_both(name)
        for lane in timeline.lanes.values():
            kinds = [run[1:] for run in lane.runs]  # a turn at the counter is a run of its own
            assert all(a != b or a[0] == "running" for a, b in pairwise(kinds)), lane


@pytest.mark.parametrize("name", ["gather", "failing", "cancellation"])
def test_forgetting_lets_go_exactly_the_customers_that_ended_before_the_oldest_turn_kept(name):
    timeline, before = fold_both(name)
    by_turn = [timeline.served_at(turn) for turn in range(timeline.turns)]
    counts = [timeline.counts_at(turn) for turn in range(timeline.turns)]
    # the first turn by which someone had ended (and was not served again)
    first = next(
        k for k, s in enumerate(before) if any(c.state.ended for c in s.customers.values())
    )
    total = timeline.turns
    timeline.forget_before(first)
    timeline.forget_before(first)  # again: nothing more goes
    timeline.forget_before(first + 1)  # one turn on
    assert timeline.first == first + 1 and timeline.turns == total
    for turn in range(first + 1, total):
        assert timeline.served_at(turn) == by_turn[turn]
        assert timeline.counts_at(turn) == counts[turn]
    gone = {tid for tid, c in before[first].customers.items() if c.state.ended}
    assert ENDED[name] in {before[first].customers[tid].state for tid in gone}
    assert set(timeline.lanes) == set(before[-1].customers) - gone
