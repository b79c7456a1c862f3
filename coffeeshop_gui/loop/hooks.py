"""A hook: a named, typed place on the shop loop where one listener is told of one thing.

The loop tells its owner three things: a horizon was reached, the program's own code asked
the loop to stop, and (a question) whether the shop should wait for the window. Each is a
`Hook` declared on the loop with the listener's type, so a reader and mypy see what it is
called with; the listener is connected, as a Qt Signal's would be, not assigned.

Why not a Qt Signal. The loop is not a QObject (qasync's loop is a plain Python class).
What it tells has one owner at a time: the horizon is one shop time, set by whoever wants
the shop to pause there (a test, the screenshot, a clip's frame, a still of a turn), and
its listener goes with it; a second listener would be told of a horizon it never set. And
a hook may answer (the window says whether the shop waits), which a signal cannot. So a
hook keeps one listener: connecting one replaces the one before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


class Hook(Generic[P, R]):
    """One listener, told by `emit`; `emit` gives back its answer (None if none listens)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._listener: Callable[P, R] | None = None

    def __repr__(self) -> str:
        return f"<Hook {self.name}: {self._listener!r}>"

    @property
    def connected(self) -> bool:
        """True while a listener is connected."""
        return self._listener is not None

    def connect(self, listener: Callable[P, R]) -> None:
        """Make `listener` the one told from now on, in place of any before it."""
        self._listener = listener

    def disconnect(self, listener: Callable[P, R] | None = None) -> None:
        """Tell no one any more; given a `listener`, only if it is still the one connected
        (so an owner that left does not cut off the one that came after it)."""
        if listener is None or listener == self._listener:
            self._listener = None

    def emit(self, *args: P.args, **kwargs: P.kwargs) -> R | None:
        """Tell the listener, if one is connected, and give back its answer."""
        listener = self._listener
        return None if listener is None else listener(*args, **kwargs)
