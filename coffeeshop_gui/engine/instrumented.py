"""What every shop loop adds to an asyncio loop: a virtual clock, a recorder, a program start.

Mixed into both the stock-asyncio `RecordingEventLoop` (headless tests) and the qasync
`ShopLoop`, so the two record the same events for the same program.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import itertools
import sys
from collections.abc import Callable, Coroutine
from typing import Any

from coffeeshop_gui.engine.clock import VirtualClock
from coffeeshop_gui.engine.recorder import SHOP_WORK, Recorder

_tokens = itertools.count(1)


class Instrumented:
    """Mixin for an asyncio event loop class; call `_init_instrumentation` in `__init__`."""

    clock: VirtualClock
    recorder: Recorder | None
    jobs_pending: int
    shop_token: int

    def _init_instrumentation(self, clock: VirtualClock | None) -> None:
        self.clock = clock if clock is not None else VirtualClock()
        self.recorder = None
        self.jobs_pending = 0
        self.shop_token = 0

    def time(self) -> float:
        """Shop time: the loop's timers, `asyncio.sleep` and timeouts all run on it."""
        return self.clock.now()

    def start(self, coro: Coroutine[Any, Any, Any], name: str = "main") -> asyncio.Task[Any]:
        """Run `coro` as shop work: it and every task it creates are drawn and recorded.

        Each call starts a new run: work of an earlier run is no longer shop work.
        """
        self.shop_token = next(_tokens)
        return self.shop_context().run(self.create_task, coro, name=name)  # type: ignore[attr-defined]

    def spawn(self, coro: Coroutine[Any, Any, Any], name: str) -> asyncio.Task[Any]:
        """Add a task to the current run from outside it (a customer dragged in)."""
        if not self.shop_token:
            raise RuntimeError("no program is running in the shop")
        return self.shop_context().run(self.create_task, coro, name=name)  # type: ignore[attr-defined]

    def shop_context(self) -> contextvars.Context:
        """A context whose callbacks are the current run's shop work (its lane, its turns).

        A done callback added in it runs right after the task it watches, in the same batch,
        rather than after the shop lane's slice (in which fast-forward may jump timers).
        """
        context = contextvars.copy_context()
        context.run(SHOP_WORK.set, self.shop_token)
        return context

    def note_slip(self, coro: Any, recipe: str) -> None:
        """A recipe of the shown program was called (see engine/slips.py)."""
        if self.recorder is not None and SHOP_WORK.get() == self.shop_token:
            self.recorder.slip_written(coro, recipe)

    def note_measurement(self, label: str, seconds: float) -> None:
        """A time the program measured and reported (see model.shop.report)."""
        if self.recorder is not None:
            self.recorder.measured(label, seconds, asyncio.current_task(self))  # type: ignore[arg-type]

    def run_in_executor(
        self, executor: Any, func: Callable[..., Any], *args: Any
    ) -> asyncio.Future[Any]:
        future = super().run_in_executor(executor, func, *args)  # type: ignore[misc]
        if self.recorder is not None and SHOP_WORK.get() == self.shop_token:
            kind = "process" if _is_process_pool(executor) else "thread"
            job = self.recorder.job_started(future, func, kind)
            self.jobs_pending += 1
            self.clock.set_flowing(True)  # real work in a thread takes real time
            future.add_done_callback(functools.partial(self._job_done, job))
        return future

    def _job_done(self, job: int, _future: asyncio.Future[Any]) -> None:
        self.jobs_pending -= 1
        if self.jobs_pending == 0:
            self.clock.set_flowing(False)
        if self.recorder is not None:
            self.recorder.job_finished(job)


def _is_process_pool(executor: object) -> bool:
    # Looked up, not imported: importing it loads multiprocessing, ~5 ms of every launch,
    # and an executor cannot be a ProcessPoolExecutor before its module is loaded.
    module = sys.modules.get("concurrent.futures.process")
    return module is not None and isinstance(executor, module.ProcessPoolExecutor)
