"""The shop loop: a qasync event loop with its own ready lane, timer heap and virtual clock.

Stock qasync starts and kills one Qt timer per `call_soon`, which is slow and starves
painting. This loop keeps the ready deque and timer heap itself and drains them from one
single-shot Qt timer, armed only while work is pending and yielding to Qt every few
milliseconds. Owning the lane is also what makes the teaching controls possible: the
program's callbacks ("shop work") can be paused or stepped one turn at a time, while Qt
and the UI's own callbacks keep running, and each shop callback is observed as it runs.

The outside world. Sockets and pipes are watched by QSocketNotifiers; when one is ready,
its callback is queued in the lane of the context it was registered in, so a program's
readiness is shop work like the rest: recorded, held by pause, one turn per step. The
notifier stays off until that callback has run, so readiness that arrives while paused
is queued once and kept. The clock's rule ("skip waits" jumps to the next timer only when
no reply can be on its way): while the program has a thread or process job running, a
child process alive, or a socket or pipe watched that is not a listening socket (a
connection, a pipe, a datagram endpoint, an `add_reader`), shop time flows at the real
rate and no jump is made. A listening server that is only idle does not hold the clock.
A step with nothing ready in that state waits, time flowing at the real rate, for the
reply or the next timer, whichever comes first. At other speeds shop time keeps the
chosen rate throughout.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import functools
import heapq
import itertools
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from enum import Enum
from typing import Any

import qasync
from PySide6.QtCore import QCoreApplication, QSocketNotifier, Qt, QTimer, SignalInstance

from coffeeshop_gui.engine.clock import VirtualClock
from coffeeshop_gui.engine.instrumented import Instrumented
from coffeeshop_gui.engine.outside import READ, WRITE, fileno
from coffeeshop_gui.engine.recorder import SHOP_WORK, is_shop_handle
from coffeeshop_gui.engine.timers import ShopHandle
from coffeeshop_gui.engine.watchdog import Watchdog
from coffeeshop_gui.loop.hooks import Hook
from coffeeshop_gui.model.log import EventLog

SLICE_SECONDS = 0.008  # run shop work at most this long before letting Qt paint
# An earlier run's cleanup (its tasks unwinding the cancellation that ended it) that holds
# the loop's thread this long is interrupted, as a shop turn is (see `_run_unwinding`).
UNWIND_INTERRUPT = 2.0
HOLD_SECONDS = 0.004  # while the window holds the shop, it asks again this often
# A batch of turns looks at the clock once per this many turns (a power of two, so `&` tells):
# a perf_counter() after every short step would cost more than the slice overrun it saves.
TURNS_PER_CLOCK_LOOK = 64
_CLOCK_LOOK_MASK = TURNS_PER_CLOCK_LOOK - 1
# Cancelled timers are left in the heap (popped when they reach its top) until there are at
# least this many and they are more than half of it: then it is rebuilt without them. As
# CPython's _MIN_CANCELLED_TIMER_HANDLES_FRACTION: the rebuild costs O(n), so it is spread
# over as many cancellations, and a few cancelled timers are never worth one.
MIN_CANCELLED_TIMERS = 64

# call_soon fills a Handle's slots itself when they are the ones it knows (3.10-3.13 alike);
# tests/loop/test_ordering.py checks the result against asyncio's own Handle.
_LEAN_HANDLES = set(asyncio.Handle.__slots__) == {
    "_callback", "_args", "_cancelled", "_loop", "_source_traceback", "_repr", "_context",
    "__weakref__",
}  # fmt: skip
_new_handle = asyncio.Handle.__new__
_Watcher = tuple[QSocketNotifier, ShopHandle, Any]  # a watched fd: notifier, handle, object


def _activated(notifier: QSocketNotifier) -> SignalInstance:
    """The notifier's `activated(int)` overload, the one qasync connects too. PySide6's stubs
    declare the signal but not its overloads, so to mypy it cannot be indexed."""
    overloads: Any = notifier.activated
    signal: SignalInstance = overloads["int"]
    return signal


class Gate(str, Enum):
    """Whether shop callbacks may run."""

    PLAY = "play"
    PAUSED = "paused"
    STEP = "step"  # one turn per step() call


class ShopLoop(Instrumented, qasync.QEventLoop):  # type: ignore[misc]  # qasync is untyped
    """The app's one asyncio loop; `ready` and `timers` are the real queues, drawn as-is."""

    def __init__(self, app: QCoreApplication | None = None, clock: VirtualClock | None = None):
        # fd -> (notifier, the registered Handle, the object given): asyncio's own
        # _add_reader registers the self-pipe while the base class is set up: these first.
        self._watchers: dict[str, dict[int, _Watcher]] = {
            READ: {},
            WRITE: {},
        }
        self._from_threads: deque[asyncio.Handle] = deque()  # see call_soon_threadsafe
        super().__init__(app or QCoreApplication.instance())
        self._init_instrumentation(clock)
        self.ready: deque[asyncio.Handle] = deque()  # shop work, in turn order
        self.timers: list[asyncio.TimerHandle] = []  # shop timers, a heap on shop time
        self._ui_ready: deque[asyncio.Handle] = deque()
        self._ui_timers: list[tuple[float, int, asyncio.TimerHandle]] = []  # on real time
        self._seq = itertools.count()
        self._cancelled_timers = 0
        self.gate = Gate.PLAY
        self.speed = self.clock.rate
        self._steps_allowed = 0
        self.turns = 0  # shop callbacks run so far
        self.watchdog: Watchdog | None = None
        self._unwinding: Watchdog | None = None  # times earlier runs' cleanup (made at need)
        self.last_turn: asyncio.Handle | None = None  # the shop callback run most recently
        self.pace = 0.0  # real seconds between turns in play; 0 = as fast as possible
        self._next_turn = 0.0
        self._clock_held = False
        self._pumping = False
        # The window's say: True while it has more of the log to draw than it can in a few
        # frames. Shop turns wait meanwhile, so the picture trails the loop by a bounded
        # amount however fast a rush runs; no window (headless, benchmarks), no waiting.
        self.hold: Hook[[], bool] = Hook("hold")
        self._holding = False
        self._pump = QTimer()
        self._pump.setSingleShot(True)
        self._pump.setTimerType(Qt.TimerType.PreciseTimer)
        self._pump.timeout.connect(self._run_pending)
        self._armed_for: float | None = None  # real time the pump is set to fire at
        # While connected, the program's own code calling loop.stop() is refused and this is
        # told instead: the shop, not the program, decides when it closes (see stop).
        self.program_stop_refused: Hook[[], None] = Hook("program_stop_refused")
        # Told (once) when either horizon is reached, the shop paused there.
        self.horizon_reached: Hook[[], None] = Hook("horizon_reached")
        # Told when an earlier run's cleanup held the thread past the notice, with how
        # long, and whether it was interrupted (see `_run_unwinding`).
        self.cleanup_held: Hook[[float, bool], None] = Hook("cleanup_held")

    # -- scheduling (asyncio's interface) ------------------------------------------------

    def call_soon(self, callback: Any, *args: Any, context: Any = None) -> asyncio.Handle:
        # The hottest path of a rush (every task step comes through here): kept lean.
        if self._closed:
            raise RuntimeError("Event loop is closed")
        handle: asyncio.Handle
        made: ShopHandle  # its private slots are set and read here
        if self._debug or not _LEAN_HANDLES:
            handle = made = asyncio.Handle(callback, args, self, context)
            context = made._context
        else:  # Handle.__init__, less its call and its loop.get_debug() call: ~5% of a step
            if context is None:
                context = contextvars.copy_context()
            handle = made = _new_handle(asyncio.Handle)
            made._context = context
            made._loop = self
            made._callback = callback
            made._args = args
            made._cancelled = False
            made._repr = None
            made._source_traceback = None
        token = self.shop_token  # is_shop_handle(), inlined
        if token and context.get(SHOP_WORK, 0) == token:
            self.ready.append(handle)
            if self.recorder is not None:
                self.recorder.queued(handle)
        else:
            self._ui_ready.append(handle)
        if not self._pumping:
            self._arm(0.0)
        return handle

    def call_later(
        self, delay: float, callback: Any, *args: Any, context: Any = None
    ) -> asyncio.TimerHandle:
        return self.call_at(self.time() + delay, callback, *args, context=context)

    def call_at(
        self, when: float, callback: Any, *args: Any, context: Any = None
    ) -> asyncio.TimerHandle:
        self._check_closed()
        timer = asyncio.TimerHandle(when, callback, args, self, context)
        scheduled: ShopHandle = timer
        scheduled._scheduled = True
        if is_shop_handle(timer, self.shop_token):
            heapq.heappush(self.timers, timer)
            if self.recorder is not None:
                self.recorder.timers.added(timer)
            self._arm_for_timers()
        else:
            # The UI's own timers keep real time: a paused shop must not freeze the window.
            real_delay = max(0.0, when - self.time())
            if self.clock.rate not in (0.0, float("inf")):
                real_delay /= self.clock.rate
            due = time.monotonic() + real_delay
            heapq.heappush(self._ui_timers, (due, next(self._seq), timer))
            self._arm(real_delay)
        return timer

    def _add_callback(self, handle: asyncio.Handle, delay: float = 0) -> asyncio.Handle:
        # qasync's own helpers route here; keep them on this loop's lanes.
        return self.call_later(delay, handle._run)

    def _timer_handle_cancelled(self, handle: asyncio.TimerHandle) -> None:
        if self.recorder is not None and is_shop_handle(handle, self.shop_token):
            self.recorder.timers.done(handle, fired=False)
        self._cancelled_timers += 1
        cancelled = self._cancelled_timers
        if cancelled > MIN_CANCELLED_TIMERS and cancelled > len(self.timers) // 2:
            self.timers = [t for t in self.timers if not t._cancelled]
            heapq.heapify(self.timers)
            self._cancelled_timers = 0

    # -- the outside world: sockets and pipes, watched by Qt ------------------------------

    def _add_reader(self, fd: Any, callback: Any, *args: Any) -> asyncio.Handle:
        return self._watch(READ, fd, callback, args)

    def _add_writer(self, fd: Any, callback: Any, *args: Any) -> asyncio.Handle:
        return self._watch(WRITE, fd, callback, args)

    def _remove_reader(self, fd: Any) -> bool:
        return self._unwatch(READ, fd)

    def _remove_writer(self, fd: Any) -> bool:
        return self._unwatch(WRITE, fd)

    def _watch(self, kind: str, fd: Any, callback: Any, args: tuple[Any, ...]) -> asyncio.Handle:
        """Watch `fd` with a QSocketNotifier; return the Handle, as asyncio's loop does.

        The handle keeps the context it was registered in, so readiness of the program's
        socket lands in the shop lane (recorded, held by pause and step) like any of its
        callbacks. A successor on the same fd cancels it, so a cancelled socket operation
        that tidies up after itself (asyncio's `_sock_read_done`) leaves the successor be.
        """
        self._check_closed()
        number = fileno(fd)
        handle = asyncio.Handle(callback, args, self, None)
        self._drop_watcher(kind, number)
        notifier = QSocketNotifier(
            number,
            QSocketNotifier.Type.Read if kind == READ else QSocketNotifier.Type.Write,
        )
        _activated(notifier).connect(functools.partial(self._on_notifier, kind, number, notifier))
        self._watchers[kind][number] = (notifier, handle, fd)
        notifier.setEnabled(True)
        self._note_watch(number, kind, callback)
        return handle

    def _unwatch(self, kind: str, fd: Any) -> bool:
        if self.is_closed():
            return False
        try:
            number = fileno(fd)
        except (ValueError, OSError):  # a closed file object: find it by identity
            watched = self._watchers[kind].items()
            number = next((n for n, (_no, _h, obj) in watched if obj is fd), -1)
        self._note_unwatch(number, kind)
        return self._drop_watcher(kind, number)

    def _drop_watcher(self, kind: str, number: int) -> bool:
        entry = self._watchers[kind].pop(number, None)
        if entry is None:
            return False
        notifier, handle, _fd = entry
        notifier.setEnabled(False)
        _activated(notifier).disconnect()
        handle.cancel()
        return True

    def _on_notifier(self, kind: str, number: int, notifier: QSocketNotifier, *_: Any) -> None:
        """Qt saw `fd` ready: queue its callback once, in the lane its context says.

        The notifier stays off until the callback has run, so readiness that arrives while
        the shop is paused is queued exactly once and kept; Qt reports it again afterwards
        if it still holds (level-triggered, like asyncio's selector).
        """
        entry = self._watchers[kind].get(number)
        notifier.setEnabled(False)
        if entry is None or entry[0] is not notifier:
            return
        handle = entry[1]
        self.call_soon(self._io_ready, kind, number, entry, context=handle._context)

    def _io_ready(self, kind: str, number: int, entry: _Watcher) -> None:
        """The one place a reader's or writer's callback runs (in its own context already)."""
        if self._watchers[kind].get(number) is not entry:
            return  # removed or replaced while it waited in line
        notifier, handle, _fd = entry
        if handle._cancelled:
            self._unwatch(kind, number)
            return
        try:
            self._outside_turn(
                self.outside.what(number, kind), number, handle._callback, *handle._args
            )
        except (SystemExit, KeyboardInterrupt):
            raise
        except BaseException as exc:
            self.call_exception_handler(
                {"message": f"Exception in callback {handle!r}", "exception": exc, "handle": handle}
            )
        finally:
            if self._watchers[kind].get(number) is entry:
                notifier.setEnabled(True)

    def _outside_turn(self, what: str, fd: int | None, callback: Any, *args: Any) -> None:
        """Run the outside world's callback; record which tasks it woke, and how."""
        before = len(self.ready)
        # A child's exit completes its exit waiters (proc.wait()), which wake their tasks
        # a turn or two later: name them now.
        waiters = list(getattr(getattr(callback, "__self__", None), "_exit_waiters", None) or ())
        try:
            callback(*args)
        finally:
            if self.recorder is not None and self._is_shop_work():
                woke = itertools.islice(self.ready, before, None)
                self.recorder.outside_ready(what, fd, list(woke), waiters)

    # -- where qasync differs from asyncio: done as asyncio does it ----------------------

    def run_in_executor(
        self, executor: Any, func: Callable[..., Any], *args: Any
    ) -> asyncio.Future[Any]:
        # asyncio's: a ThreadPoolExecutor by default, and wrap_future(loop=self), which
        # qasync leaves out (it then needs a current loop before this one runs).
        future = asyncio.BaseEventLoop.run_in_executor(self, executor, func, *args)
        return self._watch_job(future, func, executor)

    def set_default_executor(self, executor: Any) -> None:
        asyncio.BaseEventLoop.set_default_executor(self, executor)

    def call_soon_threadsafe(
        self, callback: Any, *args: Any, context: Any = None
    ) -> asyncio.Handle:
        """asyncio's way: queue the handle and wake the loop through its self-pipe.

        qasync emits a Qt signal from the calling thread instead and returns no handle: a
        child watcher's thread still inside that emit when the interpreter exits crashed
        it (seen at the end of a trace that ran subprocesses).
        """
        self._check_closed()  # a thread posting after close stops, as with asyncio's loops
        handle = asyncio.Handle(callback, args, self, context)
        self._from_threads.append(handle)  # deque.append is atomic
        self._write_to_self()
        return handle

    def _read_from_self(self) -> None:
        super()._read_from_self()
        while self._from_threads:
            handle = self._from_threads.popleft()
            if is_shop_handle(handle, self.shop_token):
                self.ready.append(handle)
                if self.recorder is not None:
                    self.recorder.queued(handle)
            else:
                self._ui_ready.append(handle)
        self._arm(0.0)

    def run_forever(self) -> Any:
        # asyncio's run_forever also tracks coroutine origins in debug mode, hooks async
        # generators (so shutdown_asyncgens finds them) and notes its thread.
        self._thread_id: int | None = threading.get_ident()
        self._set_coroutine_origin_tracking(self._debug)
        old_hooks = sys.get_asyncgen_hooks()
        sys.set_asyncgen_hooks(
            firstiter=self._asyncgen_firstiter_hook, finalizer=self._asyncgen_finalizer_hook
        )
        try:
            return super().run_forever()
        finally:
            self._thread_id = None
            self._set_coroutine_origin_tracking(False)
            sys.set_asyncgen_hooks(*old_hooks)

    def start(self, coro: Any, name: str = "main") -> asyncio.Task[Any]:
        # What an earlier run still has queued (its cancellations) is no longer shop
        # work: let it unwind in the UI lane, unrecorded and not held by pause.
        self._ui_ready.extend(self.ready)
        self.ready.clear()
        self._arm(0.0)
        return super().start(coro, name)

    # -- the teaching controls -----------------------------------------------------------

    def play(self) -> None:
        """Run shop work at the chosen speed."""
        self.gate = Gate.PLAY
        self._clock_held = self._clock_waits()  # the window or slow motion holds it still
        self.clock.set_rate(0.0 if self._clock_held else self.speed)
        self._arm(0.0)

    def pause(self) -> None:
        """Freeze shop time and shop work; Qt and the UI's callbacks keep running."""
        self.gate = Gate.PAUSED
        self.clock.set_rate(0.0)

    def step(self) -> None:
        """Run exactly one shop callback (advancing to the next timer if none is ready)."""
        self.gate = Gate.STEP
        self.clock.set_rate(0.0)
        self._steps_allowed += 1
        self._arm(0.0)

    def set_speed(self, rate: float) -> None:
        """Shop time runs at `rate` x real time while playing (math.inf: jump over waits)."""
        self.speed = rate
        if self.gate is Gate.PLAY and not self._clock_held:
            self.clock.set_rate(rate)
            self._arm(0.0)

    def set_pace(self, seconds: float) -> None:
        """Space the cashier's turns `seconds` apart in play (slow motion; 0 = off)."""
        self.pace = max(0.0, seconds)
        self._hold_clock()
        self._arm(0.0)

    def next_timer(self) -> asyncio.TimerHandle | None:
        """The next live shop timer, dropping cancelled ones from the top of the heap."""
        while self.timers and self.timers[0]._cancelled:
            dropped: ShopHandle = heapq.heappop(self.timers)
            dropped._scheduled = False
            self._cancelled_timers = max(0, self._cancelled_timers - 1)
        return self.timers[0] if self.timers else None

    @property
    def idle(self) -> bool:
        """No shop work is ready or waiting on a timer or a thread."""
        return not self.ready and self.next_timer() is None and not self.waiting_outside

    # -- the pump: one single-shot Qt timer drains both lanes ----------------------------

    horizon: float | None = None  # shop time at which the shop pauses by itself
    # The turn after which the shop pauses by itself (`turns` == it): a still of "the moment
    # after the cashier's N-th turn". While one is set, turns are taken one at a time, so
    # no batch runs past it; the ready queue is left as that turn left it.
    turn_horizon: int | None = None

    def _arm(self, real_delay: float) -> None:
        if self._pumping:
            return  # the pump re-arms itself when it finishes
        due = time.monotonic() + real_delay
        if self._armed_for is not None and self._armed_for <= due:
            return
        self._armed_for = due
        self._pump.start(max(0, int(real_delay * 1000 + 0.999)))

    def _arm_for_timers(self) -> None:
        if self._shop_may_run():
            delay = self.clock.real_delay(self.timers[0].when()) if self.timers else None
            if delay is not None:
                self._arm(delay)

    @property
    def step_pending(self) -> bool:
        """A step asked for has not run yet (its callback waits for the pump, or for a
        timer or a reply to bring one)."""
        return self.gate is Gate.STEP and self._steps_allowed > 0

    def _shop_may_run(self) -> bool:
        return self.gate is Gate.PLAY or (self.gate is Gate.STEP and self._steps_allowed > 0)

    def _run_pending(self) -> None:
        self._armed_for = None
        self._pumping = True
        # Qt may be running this timer from an exec() other than run_forever's (a modal
        # dialog, a test's wait): the callbacks still need to find their running loop.
        outer = asyncio.events._get_running_loop()
        if outer is not self:
            asyncio.events._set_running_loop(self)
        try:
            self._run_ui_lane()
            self._run_shop_lane()
        finally:
            self._pumping = False
            if outer is not self:
                asyncio.events._set_running_loop(outer)
        self._hold_clock()
        self._rearm()

    def ask_hold(self) -> None:
        """Ask `hold` now, not at the next pump, and stop the clock if the shop is to wait:
        a run about to start waits for the window's first picture of it from its first
        instant (its start time is read off the clock)."""
        self._holding = bool(self.hold.emit())
        self._hold_clock()

    def _hold_clock(self) -> None:
        """Shop time stands still while the shop waits on the window (`hold`), and in slow
        motion while turns wait in the ready queue.

        A turn takes microseconds of real CPU; pacing only spaces the turns out for the
        eye, and the window's drawing is the picture's cost, not the program's: the program
        sees exactly the timings it would without either. Only in play: Pause and Step
        stop the clock themselves, and letting go of a hold made before them started it
        again under a paused shop (its timers brewed on); `play` takes the clock back.
        """
        if self.gate is not Gate.PLAY:
            return
        held = self._clock_waits()
        if held != self._clock_held:
            self._clock_held = held
            self.clock.set_rate(0.0 if held else self.speed)

    def _clock_waits(self) -> bool:
        return self._holding or (self.pace > 0 and bool(self.ready))

    def _run_ui_lane(self) -> None:
        now = time.monotonic()
        while self._ui_timers and self._ui_timers[0][0] <= now:
            timer: ShopHandle = heapq.heappop(self._ui_timers)[2]
            timer._scheduled = False
            self._ui_ready.append(timer)
        deadline = time.perf_counter() + SLICE_SECONDS
        while self._ui_ready and time.perf_counter() < deadline:
            handle: ShopHandle = self._ui_ready.popleft()
            if handle._cancelled:
                continue
            if handle._context.get(SHOP_WORK, 0):  # (the run's own work is not in this lane)
                self._run_unwinding(handle)
            else:
                handle._run()

    def _run_unwinding(self, handle: asyncio.Handle) -> None:
        """Run an earlier run's work: its tasks unwinding the cancellation that ended it.

        It is the program's code, timed by a watchdog as its turns were: a cleanup that never
        returns (`except CancelledError: while True: pass`, a `time.sleep` in a `finally`)
        is interrupted, not left to freeze the window for good; and a SystemExit it raises
        ends nothing but it, as in the run (see Recorder.run).
        """
        dog = self._unwinding
        if dog is None:
            dog = self._unwinding = Watchdog(EventLog(), self.time, (), interrupt=UNWIND_INTERRUPT)
        turn = dog.begin(None)
        try:
            handle._run()
        except (SystemExit, KeyboardInterrupt):
            pass
        finally:
            dog.end(turn)
        if dog.noticed is turn:
            self.cleanup_held.emit(dog.held(turn), dog.interrupted is turn)

    def _run_shop_lane(self) -> None:
        self._holding = bool(self.hold.emit())
        if self._holding:
            return
        deadline = time.perf_counter() + SLICE_SECONDS
        paced = self.pace > 0 and self.gate is Gate.PLAY
        if paced and time.monotonic() < self._next_turn:
            return
        while self._shop_may_run():
            if self._reached_horizon() or self._reached_turn_horizon():
                return
            self._release_due_timers()
            if not self.ready:
                if self._jump_to_next_timer():
                    continue
                self._let_a_step_wait_outside()
                return
            if paced or self.gate is Gate.STEP or self.turn_horizon is not None:
                if self._take_turn(self.ready.popleft()) and paced:
                    self._next_turn = time.monotonic() + self.pace
                    return
            else:
                self._run_batch(deadline)
            if time.perf_counter() >= deadline:
                return

    def _let_a_step_wait_outside(self) -> None:
        """A step with nothing ready while a reply is on its way waits for what comes
        first, the reply or the next timer, with shop time flowing at the real rate."""
        stepping = self.gate is Gate.STEP and self._steps_allowed > 0
        if stepping and self.waiting_outside and self.clock.rate == 0:
            self.clock.set_rate(1.0)

    def _take_turn(self, handle: asyncio.Handle) -> bool:
        """One turn at the counter; False if the handle was cancelled while it waited."""
        if handle._cancelled:
            return False
        if self.gate is Gate.STEP:
            self._steps_allowed -= 1
            if self.clock.rate != 0:  # it waited outside (above): time stands still again
                self.clock.set_rate(0.0)
        self.turns += 1
        self.last_turn = handle
        self._run_shop_handle(handle)
        return True

    def _run_batch(self, deadline: float) -> None:
        """Run what is ready now, as asyncio's `_run_once` does: timers are looked at after.

        Callbacks queued by this batch wait for the next one, which keeps the turn order
        asyncio's. Without a recorder nothing is observed per turn: the lean path of a
        rush with recording off.
        """
        pop, perf_counter, look_mask = self.ready.popleft, time.perf_counter, _CLOCK_LOOK_MASK
        recorder, watchdog = self.recorder, self.watchdog
        taken, skipped, handle = 0, 0, None
        try:
            if recorder is None:  # the lean path: as _run_once runs
                for taken in range(1, len(self.ready) + 1):
                    handle = pop()
                    if handle._cancelled:
                        skipped += 1
                        continue
                    try:  # noqa: SIM105 (contextlib.suppress costs a context manager per turn)
                        handle._run()
                    except (SystemExit, KeyboardInterrupt):
                        pass  # see Recorder.run
                    if not taken & look_mask and perf_counter() >= deadline:
                        return
            else:
                for taken in range(1, len(self.ready) + 1):
                    handle = pop()
                    if handle._cancelled:
                        skipped += 1
                        continue
                    recorder.run(handle, watchdog)
                    if not taken & look_mask and perf_counter() >= deadline:
                        return
        finally:
            self.turns += taken - skipped
            if handle is not None and not handle._cancelled:
                self.last_turn = handle

    def _reached_horizon(self) -> bool:
        if self.horizon is None or self.clock.now() < self.horizon:
            return False
        self.horizon = None
        self.pause()
        self.horizon_reached.emit()
        return True

    def _reached_turn_horizon(self) -> bool:
        if self.turn_horizon is None or self.turns < self.turn_horizon:
            return False
        self.turn_horizon = None
        self.pause()
        self.horizon_reached.emit()
        return True

    def _release_due_timers(self) -> None:
        now = self.clock.now()
        timer = self.next_timer()
        while timer is not None and timer.when() <= now:
            due: ShopHandle = heapq.heappop(self.timers)
            due._scheduled = False
            self.ready.append(timer)
            timer = self.next_timer()

    def _jump_to_next_timer(self) -> bool:
        """Fast-forward (or a step with nothing ready): move shop time to the next timer.

        Never while a reply may be on its way (see Instrumented.waiting_outside).
        """
        if self.waiting_outside or not (self.clock.fast_forward or self.gate is Gate.STEP):
            return False
        timer = self.next_timer()
        candidates = [t for t in (timer.when() if timer else None, self.horizon) if t is not None]
        if not candidates or (timer is None and not self.clock.fast_forward):
            return False
        self.clock.advance_to(min(candidates))
        return True

    def _run_shop_handle(self, handle: asyncio.Handle) -> None:
        # A session sets the watchdog only with a recorder: Recorder.run times the turn too.
        if self.recorder is not None:
            self.recorder.run(handle, self.watchdog)
            return
        try:  # noqa: SIM105 (as in _run_batch)
            handle._run()
        except (SystemExit, KeyboardInterrupt):
            pass  # see Recorder.run

    def _rearm(self) -> None:
        if self._ui_ready:
            self._arm(0.0)
            return
        if self._holding:
            self._arm(HOLD_SECONDS)  # look again soon, without spinning
            return
        if self.ready and self._shop_may_run():
            paced = self.pace > 0 and self.gate is Gate.PLAY
            self._arm(max(0.0, self._next_turn - time.monotonic()) if paced else 0.0)
            return
        delays = []
        if self._ui_timers:
            delays.append(max(0.0, self._ui_timers[0][0] - time.monotonic()))
        if self._shop_may_run():
            timer = self.next_timer()
            for when in (timer.when() if timer else None, self.horizon):
                delay = None if when is None else self.clock.real_delay(when)
                if delay is not None:
                    delays.append(delay)
        if delays:
            self._arm(min(delays))

    def stop(self) -> None:
        """Stop run_forever, unless the program asks while `program_stop_refused` is
        connected: then that is told, and the loop goes on."""
        asked_by_program = self.shop_token and SHOP_WORK.get() == self.shop_token
        if self.program_stop_refused.connected and asked_by_program:
            self.program_stop_refused.emit()
            return
        super().stop()

    def halt(self) -> None:
        """Pause the shop and stop run_forever at once: no timer is jumped to after this."""
        self.pause()
        super().stop()

    def close(self) -> None:
        with contextlib.suppress(RuntimeError):  # Qt deleted the timer already (at exit)
            self._pump.stop()
        self.ready.clear()
        self.timers.clear()
        self._ui_ready.clear()
        self._ui_timers.clear()
        if self._unwinding is not None:
            self._unwinding.stop()
        super().close()  # asyncio's: the default executor is shut down without waiting
        for kind in (READ, WRITE):
            for number in list(self._watchers[kind]):
                self._drop_watcher(kind, number)
