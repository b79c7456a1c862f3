"""One run of a program on the shop loop: its event log, its recorder, its main task."""

from __future__ import annotations

import asyncio
import inspect
import re
import weakref
from collections.abc import Callable, Coroutine
from typing import Any

from coffeeshop_gui.engine.chain import shorten
from coffeeshop_gui.engine.program import Program
from coffeeshop_gui.engine.recorder import Recorder, task_of
from coffeeshop_gui.engine.timers import ShopHandle
from coffeeshop_gui.engine.watchdog import Watchdog
from coffeeshop_gui.loop.shop_loop import ShopLoop
from coffeeshop_gui.model.log import EventLog

MAX_CUSTOMERS = 10_000  # customers the shop sends in (rushes, drags) inside at once


class RushRefusedError(Exception):
    """A rush the shop will not take; the message says why, for the person who asked."""


class Session:
    """Starts `main()` as the task named main and owns what is recorded about the run."""

    def __init__(
        self,
        loop: ShopLoop,
        program: Program,
        *,
        snapshot: bool = True,
        interrupt_after: float | None = 5.0,
    ) -> None:
        self.loop = loop
        self.program = program
        self.log = EventLog()
        files = [program.filename]
        self.recorder = Recorder(self.log, loop.clock.now, files, snapshot=snapshot)
        self.started_at = loop.time()
        self._added = 0
        self._sent_in: list[weakref.ref[asyncio.Task[Any]]] = []  # by add_customer
        self.recorder.on_blocked = loop.clock.count_real
        loop.recorder = self.recorder
        if loop.watchdog is not None:
            loop.watchdog.stop()
        loop.watchdog = Watchdog(self.log, loop.time, files, interrupt=interrupt_after)
        self.main: asyncio.Task[Any] = loop.start(program.main(), name="main")

    # -- what a person can do to the running shop ---------------------------------------

    def add_customer(self, recipe: str) -> asyncio.Task[Any]:
        """A new customer walks in: `create_task(recipe())` on the running loop."""
        return self._send_in(recipe, self.program.drinks()[recipe])

    def _send_in(
        self, recipe: str, make: Callable[[], Coroutine[Any, Any, Any]]
    ) -> asyncio.Task[Any]:
        self._added += 1
        task = self.loop.spawn(make(), name=f"{recipe} #{self._added}")
        self.recorder.shows_failure_of(task)
        self._sent_in.append(weakref.ref(task))
        return task

    @property
    def sent_by_hand(self) -> int:
        """How many customers the shop sent in this run (a rush, a drink dragged in), gone or
        not: a replay runs the program alone."""
        return self._added

    def sent_in(self) -> int:
        """How many customers the shop sent in (a rush, a drag) are still inside."""
        self._sent_in = [r for r in self._sent_in if (t := r()) is not None and not t.done()]
        return len(self._sent_in)

    def rush(self, count: int) -> list[asyncio.Task[Any]]:
        """Rush hour: `count` customers walk in at once, each ordering one of the drinks.

        Raises RushRefusedError (with a sentence for the person who asked) past the shop's cap,
        which counts the customers sent in, not the program's own tasks: a rush of the full
        10,000 is welcome while main runs.
        """
        drinks = list(self.program.drinks().items())  # read once: it inspects the program
        if not drinks:
            raise RushRefusedError(
                f"{self.program.title} has no drinks (async defs with no "
                "arguments) for a rush of customers to order"
            )
        inside = self.sent_in()
        if count < 1 or inside + count > MAX_CUSTOMERS:
            raise RushRefusedError(
                f"the shop holds at most {MAX_CUSTOMERS:,} customers at once: "
                f"{inside:,} {'is' if inside == 1 else 'are'} inside, "
                f"{count:,} more would not fit"
            )
        return [self._send_in(*drinks[i % len(drinks)]) for i in range(count)]

    def send_away(self, task_id: int) -> bool:
        """Cancel the customer's task; False if it has already left."""
        task = self.recorder.find(task_id)
        if not isinstance(task, asyncio.Task) or task.done():
            return False
        task.cancel()
        return True

    def ring(self, future_id: int) -> str | None:
        """Complete a pending buzzer by hand; None if done, else why it cannot be rung.

        The value is what its timer would have delivered (brew's drink, sleep's result),
        and that timer is cancelled, so the Future is set once, as the loop would.
        """
        future = self.recorder.find(future_id)
        if isinstance(future, asyncio.Task):
            return "that buzzer is another customer: it lights when that task is done"
        if not isinstance(future, asyncio.Future) or future.done():
            return "that buzzer has already lit"
        if type(future) is not asyncio.Future:
            return f"that buzzer is a {type(future).__name__}: it lights by itself"
        value = None
        for timer in list(self.loop.timers):
            if not timer._cancelled and timer._args and timer._args[0] is future:
                value = timer._args[1] if len(timer._args) > 1 else None
                timer.cancel()
        future.set_result(value)
        return None

    def describe(self, handle: ShopHandle) -> tuple[int | None, str, str]:
        """(task id, whose, what kind of turn) for a handle in the ready queue."""
        task = task_of(handle)
        if task is not None:
            tid = self.recorder.known_id(task)
            if handle._args:
                return tid, task.get_name(), "wake-up"
            coro = task.get_coro()
            fresh = inspect.iscoroutine(coro) and inspect.getcoroutinestate(coro) == "CORO_CREATED"
            return tid, task.get_name(), "start" if fresh else "step"
        whose = "timer" if isinstance(handle, asyncio.TimerHandle) else "callback"
        return None, whose, getattr(handle._callback, "__name__", whose).strip("_")

    def ready_queue(self, limit: int | None = None) -> list[tuple[int | None, str, str]]:
        """The loop's real ready deque, described, next turn first (the first `limit`)."""
        described: list[tuple[int | None, str, str]] = []
        for handle in self.loop.ready:
            if limit is not None and len(described) >= limit:
                break
            if not handle._cancelled:
                described.append(self.describe(handle))
        return described

    def asyncio_terms(self, task_id: int) -> list[tuple[str, str]]:
        """The customer in asyncio's own words: the live objects' reprs, as asyncio prints them."""
        task = self.recorder.find(task_id)
        if not isinstance(task, asyncio.Task):
            return []
        terms = [("Task", card_repr(repr(task)))]
        chain: list[str] = []
        obj: object = task.get_coro()
        while obj is not None:
            chain.append(
                getattr(obj, "__qualname__", type(obj).__name__) + "()"
                if inspect.iscoroutine(obj)
                else type(obj).__name__
            )
            obj = getattr(obj, "cr_await", None) or getattr(obj, "gi_yieldfrom", None)
        if len(chain) > 1:
            terms.append(("await chain", " → ".join(chain)))
        waiter = getattr(task, "_fut_waiter", None)
        if waiter is not None:
            terms.append(("awaits", card_repr(repr(waiter))))
            wake = [
                getattr(cb, "__qualname__", type(cb).__name__)
                for cb, _ctx in getattr(waiter, "_callbacks", None) or ()
            ]
            hung = ", ".join(wake) or "its wake-up"
            handshake = (
                f"await → {type(waiter).__name__}.__await__() → {chain[-1]} yields the "
                f"{type(waiter).__name__} to Task {task.get_name()!r} → it hangs {hung} on it"
                " → the loop serves the next in line"
            )
            terms.append(("the handshake", handshake))
        for handle in self.loop.ready:
            if task_of(handle) is task:
                terms.append(("in loop.ready", card_repr(repr(handle))))
        return terms

    def live_tasks(self) -> list[asyncio.Task[Any]]:
        """The program's tasks that have not ended yet."""
        return [t for t in self.recorder.tasks() if not t.done()]

    def close(self) -> None:
        """Cancel the program's tasks, end its children and connections, stop watching."""
        self.cancel()
        self.loop.close_outside()
        if self.loop.watchdog is not None:
            self.loop.watchdog.stop()
            self.loop.watchdog = None

    def cancel(self) -> None:
        """Cancel every task of the program (as `asyncio.run` does when main returns)."""
        for task in self.live_tasks():
            task.cancel()


# Where asyncio names a file in a repr ("running at /home/ada/shop/main.py:12", "created at
# ..."): after a space, its folders, then its file. A folder name stops at what cannot be in
# one there (a space, a quote, =, <, >, ( or )); a quoted path is a value and is left whole.
_PATH = re.compile(r"(?<= )/(?:[^\s/:<>=()'\"]+/)+([^\s/:<>=()'\"]+\.py)")
CARD_REPR_CHARS = 240  # a repr on the card is whole up to this; the card scrolls


def card_repr(text: str, limit: int = CARD_REPR_CHARS) -> str:
    """A repr without its files' folders, and cut cleanly (see `shorten`) if still long."""
    return shorten(_PATH.sub(r"\1", text), limit)
