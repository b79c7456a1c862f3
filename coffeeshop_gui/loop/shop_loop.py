"""The shop loop: a qasync event loop with its own ready lane, timer heap and virtual clock.

Stock qasync starts and kills one Qt timer per `call_soon`, which is slow and starves
painting. This loop keeps the ready deque and timer heap itself and drains them from one
single-shot Qt timer, armed only while work is pending and yielding to Qt every few
milliseconds. Owning the lane is also what makes the teaching controls possible: the
program's callbacks ("shop work") can be paused or stepped one turn at a time, while Qt
and the UI's own callbacks keep running, and each shop callback is observed as it runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import heapq
import itertools
import time
from collections import deque
from collections.abc import Callable
from enum import Enum
from typing import Any

import qasync
from PySide6.QtCore import QCoreApplication, Qt, QTimer

from coffeeshop_gui.engine.clock import VirtualClock
from coffeeshop_gui.engine.instrumented import Instrumented
from coffeeshop_gui.engine.recorder import SHOP_WORK, is_shop_handle
from coffeeshop_gui.engine.watchdog import Watchdog

SLICE_SECONDS = 0.008  # run shop work at most this long before letting Qt paint
HOLD_SECONDS = 0.004  # while the window holds the shop, it asks again this often

# call_soon fills a Handle's slots itself when they are the ones it knows (3.10-3.13 alike);
# tests/loop/test_ordering.py checks the result against asyncio's own Handle.
_LEAN_HANDLES = set(asyncio.Handle.__slots__) == {
    "_callback", "_args", "_cancelled", "_loop", "_source_traceback", "_repr", "_context",
    "__weakref__",
}  # fmt: skip
_new_handle = asyncio.Handle.__new__


class Gate(str, Enum):
    """Whether shop callbacks may run."""

    PLAY = "play"
    PAUSED = "paused"
    STEP = "step"  # one turn per step() call


class ShopLoop(Instrumented, qasync.QEventLoop):
    """The app's one asyncio loop; `ready` and `timers` are the real queues, drawn as-is."""

    def __init__(self, app: QCoreApplication | None = None, clock: VirtualClock | None = None):
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
        self.last_turn: asyncio.Handle | None = None  # the shop callback run most recently
        self.pace = 0.0  # real seconds between turns in play; 0 = as fast as possible
        self._next_turn = 0.0
        self._clock_held = False
        self._pumping = False
        # The window's say: True while it has more of the log to draw than it can in a few
        # frames. Shop turns wait meanwhile, so the picture trails the loop by a bounded
        # amount however fast a rush runs; no window (headless, benchmarks), no waiting.
        self.hold: Callable[[], bool] | None = None
        self._holding = False
        self._pump = QTimer()
        self._pump.setSingleShot(True)
        self._pump.setTimerType(Qt.TimerType.PreciseTimer)
        self._pump.timeout.connect(self._run_pending)
        self._armed_for: float | None = None  # real time the pump is set to fire at
        # Called instead of stopping when the program's own code calls loop.stop(): the
        # shop, not the program, decides when it closes (see stop).
        self.on_program_stop: Callable[[], None] | None = None

    # -- scheduling (asyncio's interface) ------------------------------------------------

    def call_soon(self, callback: Any, *args: Any, context: Any = None) -> asyncio.Handle:
        # The hottest path of a rush (every task step comes through here): kept lean.
        if self._closed:
            raise RuntimeError("Event loop is closed")
        if self._debug or not _LEAN_HANDLES:
            handle = asyncio.Handle(callback, args, self, context)
            context = handle._context
        else:  # Handle.__init__, less its call and its loop.get_debug() call: ~5% of a step
            if context is None:
                context = contextvars.copy_context()
            handle = _new_handle(asyncio.Handle)
            handle._context = context
            handle._loop = self
            handle._callback = callback
            handle._args = args
            handle._cancelled = False
            handle._repr = None
            handle._source_traceback = None
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

    def call_later(self, delay: float, callback: Any, *args: Any, context: Any = None) -> Any:
        return self.call_at(self.time() + delay, callback, *args, context=context)

    def call_at(self, when: float, callback: Any, *args: Any, context: Any = None) -> Any:
        self._check_closed()
        timer = asyncio.TimerHandle(when, callback, args, self, context)
        timer._scheduled = True
        if is_shop_handle(timer, self.shop_token):
            heapq.heappush(self.timers, timer)
            if self.recorder is not None:
                self.recorder.timer_added(timer)
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
            self.recorder.timer_done(handle, fired=False)
        self._cancelled_timers += 1
        if self._cancelled_timers > 64 and self._cancelled_timers > len(self.timers) // 2:
            self.timers = [t for t in self.timers if not t._cancelled]
            heapq.heapify(self.timers)
            self._cancelled_timers = 0

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
        self._clock_held = False
        self.clock.set_rate(self.speed)
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
        if self.pace == 0 and self._clock_held:
            self._clock_held = False
            self.clock.set_rate(self.speed)
        self._arm(0.0)

    def next_timer(self) -> asyncio.TimerHandle | None:
        """The next live shop timer, dropping cancelled ones from the top of the heap."""
        while self.timers and self.timers[0]._cancelled:
            heapq.heappop(self.timers)._scheduled = False
            self._cancelled_timers = max(0, self._cancelled_timers - 1)
        return self.timers[0] if self.timers else None

    @property
    def idle(self) -> bool:
        """No shop work is ready or waiting on a timer or a thread."""
        return not self.ready and self.next_timer() is None and not self.jobs_pending

    # -- the pump: one single-shot Qt timer drains both lanes ----------------------------

    horizon: float | None = None  # shop time at which the shop pauses by itself
    on_horizon: Any = None  # called (once) when the horizon is reached

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
        self._hold_clock_while_paced()
        self._rearm()

    def _hold_clock_while_paced(self) -> None:
        """In slow motion, shop time stands still while turns wait in the ready queue.

        A turn takes microseconds of real CPU; pacing only spaces the turns out for the
        eye, so the program still sees exactly the timings it would without pacing.
        """
        held = self.pace > 0 and self.gate is Gate.PLAY and bool(self.ready)
        if held != self._clock_held:
            self._clock_held = held
            self.clock.set_rate(0.0 if held else self.speed)

    def _run_ui_lane(self) -> None:
        now = time.monotonic()
        while self._ui_timers and self._ui_timers[0][0] <= now:
            timer = heapq.heappop(self._ui_timers)[2]
            timer._scheduled = False
            self._ui_ready.append(timer)
        deadline = time.perf_counter() + SLICE_SECONDS
        while self._ui_ready and time.perf_counter() < deadline:
            handle = self._ui_ready.popleft()
            if not handle._cancelled:
                handle._run()

    def _run_shop_lane(self) -> None:
        self._holding = self.hold is not None and self.hold()
        if self._holding:
            return
        deadline = time.perf_counter() + SLICE_SECONDS
        paced = self.pace > 0 and self.gate is Gate.PLAY
        if paced and time.monotonic() < self._next_turn:
            return
        while self._shop_may_run():
            if self._reached_horizon():
                return
            self._release_due_timers()
            if not self.ready:
                if self._jump_to_next_timer():
                    continue
                return
            if paced or self.gate is Gate.STEP:
                if self._take_turn(self.ready.popleft()) and paced:
                    self._next_turn = time.monotonic() + self.pace
                    return
            else:
                self._run_batch(deadline)
            if time.perf_counter() >= deadline:
                return

    def _take_turn(self, handle: asyncio.Handle) -> bool:
        """One turn at the counter; False if the handle was cancelled while it waited."""
        if handle._cancelled:
            return False
        if self.gate is Gate.STEP:
            self._steps_allowed -= 1
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
        pop, perf_counter = self.ready.popleft, time.perf_counter
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
                    if not taken & 63 and perf_counter() >= deadline:
                        return
            else:
                for taken in range(1, len(self.ready) + 1):
                    handle = pop()
                    if handle._cancelled:
                        skipped += 1
                        continue
                    recorder.run(handle, watchdog)
                    if not taken & 63 and perf_counter() >= deadline:
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
        if self.on_horizon is not None:
            self.on_horizon()
        return True

    def _release_due_timers(self) -> None:
        now = self.clock.now()
        timer = self.next_timer()
        while timer is not None and timer.when() <= now:
            heapq.heappop(self.timers)._scheduled = False
            self.ready.append(timer)
            timer = self.next_timer()

    def _jump_to_next_timer(self) -> bool:
        """Fast-forward (or a step with nothing ready): move shop time to the next timer."""
        if self.jobs_pending or not (self.clock.fast_forward or self.gate is Gate.STEP):
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
        """Stop run_forever, unless the program asks: then `on_program_stop` is told."""
        asked_by_program = self.shop_token and SHOP_WORK.get() == self.shop_token
        if self.on_program_stop is not None and asked_by_program:
            self.on_program_stop()
            return
        super().stop()

    def call_soon_threadsafe(self, callback: Any, *args: Any, context: Any = None) -> Any:
        # as asyncio's loops do: a thread that posts until the loop is closed then stops
        if self._closed:
            raise RuntimeError("Event loop is closed")
        return super().call_soon_threadsafe(callback, *args, context=context)

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
        super().close()
