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
import time
import weakref
from collections.abc import Callable, Coroutine
from typing import Any

from coffeeshop_gui.engine.clock import VirtualClock
from coffeeshop_gui.engine.outside import Outside, fileno, function_name
from coffeeshop_gui.engine.recorder import SHOP_WORK, Recorder

_tokens = itertools.count(1)


class Instrumented:
    """Mixin for an asyncio event loop class; call `_init_instrumentation` in `__init__`."""

    clock: VirtualClock
    recorder: Recorder | None
    shop_token: int = 0  # no run yet (the loop's own self-pipe is watched before any)
    outside: Outside

    def _init_instrumentation(self, clock: VirtualClock | None) -> None:
        self.clock = clock if clock is not None else VirtualClock()
        self.recorder = None
        self.shop_token = 0
        self.outside = Outside()
        self._transports_of_run: weakref.WeakSet[Any] = weakref.WeakSet()

    @property
    def jobs_pending(self) -> int:
        """Thread and process jobs of the program still running."""
        return self.outside.jobs

    @property
    def waiting_outside(self) -> bool:
        """A reply may be on its way (socket, pipe, child, thread): no skipping ahead now.

        This is the shop clock's rule: at "skip waits" the clock jumps to the next timer
        only while nothing of the program is out there; meanwhile it flows at the real rate.
        """
        return self.outside.waiting(self.shop_token)

    def _outside_changed(self) -> None:
        self.clock.set_flowing(self.waiting_outside)

    def _is_shop_work(self) -> bool:
        return bool(self.shop_token) and SHOP_WORK.get() == self.shop_token

    def call_exception_handler(self, context: dict[str, Any]) -> None:
        """A program's task destroyed while pending is told by its customer, not printed."""
        if (
            context.get("message") == "Task was destroyed but it is pending!"
            and self.recorder is not None
            and self.recorder.thrown_away(context.get("task"))
        ):
            return
        super().call_exception_handler(context)  # type: ignore[misc]

    def in_program_code(self) -> bool:
        """Whether the code running now is the program's: its tasks and their callbacks."""
        return self._is_shop_work()

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
            self.recorder.slips.written(coro, recipe)

    def note_measurement(self, label: str, seconds: float) -> None:
        """A time the program measured and reported (see model.shop.report)."""
        if self.recorder is not None:
            self.recorder.measured(label, seconds, asyncio.current_task(self))  # type: ignore[arg-type]

    def run_in_executor(
        self, executor: Any, func: Callable[..., Any], *args: Any
    ) -> asyncio.Future[Any]:
        future = super().run_in_executor(executor, func, *args)  # type: ignore[misc]
        return self._watch_job(future, func, executor)

    def _watch_job(
        self, future: asyncio.Future[Any], func: Callable[..., Any], executor: Any
    ) -> asyncio.Future[Any]:
        if self._is_shop_work():
            job = None
            kind = "process" if _is_process_pool(executor) else "thread"
            if self.recorder is not None:
                job = self.recorder.job_started(future, func, kind)
            self.outside.jobs += 1
            self.outside.job_futures[future] = (kind, function_name(func))
            self._outside_changed()  # real work in a thread takes real time
            future.add_done_callback(functools.partial(self._job_done, job))
        return future

    def _job_done(self, job: int | None, future: asyncio.Future[Any]) -> None:
        self.outside.jobs -= 1
        self.outside.job_futures.pop(future, None)
        self._outside_changed()
        if self.recorder is not None and job is not None:
            self.recorder.job_finished(job)

    # -- the outside world: descriptors watched and children started for the program --

    def _note_watch(self, fd: Any, kind: str, callback: Any) -> None:
        if self._is_shop_work():
            number = fileno(fd)
            self.outside.watch(self.shop_token, number, kind, callback)
            self._outside_changed()
            if self.recorder is not None:
                _token, what, listening = self.outside.watched[(number, kind)]
                self.recorder.line_opened(number, kind, f"listening {what}" if listening else what)

    def _note_unwatch(self, fd: Any, kind: str) -> None:
        try:
            key = (fileno(fd), kind)
        except (ValueError, OSError):  # a closed file object: look it up no more
            return
        if key in self.outside.watched:
            self.outside.unwatch(*key)
            self._outside_changed()
            if self.recorder is not None:
                self.recorder.line_closed(*key)

    async def _make_subprocess_transport(self, *args: Any, **kwargs: Any) -> Any:
        if not self._is_shop_work():
            return await super()._make_subprocess_transport(*args, **kwargs)  # type: ignore[misc]
        self.outside.spawning += 1
        self._outside_changed()
        pid = None
        try:
            transport = await super()._make_subprocess_transport(*args, **kwargs)  # type: ignore[misc]
            pid = transport.get_pid()
            self._transports_of_run.add(transport)
            transport._coffeeshop_context = contextvars.copy_context()
            return transport
        finally:
            self.outside.child_started(pid)
            self._outside_changed()

    def close_outside(self) -> None:
        """End what the program opened to the outside and left open: its children are
        killed (as closing their transports does) and its connections aborted.

        For the end of a run, after its tasks were cancelled: a child left running would
        outlive the shop, an orphan.
        """
        for transport in list(self._transports_of_run):
            if transport.get_returncode() is None:
                transport.close()
        self._transports_of_run = weakref.WeakSet()
        # Every connection the selector loop still has: the shop itself opens none. Not only
        # those watched now: one whose peer has hung up is read no more (3.13 stops reading
        # at its end), and it is still open.
        transports = getattr(self, "_transports", {})  # the selector loop's, by fd
        for transport in list(transports.values()):
            if transport is not None and not transport.is_closing():
                transport.abort()

    async def children_reaped(self, timeout: float = 2.0) -> None:
        """Wait at most `timeout` real seconds for the program's ended children to be
        reported gone, so the loop is not closed on a child watcher still reporting."""
        deadline = time.monotonic() + timeout
        while (self.outside.children or self.outside.spawning) and time.monotonic() < deadline:
            await asyncio.sleep(0.01)

    def _child_watcher_callback(self, pid: int, returncode: int, transp: Any) -> None:
        context = getattr(transp, "_coffeeshop_context", None)
        if context is None:  # not the program's child
            super()._child_watcher_callback(pid, returncode, transp)  # type: ignore[misc]
        # Called from the watcher's thread on some Pythons: go on in the loop's thread.
        self.call_soon_threadsafe(self._child_exited, pid, returncode, transp, context)  # type: ignore[attr-defined]

    def _child_exited(self, pid: int, returncode: int, transp: Any, context: Any) -> None:
        """The program's child ended: its exit is the program's callback, in its lane."""
        self.outside.child_exited(pid)
        self._outside_changed()
        if context is not None:
            self.call_soon(  # type: ignore[attr-defined]
                self._outside_turn,
                "subprocess",
                None,
                transp._process_exited,
                returncode,
                context=context,
            )

    def _outside_turn(self, what: str, fd: int | None, callback: Any, *args: Any) -> None:
        """Run what the outside world's answer calls (see ShopLoop, which records it)."""
        callback(*args)


def _is_process_pool(executor: object) -> bool:
    # Looked up, not imported: importing it loads multiprocessing, ~5 ms of every launch,
    # and an executor cannot be a ProcessPoolExecutor before its module is loaded.
    module = sys.modules.get("concurrent.futures.process")
    return module is not None and isinstance(executor, module.ProcessPoolExecutor)
