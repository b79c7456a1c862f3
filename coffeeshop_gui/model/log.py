"""The one append-only log of shop events; views read it from a cursor, never copy it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any

from coffeeshop_gui.model.events import KIND, KINDS, Event

_typed = tuple.__new__  # tuple.__new__(Kind, fields) makes the named tuple without checks
_SIZES = tuple(len(kind._fields) for kind in KINDS)  # fields of each kind, after its number


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
    """

    __slots__ = ("_flat", "_forgotten", "record")

    def __init__(self) -> None:
        self._flat: list[Any] = []  # kind numbers and fields, one after another
        self._forgotten = 0  # positions before this one were let go (see `forget`)
        # record((kind number, *fields)): write one event, every field of its kind given
        self.record: Callable[[Iterable[object]], None] = self._flat.extend

    def append(self, event: Event) -> None:
        self._flat.append(KIND[type(event)])
        self._flat.extend(event)

    def __len__(self) -> int:
        """The position after the last event: where a reader that has seen all resumes."""
        return self._forgotten + len(self._flat)

    def __iter__(self) -> Iterator[Event]:
        """The events still held, oldest first."""
        return _decode(self._flat, 0)

    def since(self, cursor: int) -> list[Event]:
        """The events written at or after `cursor` (a position from `len(log)`), still held."""
        return list(_decode(self._flat, max(0, cursor - self._forgotten)))

    def read(self, cursor: int, limit: int | None = None) -> tuple[list[Event], int]:
        """At most `limit` events from `cursor` on, and the cursor after them: a reader
        that folds a bounded number a frame resumes there next time."""
        if limit is None:
            return self.since(cursor), len(self)
        start = max(0, cursor - self._forgotten)
        events, end = [], start
        for event, end in islice(_walk(self._flat, start), limit):  # noqa: B007
            events.append(event)
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
        flat, end, drop = self._flat, min(before - self._forgotten, len(self._flat)), 0
        while drop < end and drop + 1 + _SIZES[flat[drop]] <= end:
            drop += 1 + _SIZES[flat[drop]]
        if drop > 0:
            del flat[:drop]
            self._forgotten += drop


def _decode(flat: list[Any], start: int) -> Iterator[Event]:
    """The typed events of a flat list, from position `start` (the start of an event)."""
    for event, _after in _walk(flat, start):
        yield event


def _walk(flat: list[Any], start: int) -> Iterator[tuple[Event, int]]:
    """Each typed event from position `start` on, with the position after it."""
    position, end = start, len(flat)
    while position < end:
        kind = flat[position]
        after = position + 1 + _SIZES[kind]
        yield _typed(KINDS[kind], flat[position + 1 : after]), after
        position = after
