"""The one append-only log of shop events; views read it from a cursor, never copy it."""

from __future__ import annotations

from collections.abc import Iterator

from coffeeshop_gui.model.events import Event


class EventLog:
    """An append-only list of events that readers consume from their own index.

    Readers poll (`since(cursor)`) at their own pace instead of being called per event,
    so a burst of thousands of steps costs the UI one read per frame.
    """

    __slots__ = ("_events", "_forgotten")

    def __init__(self) -> None:
        self._events: list[Event] = []
        self._forgotten = 0  # events before this index were let go (see `forget`)

    def append(self, event: Event) -> None:
        self._events.append(event)

    def __len__(self) -> int:
        """How many events were ever appended (cursors count from the first)."""
        return self._forgotten + len(self._events)

    def __iter__(self) -> Iterator[Event]:
        """The events still held, oldest first."""
        return iter(self._events)

    def __getitem__(self, index: int) -> Event:
        if index < 0:
            return self._events[index]
        return self._events[index - self._forgotten]

    def since(self, cursor: int) -> list[Event]:
        """The events appended at or after `cursor` (still held)."""
        return self._events[max(0, cursor - self._forgotten) :]

    def forget(self, before: int) -> None:
        """Let go of the events before `before`: a reader has folded them already.

        A long run (a rush hour, a soak) would otherwise keep every event it ever made.
        """
        drop = min(before - self._forgotten, len(self._events))
        if drop > 0:
            del self._events[:drop]
            self._forgotten += drop
