"""Order slips: coroutine objects from the moment a recipe is called, before any task exists.

Calling an `async def` runs nothing and involves no loop, so nothing in asyncio can see it.
The program's own top-level recipes are therefore wrapped when it is loaded: the wrapper
calls the real function, reports the coroutine object it returned, and returns it untouched.
Python's own "coroutine ... was never awaited" warning tells a thrown-away slip from one
that was awaited and finished unseen. A recorder keeps its slips in a `SlipBook`, apart from
its hot path: slips are few, and only a step that wrote or handed one in looks at them.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import re
import warnings
import weakref
from collections.abc import Callable, Iterator
from typing import Any

from coffeeshop_gui.model import events as ev
from coffeeshop_gui.model.log import EventLog

NEVER_AWAITED = re.compile(r"coroutine '(?P<name>[^']+)' was never awaited")
_listeners: weakref.WeakSet[Any] = weakref.WeakSet()
_installed: list[Callable[..., Any]] = []


class SlipBook:
    """One recorder's slips, from the recipe's call until each is handed in, awaited or
    dropped. `ids` is the recorder's id counter, `known` its task-to-id lookup.

    A slip is in `pending` (id -> weak reference to the coroutine, and its address) until
    a task is made of it (`handed_in`), a task awaits it directly (`check`), or it is freed.
    Freed, it waits in `gone` (address -> id) for Python's "never awaited" warning
    (`unawaited`); a step that ends without one means it was awaited and finished unseen
    (`settle_gone`).
    """

    def __init__(
        self,
        log: EventLog,
        now: Callable[[], float],
        ids: Iterator[int],
        known: Callable[[Any], int | None],
    ) -> None:
        self._log, self._now, self._ids, self._known = log, now, ids, known
        self._by_coro: weakref.WeakKeyDictionary[Any, int] = weakref.WeakKeyDictionary()
        self.pending: dict[int, tuple[weakref.ref[Any], int]] = {}
        self.gone: dict[int, int] = {}  # id(coroutine) -> slip, vanished but not yet settled

    def written(self, coro: Any, recipe: str) -> None:
        """A recipe was called; the coroutine object is watched until it is handed in."""
        slip = next(self._ids)
        self._by_coro[coro] = slip

        def freed(_ref: object, s: int = slip) -> None:
            self._freed(s)

        ref = weakref.ref(coro, freed)
        self.pending[slip] = (ref, id(coro))
        holder = asyncio.current_task()
        self._log.append(ev.SlipWritten(self._now(), slip, recipe, self._known(holder)))

    def handed_in(self, coro: Any) -> int | None:
        """A task was made of `coro`: its slip, if it was a pending one, is a slip no more."""
        slip = self._by_coro.get(coro)
        if slip is not None:
            self.pending.pop(slip, None)
        return slip

    def _freed(self, slip: int) -> None:
        # CPython clears weak references before it finalizes a coroutine, and finalizing is
        # what warns "never awaited": so wait for that warning before deciding.
        pending = self.pending.pop(slip, None)
        if pending is not None:
            # The same address again: the earlier coroutine there was freed without a
            # warning (it would have come before the memory was freed), so it was awaited.
            earlier = self.gone.pop(pending[1], None)
            if earlier is not None:
                self._log.append(ev.SlipAwaited(self._now(), earlier, None))
            self.gone[pending[1]] = slip

    def unawaited(self, coro_id: int, message: str) -> None:
        """Python warned that the coroutine at `coro_id` was never awaited."""
        slip = self.gone.pop(coro_id, None)
        if slip is not None:
            self._log.append(ev.SlipDropped(self._now(), slip, message))

    def settle_gone(self) -> None:
        """Vanished slips that drew no warning were awaited and finished, unseen."""
        for slip in self.gone.values():
            self._log.append(ev.SlipAwaited(self._now(), slip, None))
        self.gone.clear()

    def check(self, task: Any) -> None:
        """Slips a task awaited directly have started running: they are no longer slips."""
        for slip, (ref, _address) in list(self.pending.items()):
            coro = ref()
            if coro is not None and inspect.getcoroutinestate(coro) != "CORO_CREATED":
                del self.pending[slip]
                self._log.append(ev.SlipAwaited(self._now(), slip, self._known(task)))


def write_slips(recipe: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a coroutine function so that each coroutine it makes is reported as a slip."""

    @functools.wraps(recipe)
    def write_slip(*args: Any, **kwargs: Any) -> Any:
        coro = recipe(*args, **kwargs)
        loop = asyncio.events._get_running_loop()
        note = getattr(loop, "note_slip", None)
        if note is not None:
            note(coro, recipe.__qualname__)
        return coro

    if hasattr(inspect, "markcoroutinefunction"):  # 3.12+: still looks like an async def
        inspect.markcoroutinefunction(write_slip)
    return write_slip


def listen_for_unawaited(listener: Any) -> None:
    """Tell `listener.unawaited(id(coro), message)` of each coroutine dropped unawaited.

    CPython finalizes an unstarted coroutine by calling `warnings._warn_unawaited_coroutine`
    with it; wrapping that hook identifies the very object, whatever `showwarning` is.
    """
    _listeners.add(listener)
    # Shown every time, not once per place: each thrown-away slip is its own lesson. Put
    # first again by each listener (filterwarnings replaces its twin): a `catch_warnings`
    # block since the last one, as pytest runs each test in, has put the old filters back.
    warnings.filterwarnings("always", message=NEVER_AWAITED.pattern, category=RuntimeWarning)
    original = getattr(warnings, "_warn_unawaited_coroutine", None)
    if _installed or original is None:
        return
    _installed.append(original)

    def warn_unawaited(coro: Any) -> None:
        message = f"coroutine '{getattr(coro, '__qualname__', '?')}' was never awaited"
        for each in list(_listeners):
            each.unawaited(id(coro), message)
        # Warned from here, not through `original`: its stacklevel=2 would name this
        # wrapper; ours names the caller, the program's line that dropped the coroutine.
        # That frame may have no builtins to warn with (a namedtuple's __new__ has none,
        # and a collection can run anywhere): then asyncio's own words, from here.
        try:
            text = _unawaited_text(coro, message)
            warnings.warn(text, RuntimeWarning, stacklevel=2, source=coro)
        except Exception:
            original(coro)

    warnings._warn_unawaited_coroutine = warn_unawaited  # type: ignore[attr-defined]


def _unawaited_text(coro: Any, message: str) -> str:
    """CPython's own words for it, with where the coroutine was made if that is tracked."""
    origin = getattr(coro, "cr_origin", None)
    if not origin:
        return message
    import linecache
    import traceback

    made = [(f, n, fn, linecache.getline(f, n)) for f, n, fn in reversed(origin)]
    lines = [message, "\nCoroutine created at (most recent call last)\n"]
    lines += traceback.format_list(made)
    return "".join(lines).rstrip("\n")
