"""The one append-only log of shop events; views read it from a cursor, never copy it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from operator import itemgetter
from typing import Any

from coffeeshop_gui.model.events import (
    KIND,
    KINDS,
    Event,
    Resumed,
    Scheduled,
    StepStarted,
    Suspended,
)

_typed = tuple.__new__  # tuple.__new__(Kind, fields) makes the named tuple without checks

# A whole task step in one record. The recorder writes one when nothing else was written
# while the step ran (the common case in a rush): a record a step, not two or three. Read
# back, it is the events it stands for, in their order. Its fields, after its number: the
# task, the start's time (and a Resumed's future and value), then a Suspended's fields
# after its task (t, line, chain, future, awaiting, locals). The *_AGAIN kinds stand for a
# Scheduled too, at the Suspended's time: the task queued its own next step as its step's
# last act (a bare `yield`).
STEP, STEP_AGAIN, RESUMED_STEP, RESUMED_AGAIN = range(len(KINDS), len(KINDS) + 4)
_STEP_END = {STEP: 2, STEP_AGAIN: 2, RESUMED_STEP: 4, RESUMED_AGAIN: 4}  # the field t's place


# Run once, at import, before mutmut can switch a mutant on: its 47 mutants would all
# "survive" untried. Changes planted by hand in it (a field's place, a kind, the at) each fail
# tests/model/test_log.py (tests/README.md, mutation testing).
# pragma: no mutate start
def _parts(kind: int) -> tuple[tuple[type[Event], Callable[[Any], tuple[Any, ...]]], ...]:
    """Each event a step record stands for, and how its fields are taken from the record's."""
    at = _STEP_END[kind]
    parts: list[tuple[type[Event], Callable[[Any], tuple[Any, ...]]]] = [
        (Resumed, itemgetter(1, 0, 2, 3)) if at == 4 else (StepStarted, itemgetter(1, 0))
    ]
    if kind in (STEP_AGAIN, RESUMED_AGAIN):
        parts.append((Scheduled, itemgetter(at, 0)))
    parts.append((Suspended, itemgetter(at, 0, *range(at + 1, at + 6))))
    return tuple(parts)


# pragma: no mutate end


_STEPS = {kind: _parts(kind) for kind in _STEP_END}
_PLAIN = len(KINDS)  # kind numbers from here on are step records
# Fields of each kind, after its number.
_SIZES = tuple(len(kind._fields) for kind in KINDS) + tuple(at + 6 for at in _STEP_END.values())


class EventLog:
    """An append-only list of events that readers consume from their own cursor.

    Readers poll (`since(cursor)`) at their own pace instead of being called per event,
    so a burst of thousands of steps costs the UI one read per frame.

    Events are stored flat, one list of `kind number, *fields, kind number, *fields, ...`:
    a rush writes hundreds of thousands of events, and a tuple per event would be one
    more object for the garbage collector to visit (measured: a third of the cost of
    recording a rush). Numbers and strings in a list cost it nothing. `record` is the
    recorder's hot path; readers get typed events back. A cursor (`len(log)`) is a
    position in the flat list, so only cursors this log handed out are meaningful.

    The recorder also writes a whole step as one record (STEP and the like, above), and may
    put a step's start in front of what the step wrote (`flat`): only while the step runs,
    before any reader can have seen the positions after it.
    """

    __slots__ = ("_forgotten", "flat", "record")

    def __init__(self) -> None:
        # Kind numbers and fields, one after another: the recorder's to write, no one's to read.
        self.flat: list[Any] = []
        self._forgotten = 0  # positions before this one were let go (see `forget`)
        # record((kind number, *fields)): write one event, every field of its kind given
        self.record: Callable[[Iterable[object]], None] = self.flat.extend

    def append(self, event: Event) -> None:
        self.flat.append(KIND[type(event)])
        self.flat.extend(event)

    def __len__(self) -> int:
        """The position after the last event: where a reader that has seen all resumes."""
        return self._forgotten + len(self.flat)

    def __iter__(self) -> Iterator[Event]:
        """The events still held, oldest first."""
        return _decode(self.flat, 0)

    def since(self, cursor: int) -> list[Event]:
        """The events written at or after `cursor` (a position from `len(log)`), still held."""
        return list(_decode(self.flat, max(0, cursor - self._forgotten)))

    def read(self, cursor: int, limit: int | None = None) -> tuple[list[Event], int]:
        """About `limit` events from `cursor` on, and the cursor after them: a reader
        that folds a bounded number a frame resumes there next time. A step record's
        events come together (a cursor never points inside one): up to two more."""
        if limit is None:
            return self.since(cursor), len(self)
        start = max(0, cursor - self._forgotten)
        events: list[Event] = []
        end = start
        if limit <= 0:
            return events, self._forgotten + end
        for event, after in _walk(self.flat, start):
            events.append(event)
            if after is not None:  # not inside a step record: a reader may resume here
                end = after
                if len(events) >= limit:
                    break
        return events, self._forgotten + end

    def last(self) -> Event | None:
        """The newest event, if any is held."""
        newest = None
        for newest in self:  # noqa: B007 (the flat list is read from the front only)
            pass
        return newest

    def forget(self, before: int) -> None:
        """Let go of the events before position `before`: a reader has folded them already.

        A long run (a rush hour, a soak) would otherwise keep every event it ever made.
        Stops at the start of the event `before` falls in, so no event is cut in two.
        """
        flat, end, drop = self.flat, min(before - self._forgotten, len(self.flat)), 0
        while drop < end and drop + 1 + _SIZES[flat[drop]] <= end:
            drop += 1 + _SIZES[flat[drop]]
        if drop > 0:
            del flat[:drop]
            self._forgotten += drop


def _decode(flat: list[Any], start: int) -> Iterator[Event]:
    """The typed events of a flat list, from position `start` (the start of an event)."""
    for event, _after in _walk(flat, start):
        yield event


def _walk(flat: list[Any], start: int) -> Iterator[tuple[Event, int | None]]:
    """Each typed event from position `start` on, with the position after it (None for all
    but the last event of a step record: no reader resumes inside one)."""
    position, end = start, len(flat)
    while position < end:
        kind = flat[position]
        after = position + 1 + _SIZES[kind]
        if kind < _PLAIN:
            yield _typed(KINDS[kind], flat[position + 1 : after]), after
        else:
            fields = flat[position + 1 : after]
            parts = _STEPS[kind]
            for event, taken in parts[:-1]:
                yield _typed(event, taken(fields)), None
            event, taken = parts[-1]
            yield _typed(event, taken(fields)), after
        position = after
