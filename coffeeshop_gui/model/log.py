"""The one append-only log of shop events; views read it from a cursor, never copy it."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from coffeeshop_gui.model.events import KIND, KINDS, Event

_typed = tuple.__new__  # tuple.__new__(Kind, fields) makes the named tuple without checks


class EventLog:
    """An append-only list of events that readers consume from their own index.

    Readers poll (`since(cursor)`) at their own pace instead of being called per event,
    so a burst of thousands of steps costs the UI one read per frame.

    Events are kept as compact records, plain tuples `(kind number, *fields)`: the garbage
    collector stops watching a plain tuple of numbers and strings (it never does for a
    named tuple), so a rush's hundreds of thousands of events cost no collection time.
    `record` is the recorder's hot path; readers get typed events back.
    """

    __slots__ = ("_forgotten", "_records", "record")

    def __init__(self) -> None:
        self._records: list[tuple[object, ...]] = []
        self._forgotten = 0  # events before this index were let go (see `forget`)
        self.record: Callable[[tuple[object, ...]], None] = self._records.append

    def append(self, event: Event) -> None:
        self._records.append((KIND[type(event)], *event))

    def __len__(self) -> int:
        """How many events were ever appended (cursors count from the first)."""
        return self._forgotten + len(self._records)

    def __iter__(self) -> Iterator[Event]:
        """The events still held, oldest first."""
        return (_typed(KINDS[r[0]], r[1:]) for r in self._records)

    def __getitem__(self, index: int) -> Event:
        record = self._records[index if index < 0 else index - self._forgotten]
        return _typed(KINDS[record[0]], record[1:])

    def since(self, cursor: int) -> list[Event]:
        """The events appended at or after `cursor` (still held)."""
        kinds = KINDS
        start = max(0, cursor - self._forgotten)
        return [_typed(kinds[r[0]], r[1:]) for r in self._records[start:]]

    def forget(self, before: int) -> None:
        """Let go of the events before `before`: a reader has folded them already.

        A long run (a rush hour, a soak) would otherwise keep every event it ever made.
        """
        drop = min(before - self._forgotten, len(self._records))
        if drop > 0:
            del self._records[:drop]
            self._forgotten += drop
