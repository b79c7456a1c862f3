"""The stock asyncio selector loop with the shop's recorder and virtual clock.

It exists so that the engine can be checked without Qt: the same program recorded here and
on the qasync `ShopLoop` must give the same events.
"""

from __future__ import annotations

import asyncio
import heapq
from typing import Any

from coffeeshop_gui.engine.clock import VirtualClock
from coffeeshop_gui.engine.instrumented import Instrumented
from coffeeshop_gui.engine.outside import READ, WRITE
from coffeeshop_gui.engine.recorder import is_shop_handle


class _ObservedHandle(asyncio.Handle):
    __slots__ = ()

    def _run(self) -> None:
        # asyncio's own, which the stubs do not declare
        loop: Any = self._loop  # type: ignore[attr-defined]
        recorder = loop.recorder
        if recorder is None or not is_shop_handle(self, loop.shop_token):
            super()._run()
        else:
            recorder.run(self)


class _ObservedTimerHandle(asyncio.TimerHandle, _ObservedHandle):
    __slots__ = ()


# Instrumented.run_in_executor takes the same arguments; the stubs' version is generic.
class RecordingEventLoop(Instrumented, asyncio.SelectorEventLoop):  # type: ignore[misc]
    """A stock asyncio loop that records shop work and fast-forwards its clock."""

    def __init__(self, clock: VirtualClock | None = None) -> None:
        super().__init__()
        self._init_instrumentation(clock)

    def _call_soon(self, callback: Any, args: Any, context: Any) -> asyncio.Handle:
        handle = _ObservedHandle(callback, args, self, context)
        self._ready.append(handle)  # type: ignore[attr-defined]
        if self.recorder is not None and is_shop_handle(handle, self.shop_token):
            self.recorder.queued(handle)
        return handle

    # The stubs' callback is generic over its arguments; the shop's takes them as Any.
    def call_at(  # type: ignore[override]
        self, when: float, callback: Any, *args: Any, context: Any = None
    ) -> Any:
        self._check_closed()  # type: ignore[attr-defined]
        timer = _ObservedTimerHandle(when, callback, args, self, context)
        heapq.heappush(self._scheduled, timer)  # type: ignore[attr-defined]
        timer._scheduled = True  # type: ignore[attr-defined]
        if self.recorder is not None and is_shop_handle(timer, self.shop_token):
            self.recorder.timers.added(timer)
        return timer

    def _timer_handle_cancelled(self, handle: asyncio.TimerHandle) -> None:
        super()._timer_handle_cancelled(handle)  # type: ignore[misc]
        if self.recorder is not None:
            self.recorder.timers.done(handle, fired=False)

    def _add_reader(self, fd: Any, callback: Any, *args: Any) -> Any:
        handle = super()._add_reader(fd, callback, *args)  # type: ignore[misc]
        self._note_watch(fd, READ, callback)
        return handle

    def _remove_reader(self, fd: Any) -> Any:
        self._note_unwatch(fd, READ)
        return super()._remove_reader(fd)  # type: ignore[misc]

    def _add_writer(self, fd: Any, callback: Any, *args: Any) -> Any:
        handle = super()._add_writer(fd, callback, *args)  # type: ignore[misc]
        self._note_watch(fd, WRITE, callback)
        return handle

    def _remove_writer(self, fd: Any) -> Any:
        self._note_unwatch(fd, WRITE)
        return super()._remove_writer(fd)  # type: ignore[misc]

    def _run_once(self) -> None:
        # Fast-forward: when nothing is ready and no reply can be on its way (the rule in
        # Instrumented.waiting_outside), jump to the next timer.
        if self.clock.fast_forward and not self._ready and not self.waiting_outside:  # type: ignore[attr-defined]
            scheduled = self._scheduled  # type: ignore[attr-defined]
            while scheduled and scheduled[0]._cancelled:
                heapq.heappop(scheduled)._scheduled = False
                self._timer_cancelled_count -= 1  # type: ignore[attr-defined]
            if scheduled:
                self.clock.advance_to(scheduled[0].when())
        super()._run_once()  # type: ignore[misc]
