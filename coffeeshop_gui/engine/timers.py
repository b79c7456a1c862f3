"""The timers a recorder sees: each from `call_at` until it fires or is cancelled.

A timer is no task step: the loop tells the recorder when one is scheduled (`added`) and
when it leaves the heap (`done`), and the shop draws it on the brewing board. Apart from
the ready queue's hot path, since a step does not touch it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

from coffeeshop_gui.model import events as ev
from coffeeshop_gui.model.log import EventLog

# A handle of the shop's loop, read by the attributes asyncio keeps private (`_callback`,
# `_args`, `_context`, `_loop`), which the type stubs do not declare.
ShopHandle = Any


class TimerBook:
    """One recorder's timers still on the heap. `ids` is the recorder's id counter, `known`
    its task-to-id lookup and `future_id` its id for a Future (a sleep's)."""

    def __init__(
        self,
        log: EventLog,
        now: Callable[[], float],
        ids: Iterator[int],
        known: Callable[[Any], int | None],
        future_id: Callable[[object], int],
    ) -> None:
        self._log, self._now, self._ids = log, now, ids
        self._known, self._future_id = known, future_id
        self._timers: dict[int, int] = {}  # id(handle) -> timer

    def added(self, handle: ShopHandle) -> None:
        timer = next(self._ids)
        self._timers[id(handle)] = timer
        loop = handle._loop
        task = asyncio.current_task(loop) if loop is not None else None
        tid = self._known(task)
        args = handle._args
        future = args[0] if args and isinstance(args[0], asyncio.Future) else None
        fid = None if future is None else self._future_id(future)
        label = timer_label(handle._callback, args)
        self._log.append(ev.TimerScheduled(self._now(), timer, handle.when(), tid, fid, label))

    def done(self, handle: ShopHandle, *, fired: bool) -> None:
        timer = self._timers.pop(id(handle), None)
        if timer is None:
            return
        kind = ev.TimerFired if fired else ev.TimerCancelled
        self._log.append(kind(self._now(), timer))


def timer_label(callback: Callable[..., Any], args: tuple[Any, ...]) -> str:
    """What the brewing board calls a timer: `sleep` for asyncio.sleep's, else its name."""
    name = getattr(callback, "__name__", type(callback).__name__)
    if name == "_set_result_unless_cancelled":
        return "sleep"
    if len(args) >= 2 and isinstance(args[1], str):
        return args[1]
    return name.strip("_")
