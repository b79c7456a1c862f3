"""The one append-only log of shop events; views read it from a cursor, never copy it."""

from __future__ import annotations

from collections.abc import Iterator

from coffeeshop_gui.model.events import Event


class EventLog:
    """An append-only list of events that readers consume from their own index.

    Readers poll (`since(cursor)`) at their own pace instead of being called per event,
    so a burst of thousands of steps costs the UI one read per frame.
    """

    __slots__ = ("_events",)

    def __init__(self) -> None:
        self._events: list[Event] = []

    def append(self, event: Event) -> None:
        self._events.append(event)

    def __len__(self) -> int:
        return len(self._events)

    def __iter__(self) -> Iterator[Event]:
        return iter(self._events)

    def __getitem__(self, index: int) -> Event:
        return self._events[index]

    def since(self, cursor: int) -> list[Event]:
        """The events appended at or after `cursor`."""
        return self._events[cursor:]

    def clear(self) -> None:
        self._events.clear()
