"""The one append-only log of shop events; views read it from a cursor, never copy it."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from coffeeshop_gui.model.events import KIND, KINDS, Event

_typed = tuple.__new__  # tuple.__new__(Kind, fields) makes the named tuple without checks


def _event(record: tuple[object, ...]) -> Event:
    """The typed event a compact record stands for."""
    return _typed(KINDS[record[0]], record[1:])


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
        return map(_event, self._records)

    def __getitem__(self, index: int) -> Event:
        return _event(self._records[index if index < 0 else index - self._forgotten])

    def since(self, cursor: int) -> list[Event]:
        """The events appended at or after `cursor` (still held)."""
        return list(map(_event, self._records[max(0, cursor - self._forgotten) :]))

    def forget(self, before: int) -> None:
        """Let go of the events before `before`: a reader has folded them already.

        A long run (a rush hour, a soak) would otherwise keep every event it ever made.
        """
        drop = min(before - self._forgotten, len(self._records))
        if drop > 0:
            del self._records[:drop]
            self._forgotten += drop
