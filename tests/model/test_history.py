"""Going back: a past turn folded again from the log equals the shop as it stood then."""

from __future__ import annotations

from collections import deque
from dataclasses import fields, replace
from itertools import pairwise

import pytest
from support import program_path

from coffeeshop_gui.engine.program import load_program
from coffeeshop_gui.loop.headless import run_headless
from coffeeshop_gui.model import events as ev
from coffeeshop_gui.model import history as history_module
from coffeeshop_gui.model.history import TIME_FIELDS, History, same_moment
from coffeeshop_gui.model.log import EventLog
from coffeeshop_gui.model.state import ShopState


def recorded(name: str) -> list[ev.Event]:
    return list(run_headless(load_program(program_path(name)), until=120.0).log)


def watch_live(
    events: list[ev.Event],
    every: int,
    keep: int = 10**9,
    keep_ended=None,
    max_moments=1000,
    max_customers=10**9,
):
    """Fold `events` as the window does, a chunk a frame, feeding a history; returns the
    history, the log and the state the live shop had just before each turn. `events` may
    be the log itself, as the recorder wrote it (a step in one record, model/log.py)."""
    if isinstance(events, EventLog):
        log = events
    else:
        log = EventLog()
        for e in events:
            log.append(e)
    history = History(
        log,
        keep_ended,
        keep_events=keep,
        every=every,
        per_customer=0,
        max_moments=max_moments,
        max_customers=max_customers,
    )
    state = ShopState(keep_ended=keep_ended)
    seen_before_turn: list[ShopState] = []
    cursor = 0
    while cursor < len(log):
        chunk, cursor = log.read(cursor, 7)  # an odd chunk: moments fall mid-chunk
        for e in chunk:
            if isinstance(e, ev.StepStarted | ev.Resumed):
                history.turn_began(state.applied, e)
                seen_before_turn.append(state.copy())
            state.apply(e)
        history.folded(cursor, state)
    return history, log, state, seen_before_turn


@pytest.mark.parametrize("name", ["gather", "cancellation", "slips", "event", "queue", "semaphore"])
def test_every_past_turn_is_the_shop_as_it_stood_then(name):
    events = recorded(name)
    history, _log, _state, seen = watch_live(events, every=5)
    assert history.last_turn == len(seen) > 3
    assert len(history.moments) > 2  # the moments are used, not only the empty shop
    for number, then in enumerate(seen):
        assert history.state_before(number) == then, f"turn {number}"


BARE_YIELDS = """
import asyncio

async def customer(n):
    for _ in range(n):
        await asyncio.sleep(0)

async def main():
    await asyncio.gather(*(customer(n) for n in range(1, 9)))
"""


@pytest.mark.parametrize("stop_every", [2_000, 7, 3])
def test_every_past_turn_shows_as_it_stood_from_a_log_of_whole_steps(
    tmp_path, monkeypatch, stop_every
):
    """The recorder writes a step that wrote nothing else as one record of two or three
    events, which a read never cuts: going back still lands on each turn's first event,
    with stops on the way that end a little past their count (few here, to make many)."""
    path = tmp_path / "bare_yields.py"
    path.write_text(BARE_YIELDS)
    log = run_headless(load_program(path), until=120.0).log
    history, _log, _state, seen = watch_live(log, every=4)
    assert len(seen) > 30
    whole_steps = 0
    cursor = 0
    while cursor < len(log):
        events, cursor = log.read(cursor, 1)
        whole_steps += len(events) > 1
    assert whole_steps > 20  # the case at hand: most steps are one record
    monkeypatch.setattr(history_module, "STOP_EVERY", stop_every)
    for number, then in enumerate(seen):
        history._stops.clear()  # fold from the moment kept, with stops of this size
        history._recent = None
        assert history.state_before(number) == then, f"turn {number}"


def test_a_past_turn_shows_who_was_about_to_be_served_and_where_the_others_sat():
    events = recorded("gather")
    history, _log, _state, _seen = watch_live(events, every=10)
    for number in range(history.last_turn):
        turn = history.turn(number)
        past = history.state_before(number)
        assert turn.task in past.queue  # the customer served next stands in line
        assert past.now <= turn.t


# The two ways a state is kept: a copy (a stop on the way back, the past shown) and a packed
# moment (a moment proper); each folds on again from its `copy()`.
KEEPS = {"copy": ShopState.copy, "packed": ShopState.packed}


@pytest.mark.parametrize("keep", KEEPS.values(), ids=KEEPS.keys())
def test_a_moment_kept_does_not_change_as_the_live_shop_folds_on(keep):
    events = recorded("slips")
    half = len(events) // 2
    live = ShopState()
    live.apply_all(events[:half])
    kept = keep(live)
    live.apply_all(events[half:])
    fresh = ShopState()
    fresh.apply_all(events[:half])
    assert kept.copy() == fresh
    assert kept.copy() != live


def in_order(state: ShopState) -> tuple[list[int], list[int], list[tuple[object, list[int]]]]:
    """What a state holds in an order the picture shows (equality of dicts ignores it): the
    customers, the ready queue (the line at the counter) and who came first to each line."""
    return (
        list(state.customers),
        list(state.queue),
        [(k, list(v)) for k, v in state.at_line.items()],
    )


def test_a_packed_moment_gives_the_line_and_the_marks_back_in_their_order():
    events = recorded("io_waits")  # answers from outside queue tasks out of their order
    state, seen = ShopState(), 0
    for e in events:
        state.apply(e)
        if len(state.queue) > 1 or any(len(ids) > 1 for ids in state.at_line.values()):
            seen += 1
            assert in_order(state.packed().copy()) == in_order(state)
    assert seen > 3  # moments with a line of two or more, or two marked at one line


def mutable(value: object) -> bool:
    return isinstance(value, dict | list | set | deque)


@pytest.mark.parametrize("keep", KEEPS.values(), ids=KEEPS.keys())
def test_a_copy_shares_no_container_and_no_record_that_folding_changes_in_place(keep):
    """Every container of the state, and of each record in it, is its own in a copy: a
    field added to the state later without a copy in `ShopState.copy` fails here. The
    customers are shared until changed: each state owns none of the shared ones."""
    events = recorded("io_waits") if program_path("io_waits").exists() else recorded("gather")
    live = ShopState()
    live.apply_all(events[: len(events) // 2])
    kept = keep(live).copy()
    for f in fields(ShopState):
        value = getattr(live, f.name)
        if mutable(value):
            assert getattr(kept, f.name) is not value, f.name
    for name in ("slips", "lines", "_numbers"):
        for key, record in getattr(live, name).items():
            twin = getattr(kept, name)[key]
            assert twin is not record, name
            for attr in getattr(record, "__slots__", ()):
                if mutable(getattr(record, attr)):
                    assert getattr(twin, attr) is not getattr(record, attr), f"{name}.{attr}"
    for c in live.customers.values():
        assert c.gen not in (live._gen, kept._gen)  # shared: neither may change it in place


@pytest.mark.parametrize("keep", KEEPS.values(), ids=KEEPS.keys())
def test_folding_on_after_a_copy_changes_neither_the_copy_nor_a_copy_of_the_copy(keep):
    events = recorded("cancellation")
    third = len(events) // 3
    live = ShopState()
    live.apply_all(events[:third])
    kept = keep(live)
    live.apply_all(events[third : 2 * third])
    kept_later = keep(live)
    branch = kept.copy()  # as going back does: a moment copied, then folded on
    branch.apply_all(events[third:])
    live.apply_all(events[2 * third :])
    fresh = ShopState()
    fresh.apply_all(events[:third])
    assert kept.copy() == fresh
    fresh.apply_all(events[third : 2 * third])
    assert kept_later.copy() == fresh
    fresh.apply_all(events[2 * third :])
    assert live == fresh and branch == fresh


def test_the_history_lets_the_oldest_turns_go_past_its_bound_and_says_how_far_it_reaches():
    events = recorded("gather")  # 27 events, 6 turns
    history, log, _state, seen = watch_live(events, every=5, keep=10)
    assert history.first_turn > 0  # the oldest went
    assert history.first_position() > 0  # and the log before them may be forgotten
    log.forget(history.first_position())
    for number in range(history.first_turn, history.last_turn):
        assert history.state_before(number) == seen[number], f"turn {number}"
    with pytest.raises(IndexError):
        history.turn(history.first_turn - 1 - len(history.turns))


def test_a_history_with_ended_customers_dropped_still_agrees_with_the_live_shop():
    events = recorded("gather")
    history, _log, _state, seen = watch_live(events, every=5, keep_ended=1)
    for number, then in enumerate(seen):
        assert history.state_before(number) == then


def shifted(events: list[ev.Event], by: float) -> list[ev.Event]:
    return [e._replace(t=e.t + by) for e in events]


def test_two_runs_started_at_different_clock_times_are_the_same_moment():
    events = recorded("gather")
    first, second = ShopState(), ShopState()
    first.apply_all(events)
    second.apply_all(shifted(events, 7.25))
    assert same_moment(first, 0.0, second, 7.25)
    assert not same_moment(first, 0.0, second, 0.0)  # unless their starts are forgotten


def test_a_task_asyncio_named_is_the_same_whatever_number_the_process_gave_it():
    """asyncio names a task given no name `Task-<n>` from one counter for the whole
    process: a replay's are numbered on from the run before. A name of the program's own
    still counts."""
    events = recorded("gather")
    first = ShopState()
    first.apply_all(events)
    unnamed = [c for c in first.customers.values() if c.name.startswith("Task-")]
    assert unnamed  # gather's two brews
    replayed = first.copy()
    for c in unnamed:
        replayed.customers[c.id] = replace(c, name=f"Task-{int(c.name[5:]) + 40}")
    assert same_moment(first, 0.0, replayed, 0.0)
    renamed = first.copy()
    renamed.customers[unnamed[0].id] = replace(unnamed[0], name="brewer")
    assert not same_moment(first, 0.0, renamed, 0.0)


def test_a_different_line_or_a_later_time_is_not_the_same_moment():
    events = recorded("gather")
    first = ShopState()
    first.apply_all(events)
    elsewhere = first.copy()
    some = next(iter(elsewhere.customers.values()))
    elsewhere.customers[some.id] = replace(some, line=(some.line or 0) + 1)  # its own record
    assert not same_moment(first, 0.0, elsewhere, 0.0)
    later = ShopState()
    later.apply_all(
        [e._replace(t=e.t + 0.2 * (i > len(events) // 2)) for i, e in enumerate(events)]
    )
    assert not same_moment(first, 0.0, later, 0.0)


def test_moments_are_kept_every_so_many_events_and_the_oldest_go_past_the_bound():
    """Folded one event at a time, every 3 events, bound 1: each step of the rule is seen."""
    events = recorded("gather")
    log = EventLog()
    for e in events:
        log.append(e)
    history = History(log, keep_events=1, every=3, per_customer=0)
    state = ShopState()
    held, turns_at, position = [], [], 0
    for _ in range(12):
        (e,), position = log.read(position, 1)
        if isinstance(e, ev.StepStarted | ev.Resumed):
            history.turn_began(state.applied, e)
            turns_at.append(state.applied)
        state.apply(e)
        history.folded(position, state)
        held.append([m.applied for m in history.moments])
        oldest = history.moments[0].applied
        # a turn that began at or after the oldest moment can still be shown; earlier ones went
        assert history.first_turn == sum(at < oldest for at in turns_at)
        for number in range(history.first_turn, history.last_turn):
            assert history.before(number)[1] == events[history.turn(number).applied]
    assert held == [
        [0], [0], [0, 3], [0, 3], [3], [3, 6], [3, 6], [6], [6, 9], [6, 9], [9], [9, 12]
    ]  # fmt: skip
    assert history.first_turn > 0


def _moments_kept(per_customer: float) -> tuple:
    """The moments a history keeps of the gather program (main and two brews: three
    customers), folded one event at a time as the live shop folds."""
    log = EventLog()
    for e in recorded("gather"):
        log.append(e)
    history = History(log, every=1, per_customer=per_customer)
    state, position = ShopState(), 0
    while position < len(log):
        (e,), position = log.read(position, 1)
        state.apply(e)
        history.folded(position, state)
    return history.moments


def test_a_moment_is_kept_no_sooner_than_so_many_events_a_customer():
    kept = _moments_kept(per_customer=3)
    assert len(kept) > 2
    for before, after in pairwise(kept):
        assert after.applied - before.applied == 3 * after.customers


def test_the_same_moment_counts_times_inside_events_and_compares_chains_and_blocks():
    events = recorded("gather")
    middle = next(i for i, e in enumerate(events) if isinstance(e, ev.Suspended)) + 1
    first, second = _folded(events[:middle]), _folded(all_times_shifted(events[:middle], 7.25))
    waiting = next(c for c in second.customers.values() if c.chain)  # its await chain shown
    block = ev.Blocked(0.5, waiting.id, 3, 0.25, False)
    first.blocks.append(block)
    second.blocks.append(block._replace(t=block.t + 7.25))
    assert same_moment(first, 0.0, second, 7.25)  # a block's time counts from the start too
    moved = second.copy()
    moved.blocks = [block._replace(t=block.t + 8.25)]
    assert not same_moment(first, 0.0, moved, 7.25)
    frame = waiting.chain[-1]
    elsewhere = second.copy()
    chain = (*waiting.chain[:-1], (frame[0], frame[1] + 1))  # (file, line)
    elsewhere.customers[waiting.id] = replace(waiting, chain=chain)
    assert not same_moment(first, 0.0, elsewhere, 7.25)  # only the await chain differs


def all_times_shifted(events: list[ev.Event], by: float) -> list[ev.Event]:
    """Every shop time in the events later by `by` (a timer's `when` too)."""
    return [
        e._replace(**{f: getattr(e, f) + by for f in e._fields if f in TIME_FIELDS}) for e in events
    ]


def _folded(events: list[ev.Event]) -> ShopState:
    state = ShopState()
    state.apply_all(events)
    return state


def test_a_moment_may_be_kept_at_a_fraction_of_an_event_a_customer():
    kept = _moments_kept(per_customer=1.5)  # 4 events apart with three customers
    assert len(kept) > 2
    for before, after in pairwise(kept):
        assert after.applied - before.applied == int(1.5 * len(after.state.customers))


@pytest.mark.parametrize("name", ["gather", "slips", "queue"])
def test_past_its_most_moments_every_other_goes_and_every_turn_still_shows_as_it_was(name):
    events = recorded(name)
    history, _log, _state, seen = watch_live(events, every=2, max_moments=3)
    kept = [m.applied for m in history.moments]
    assert len(kept) <= 3 and history.spacing >= 2  # thinned out, three at most kept
    assert kept[0] == 0  # the oldest stays: every turn can still be shown
    for number, then in enumerate(seen):
        assert history.state_before(number) == then, f"turn {number}"


@pytest.mark.parametrize("name", ["gather", "slips", "queue"])
def test_past_its_most_customers_in_moments_every_other_goes_and_every_turn_still_shows(name):
    """A moment costs memory by its customers: past `max_customers` in all the moments
    kept, they are thinned as past `max_moments`, and the past is still as it was."""
    events = recorded(name)
    history, _log, state, seen = watch_live(events, every=2)
    most = sum(len(m.state.customers) for m in history.moments) // 3
    assert most >= len(state.customers)  # more than a few moments' worth, all kept
    history, _log, _state, seen = watch_live(events, every=2, max_customers=most)
    assert sum(len(m.state.customers) for m in history.moments) <= most
    assert history.spacing >= 2 and history.moments[0].applied == 0
    for number, then in enumerate(seen):
        assert history.state_before(number) == then, f"turn {number}"
