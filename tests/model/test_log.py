"""The event log hands back exactly the events written, from any cursor it gave out."""

from __future__ import annotations

from coffeeshop_gui.model import events as ev
from coffeeshop_gui.model.log import RESUMED_AGAIN, RESUMED_STEP, STEP, STEP_AGAIN, EventLog

WRITTEN = [
    ev.TaskCreated(0.0, 1, "main", "main", None, 3),
    ev.Scheduled(0.0, 1),
    ev.StepStarted(0.1, 1),
    ev.Suspended(0.1, 1, 5, (("main", 5),), 7, "", (("cups", "3"),)),
    ev.Woken(1.1, 1, 7, False),
    ev.Resumed(1.2, 1, 7, "'latte'"),
    ev.Finished(1.2, 1, "None"),
]


def written_log() -> EventLog:
    log = EventLog()
    for event in WRITTEN:
        if isinstance(event, ev.Scheduled | ev.StepStarted):
            log.record((ev.KIND[type(event)], *event))  # the recorder's compact hot path
        else:
            log.append(event)
    return log


def test_events_come_back_typed_and_in_order_however_they_were_written():
    log = written_log()
    events = list(log)
    assert events == WRITTEN
    assert [type(e) for e in events] == [type(e) for e in WRITTEN]
    assert log.last() == WRITTEN[-1]


def test_a_reader_resumes_from_its_cursor_and_misses_nothing():
    log = EventLog()
    cursor, seen = 0, []
    for event in WRITTEN:
        log.append(event)
        seen += log.since(cursor)
        cursor = len(log)
    assert seen == WRITTEN
    assert log.since(cursor) == []


def test_forgetting_lets_old_events_go_without_cutting_one_in_two():
    log = written_log()
    middle = len(log) // 2  # a position inside some event
    log.forget(middle)
    kept = list(log)
    assert kept == WRITTEN[-len(kept) :]  # whole events, the newest ones
    assert len(kept) < len(WRITTEN)
    assert log.since(len(log)) == []
    assert log.since(0) == kept  # what was let go is gone, the rest is intact


def test_a_reader_folding_a_few_a_frame_gets_every_event_once_in_order():
    log = written_log()
    cursor, frames = 0, []
    while cursor < len(log):
        events, cursor = log.read(cursor, 3)  # at most three a frame
        frames.append(events)
    assert [len(f) for f in frames] == [3, 3, 1]
    assert [e for f in frames for e in f] == WRITTEN
    log.forget(log.read(0, 2)[1])  # the first two folded and let go: cursors still hold
    assert log.read(cursor, 3) == ([], len(log))
    assert log.read(0, None)[0] == WRITTEN[2:]


def test_forgetting_twice_or_everything_keeps_every_event_not_yet_read():
    log = written_log()
    _, third = log.read(0, 3)  # the cursor after three events
    log.forget(third)
    log.forget(third)  # the same reader says so again: nothing more may go
    assert list(log) == WRITTEN[3:]
    assert log.since(third) == WRITTEN[3:]
    log.forget(len(log))  # a reader that has folded all of it
    assert list(log) == [] and log.last() is None
    assert log.since(0) == [] and len(log) == len(written_log())  # cursors still hold
    log.append(WRITTEN[0])
    assert log.since(len(written_log())) == [WRITTEN[0]]


def test_forgetting_up_to_any_position_keeps_whole_events_and_all_from_there_on():
    whole = len(written_log())
    starts = [0]  # where each event starts in the log, read back from the cursors it gives
    while starts[-1] < whole:
        starts.append(written_log().read(starts[-1], 1)[1])
    for before in range(whole + 1):
        log = written_log()
        log.forget(before)
        kept = list(log)
        first = max(i for i, start in enumerate(starts) if start <= before)  # not cut in two
        assert kept == WRITTEN[first:], before
        assert len(log) == whole and log.since(starts[first]) == kept


# -- a whole step in one record (the recorder's, see model/log.py) ------------------------

CHAIN = (("main", 5),)
STEPS = [
    # kind, its fields, the events it stands for
    (
        STEP,
        (1, 0.1, 0.2, 5, CHAIN, 7, "", ()),
        [
            ev.StepStarted(0.1, 1),
            ev.Suspended(0.2, 1, 5, CHAIN, 7, "", ()),
        ],
    ),
    (
        STEP_AGAIN,
        (2, 0.3, 0.4, 6, CHAIN, None, "", (("n", "1"),)),
        [
            ev.StepStarted(0.3, 2),
            ev.Scheduled(0.4, 2),
            ev.Suspended(0.4, 2, 6, CHAIN, None, "", (("n", "1"),)),
        ],
    ),
    (
        RESUMED_STEP,
        (3, 0.5, 9, "'latte'", 0.6, None, (), 11, "Event", ()),
        [
            ev.Resumed(0.5, 3, 9, "'latte'"),
            ev.Suspended(0.6, 3, None, (), 11, "Event", ()),
        ],
    ),
    (
        RESUMED_AGAIN,
        (4, 0.7, 12, "None", 0.8, 8, CHAIN, None, "", ()),
        [
            ev.Resumed(0.7, 4, 12, "None"),
            ev.Scheduled(0.8, 4),
            ev.Suspended(0.8, 4, 8, CHAIN, None, "", ()),
        ],
    ),
]


def stepped_log() -> tuple[EventLog, list[ev.Event]]:
    """A log of plain events and step records, one after another, and what it holds."""
    log, held = EventLog(), []
    for (kind, fields, stands_for), plain in zip(STEPS, WRITTEN, strict=False):
        log.append(plain)
        log.record((kind, *fields))
        held += [plain, *stands_for]
    return log, held


def test_a_step_record_reads_back_as_the_events_it_stands_for_in_their_order():
    log, held = stepped_log()
    events = list(log)
    assert events == held
    assert [type(e) for e in events] == [type(e) for e in held]
    assert log.last() == held[-1]
    assert log.since(0) == held


def test_a_reader_never_stops_inside_a_step_record_so_it_misses_and_repeats_nothing():
    log, held = stepped_log()
    for limit in (1, 2, 3):
        cursor, seen = 0, []
        while cursor < len(log):
            events, cursor = log.read(cursor, limit)
            assert events, "a reader that reads nothing would never get on"
            seen += events
            assert log.since(cursor) == held[len(seen) :]  # read on from here: the rest, whole
        assert seen == held
    assert log.read(0, 0) == ([], 0)


def test_forgetting_never_cuts_a_step_record_in_two():
    log, held = stepped_log()
    for before in range(len(log) + 1):
        log_, _ = stepped_log()
        log_.forget(before)
        kept = list(log_)
        assert kept == held[len(held) - len(kept) :]
