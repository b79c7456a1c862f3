"""Watches the loop's handles and tasks and appends what happened to the event log.

The C Task schedules every step and every wake-up through `loop.call_soon(...)`, with the
Task as the callback's `__self__` (a wake-up carries the finished Future as its argument).
A loop that calls `queued` when a handle enters its ready queue and has `run` run it
therefore sees every step of every task, on any Python 3.10-3.13.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import itertools
import types
import weakref
from collections.abc import Callable, Iterable
from time import perf_counter
from types import FrameType, TracebackType
from typing import TYPE_CHECKING, Any

from coffeeshop_gui.engine.chain import read_chain, short_repr, snapshot_locals
from coffeeshop_gui.engine.clock import VirtualClock
from coffeeshop_gui.engine.outside import Outside, function_name
from coffeeshop_gui.engine.slips import SlipBook, listen_for_unawaited
from coffeeshop_gui.engine.timers import ShopHandle, TimerBook
from coffeeshop_gui.engine.waits import describe_wait
from coffeeshop_gui.engine.watchdog import LoopBlockedError
from coffeeshop_gui.model import events as ev
from coffeeshop_gui.model.log import RESUMED_AGAIN as _RESUMED_AGAIN
from coffeeshop_gui.model.log import RESUMED_STEP as _RESUMED_STEP
from coffeeshop_gui.model.log import STEP as _STEP
from coffeeshop_gui.model.log import STEP_AGAIN as _STEP_AGAIN
from coffeeshop_gui.model.log import EventLog

if TYPE_CHECKING:
    from coffeeshop_gui.engine.watchdog import Watchdog

# Set, to the run's token, in the context the program's main task is created in; every task,
# step and timer of the program inherits it, so the loop can tell the shown program's work
# from the UI's own callbacks and from a previous run that is being cancelled.
SHOP_WORK: contextvars.ContextVar[int] = contextvars.ContextVar("coffeeshop_work", default=0)


def is_shop_handle(handle: ShopHandle, token: int) -> bool:
    """True if the handle belongs to the run with this token (its context carries it)."""
    context = handle._context
    return token != 0 and context is not None and context.get(SHOP_WORK, 0) == token


def task_of(handle: ShopHandle) -> asyncio.Task[Any] | None:
    """The Task whose step or wake-up this handle is, if it is one."""
    return _turn_of(handle._callback)


def _turn_of(callback: Any) -> asyncio.Task[Any] | None:
    """The Task `callback` is a step or a wake-up of, else None: a Task's other methods
    queued by the program (`call_soon(task.cancel)`) are plain callbacks, no turn of its."""
    owner = getattr(callback, "__self__", None)
    if not isinstance(owner, asyncio.Task):
        return None
    if type(callback) is _STEP_CALLBACK or getattr(callback, "__name__", None) in _TURNS:
        return owner
    return None


class Recorder:
    """Turns handles and tasks into events; holds no strong reference to either."""

    def __init__(
        self,
        log: EventLog,
        now: Callable[[], float],
        files: Iterable[str] = (),
        *,
        snapshot: bool = True,
    ) -> None:
        self.log = log
        self._record = log.record  # the hot path: a compact record, see model/log.py
        self._flat = log.flat  # where a step's start is put back (see run)
        self.files: set[str] = set(files)
        self.snapshot = snapshot
        self._now = now
        # The shop's clock, if `now` is its: a step reads its time without a call while it
        # stands still (a rush's common case; see VirtualClock.still_at).
        clock = getattr(now, "__self__", None)
        self._clock: VirtualClock | _NoClock = (
            clock
            if isinstance(clock, VirtualClock)
            and getattr(now, "__func__", None) is VirtualClock.now
            else _NoClock()
        )
        self._ids = itertools.count(1)
        self._tasks: weakref.WeakKeyDictionary[asyncio.Task[Any], list[Any]] = (
            weakref.WeakKeyDictionary()
        )
        self._untaggable = False  # a task that refuses attributes went into _tasks
        self._futures: weakref.WeakKeyDictionary[object, int] = weakref.WeakKeyDictionary()
        # id -> weak reference, swept now and then: a WeakValueDictionary's references with
        # callbacks cost ~3 µs a task to make and again to die, a plain one ~0.1 µs.
        self._by_id: dict[int, weakref.ref[Any]] = {}
        self._sweep_at = SWEEP_AT_LEAST
        self.timers = TimerBook(log, now, self._ids, self._known, self.future_id)
        # Tasks created during the running step: create_task(name=...) names them only
        # after creating them (3.10-3.12), so their names are read again when it ends.
        self._fresh: list[asyncio.Task[Any]] = []
        self.slips = SlipBook(log, now, self._ids, self._known)
        # The book's own dicts, read on the hot path without going through the book.
        self._pending_slips, self._gone = self.slips.pending, self.slips.gone
        # Told of a SystemExit or KeyboardInterrupt out of a step (the task has already ended
        # with it): headless, the run ends as asyncio.run's would; the window quits on ^C.
        self.on_exit: Callable[[BaseException], None] | None = None
        # Told how long a callback that held the thread ran (the loop's clock counts it).
        self.on_blocked: Callable[[float], None] | None = None
        listen_for_unawaited(self.slips)

    # -- ids ---------------------------------------------------------------------------

    def _info(self, task: asyncio.Task[Any]) -> list[Any] | None:
        """[id, last seen name] for a task this recorder has seen, else None.

        Kept on the task itself (one getattr, ~20x cheaper than a WeakKeyDictionary lookup,
        and gone with the task); the weak map serves a Task subclass that refuses attributes.
        """
        tag = getattr(task, "_coffeeshop", None)
        if tag is not None:
            return tag[1] if tag[0] is self else None
        # Every new task is looked for before it is tagged: skip the weak map if unused.
        return self._tasks.get(task) if self._untaggable else None

    def task_id(self, task: asyncio.Task[Any]) -> int:
        """The task's id, recording its creation the first time it is seen."""
        info = self._info(task)
        if info is None:
            info = [next(self._ids), task.get_name()]
            try:
                task._coffeeshop = (self, info)  # type: ignore[attr-defined]
            except AttributeError:
                self._tasks[task] = info
                self._untaggable = True
            self._remember(info[0], task)
            self._created(task, info[0])
            self._fresh.append(task)
        tid: int = info[0]
        return tid

    def thrown_away(self, task: object) -> bool:
        """asyncio is destroying this task while it waits: a loop holds its tasks only
        weakly, nothing else held this one, and the garbage collector took it. Its customer
        fails there, in asyncio's words. False for a task never recorded (asyncio says it)."""
        tid = self.known_id(task) if isinstance(task, asyncio.Task) else None
        if tid is None:
            return False
        self._record((_FAILED, self._now(), tid, THROWN_AWAY, THROWN_AWAY_WHY, None))
        return True

    def shows_failure_of(self, task: asyncio.Task[Any]) -> None:
        """The shop sent this customer in (a rush, a drag): if it fails, its customer shows
        it, so asyncio need not also print "Task exception was never retrieved" for it.

        A rush of failing customers would otherwise print a traceback for each as it is
        let go (and stall the loop to do so). The program's own tasks keep asyncio's report.
        """
        with contextlib.suppress(AttributeError):  # a Task subclass that refuses attributes
            task._coffeeshop_shown = True  # type: ignore[attr-defined]

    def _known(self, task: asyncio.Task[Any] | None) -> int | None:
        info = self._info(task) if task is not None else None
        return info[0] if info is not None else None

    def known_id(self, task: asyncio.Task[Any]) -> int | None:
        """The task's id if it has been recorded, without recording it."""
        info = self._info(task)
        return None if info is None else info[0]

    def find(self, object_id: int) -> Any:
        """The live task or future an event's id stands for (None once it is gone)."""
        ref = self._by_id.get(object_id)
        return None if ref is None else ref()

    def tasks(self) -> list[asyncio.Task[Any]]:
        """The recorded tasks still alive in memory."""
        return [t for ref in list(self._by_id.values()) if isinstance(t := ref(), asyncio.Task)]

    def tracked(self) -> int:
        """How many ids `find` can look up now: the live objects, and the dead ones not yet
        swept. A memory read-out: it stays near what is alive, however long the run."""
        return len(self._by_id)

    def _remember(self, object_id: int, obj: object) -> None:
        """Let `find` reach the object while it lives (not at all if it refuses weak refs)."""
        try:
            self._by_id[object_id] = weakref.ref(obj)
        except TypeError:
            return
        if len(self._by_id) > self._sweep_at:  # forget the dead; amortized O(1) a call
            self._by_id = {i: ref for i, ref in self._by_id.items() if ref() is not None}
            self._sweep_at = max(SWEEP_AT_LEAST, 2 * len(self._by_id))

    def future_id(self, future: object) -> int:
        tag = getattr(future, "_coffeeshop_id", None)
        if tag is not None and tag[0] is self:
            known: int = tag[1]
            return known
        fid = next(self._ids)
        try:
            future._coffeeshop_id = (self, fid)  # type: ignore[attr-defined]
        except AttributeError:
            try:
                fid = self._futures.setdefault(future, fid)
            except TypeError:  # not weak-referenceable either: identify by address
                return id(future)
        self._remember(fid, future)
        return fid

    def _created(self, task: asyncio.Task[Any], tid: int) -> None:
        # Once a task, ten steps or so: a rush's customers pay this as much as a step.
        coro = task.get_coro()
        code = getattr(coro, "cr_code", None)  # not cr_frame: since 3.11 that makes a frame
        if code is None:
            frame = getattr(coro, "cr_frame", None)
            code = None if frame is None else frame.f_code
        line = code.co_firstlineno if code is not None and code.co_filename in self.files else None
        parent = asyncio.current_task(task.get_loop())
        pinfo = self._info(parent) if parent is not None else None
        pid = pinfo[0] if pinfo is not None else None
        name = getattr(coro, "__qualname__", None) or type(coro).__name__
        slip = self.slips.handed_in(coro) if self._pending_slips else None
        self._record((_CREATED, self._now(), tid, task.get_name(), name, pid, line, slip))

    # -- the ready queue ---------------------------------------------------------------

    # queued and run run for every step of every task: a rush makes hundreds of
    # thousands of calls, so they look ids up inline and write compact records.

    def queued(self, handle: ShopHandle) -> None:
        """A shop handle entered the ready queue."""
        callback: Any = handle._callback
        if type(callback) is _STEP_CALLBACK:
            task = callback.__self__
            tag = getattr(task, "_coffeeshop", None)
            if tag is not None and tag[0] is self:
                # A step of a task seen stepping: asyncio's C Task queues one only as the
                # last act of its own step (a bare yield); the step's record says so (run).
                return
        else:
            task = _turn_of(callback)
            if task is None:  # a plain callback, or a Task's other method (its `cancel`)
                return
            tag = getattr(task, "_coffeeshop", None)
        tid = tag[1][0] if tag is not None and tag[0] is self else self.task_id(task)
        args = handle._args
        if args:
            future = args[0]
            cancelled = isinstance(future, asyncio.Future) and future.cancelled()
            self._record((_WOKEN, self._now(), tid, self.future_id(future), cancelled))
        else:
            self._record((_SCHEDULED, self._now(), tid))

    def run(self, handle: ShopHandle, watchdog: Watchdog | None = None) -> None:
        """Run one shop handle and record the step it is: the hot path of every task step.

        A step's start is written when the step ends: in one record with its end (and the
        task queueing its own next step) if nothing else was written meanwhile, else put
        back where the step began, ahead of what the step wrote. Either way the log reads
        as if each event had been written as it happened, at the time it happened.

        This is the path of a step of a task seen before, queued by the task itself (a
        bare yield's next step), timed by a watchdog (as a session's always are);
        `_run_step` takes every other, by the same rules.
        """
        callback: Any = handle._callback
        if type(callback) is not _STEP_CALLBACK or watchdog is None:
            self._run_step(handle, watchdog)
            return
        task = callback.__self__
        try:
            tag = task._coffeeshop  # a task not tagged yet is no shop work queued since
        except AttributeError:
            tag = None
        if tag is None or tag[0] is not self:
            self._run_step(handle, watchdog)
            return
        info = tag[1]
        tid: int = info[0]
        if task.get_name() != info[1]:
            self._check_name(task)
        clock = self._clock
        started = clock.still_at
        if started is None:
            started = self._now()
        flat = self._flat
        mark = len(flat)  # where the step's start goes
        watchdog.turn = turn = (tid, perf_counter())  # watchdog.begin(tid), inlined
        try:
            _run(handle)
        except (SystemExit, KeyboardInterrupt) as exc:
            mark = self._exited(exc, tid, started, None, mark)
        finally:
            watchdog.turn = None  # watchdog.end(turn), inlined
        waiter = task._fut_waiter
        if (
            len(flat) != mark  # the step wrote something: its start goes in front of it
            or watchdog.noticed is turn
            or self._fresh
            or self._pending_slips
            or self._gone
            or (waiter is None and task.done())
        ):
            self._step_ended(task, tid, started, None, mark, turn, watchdog)
            return
        chain, awaiting, frame = read_chain(task.get_coro(), self.files)
        now = clock.still_at
        self._record(
            (
                _STEP_AGAIN if waiter is None else _STEP,  # no future: it queued its next step
                tid,
                started,
                self._now() if now is None else now,
                chain[-1][1] if chain else None,
                chain,
                None if waiter is None else self.future_id(waiter),
                awaiting,
                self._snapshot(frame, tid, watchdog) if self.snapshot else (),
            )
        )
        if waiter is not None:
            self._outside(task, tid, waiter)

    def _run_step(self, handle: ShopHandle, watchdog: Watchdog | None) -> None:
        """`run` for a woken task's step, a task's first, a timer or a plain callback."""
        task: Any = _turn_of(handle._callback)
        tag = getattr(task, "_coffeeshop", None)
        if tag is not None and tag[0] is self and not isinstance(handle, asyncio.TimerHandle):
            info = tag[1]
        else:
            info = self._first_look(handle, task)
        if info is None:  # a timer or a plain callback: timed, but no task's step
            self._run_other(handle, watchdog)
            return
        tid: int = info[0]
        if task.get_name() != info[1]:
            self._check_name(task)
        started = self._now()
        args = handle._args
        resumed = None if not args else (self.future_id(args[0]), _outcome(args[0]))
        flat = self._flat
        mark = len(flat)
        turn: tuple[int | None, float] | None = None
        if watchdog is not None:
            watchdog.turn = turn = (tid, perf_counter())
        try:
            _run(handle)
        except (SystemExit, KeyboardInterrupt) as exc:
            mark = self._exited(exc, tid, started, resumed, mark)
        finally:
            if watchdog is not None:
                watchdog.turn = None
        waiter = task._fut_waiter
        if (
            len(flat) != mark
            or (watchdog is not None and watchdog.noticed is turn)
            or self._fresh
            or self._pending_slips
            or self._gone
            or (waiter is None and task.done())
        ):
            self._step_ended(task, tid, started, resumed, mark, turn, watchdog)
            return
        chain, awaiting, frame = read_chain(task.get_coro(), self.files)
        again = waiter is None and isinstance(task, _STEPPED_TASK)
        line = chain[-1][1] if chain else None
        fid = None if waiter is None else self.future_id(waiter)
        cells = self._snapshot(frame, tid, watchdog) if self.snapshot else ()
        now = self._now()
        if resumed is None:
            kind = _STEP_AGAIN if again else _STEP
            self._record((kind, tid, started, now, line, chain, fid, awaiting, cells))
        else:
            kind = _RESUMED_AGAIN if again else _RESUMED_STEP
            self._record((kind, tid, started, *resumed, now, line, chain, fid, awaiting, cells))
        if waiter is not None:
            self._outside(task, tid, waiter)

    def _exited(
        self,
        exc: BaseException,
        tid: int,
        started: float,
        resumed: tuple[int, str] | None,
        mark: int,
    ) -> int:
        """A step raised SystemExit or KeyboardInterrupt: it has already ended its task
        with it (asyncio stores it, then re-raises), so the customer fails; `on_exit`
        decides whether the shop goes on. The step's start is written first, ahead of
        what on_exit writes, and the mark returned is then -1: written already."""
        if self.on_exit is None:
            return mark
        self._put_start(tid, started, resumed, mark)
        self.on_exit(exc)
        return -1

    def _step_ended(
        self,
        task: Any,
        tid: int,
        started: float,
        resumed: tuple[int, str] | None,
        mark: int,
        turn: tuple[int | None, float] | None,
        watchdog: Watchdog | None,
    ) -> None:
        """The end of a step that is not one record: its start goes where the step began
        (unless the mark is -1: written already), then what came after the step's own
        writes, in order: its queueing of its own next step, a held thread's report, the
        names and slips to catch up on, and how the step ended."""
        if mark >= 0:
            self._put_start(tid, started, resumed, mark)
        if task._fut_waiter is None and not task.done() and isinstance(task, _STEPPED_TASK):
            self._record((_SCHEDULED, self._now(), tid))  # its last act, after all it wrote
        if turn is not None and watchdog is not None and watchdog.noticed is turn:
            self._held(turn, watchdog)
        if self._fresh or self._pending_slips or self._gone:
            self._catch_up(task)
        if task.done():
            self._record(self._ending(task, tid, self._now()))
            return
        chain, awaiting, frame = read_chain(task.get_coro(), self.files)
        waiter = task._fut_waiter
        self._record(
            (
                _SUSPENDED,
                self._now(),
                tid,
                chain[-1][1] if chain else None,
                chain,
                None if waiter is None else self.future_id(waiter),
                awaiting,
                self._snapshot(frame, tid, watchdog) if self.snapshot else (),
            )
        )
        if waiter is not None:
            self._outside(task, tid, waiter)

    def _put_start(
        self, tid: int, started: float, resumed: tuple[int, str] | None, mark: int
    ) -> None:
        """Write the step's start where the step began, ahead of all it wrote."""
        if resumed is None:
            self._flat[mark:mark] = (_STEP_STARTED, started, tid)
        else:
            self._flat[mark:mark] = (_RESUMED, started, tid, *resumed)

    def _run_other(self, handle: ShopHandle, watchdog: Watchdog | None) -> None:
        """Run a shop handle that is no task's step (a timer, a plain callback), timed."""
        turn: tuple[int | None, float] | None = None
        if watchdog is not None:
            watchdog.turn = turn = (None, perf_counter())
        try:
            _run(handle)
        except (SystemExit, KeyboardInterrupt) as exc:
            if self.on_exit is not None:
                self.on_exit(exc)
        finally:
            if watchdog is not None:
                watchdog.turn = None
        if turn is not None and watchdog is not None and watchdog.noticed is turn:
            self._held(turn, watchdog)

    def _held(self, turn: tuple[int | None, float], watchdog: Watchdog) -> None:
        """A turn the watchdog noticed has ended: the clock counts its time, the log says it."""
        held = watchdog.held(turn)
        if self.on_blocked is not None:
            self.on_blocked(held)
        watchdog.report(turn, held)

    def _outside(self, task: asyncio.Task[Any], tid: int, waiter: object) -> None:
        outside = getattr(task.get_loop(), "outside", None)
        if outside is not None and outside.busy:  # nothing out there: no wait on it
            self._waits_on(task, tid, waiter, outside)

    def _waits_on(
        self, task: asyncio.Task[Any], tid: int, waiter: object, outside: Outside
    ) -> None:
        """Name what the task waits on outside the loop, when it is the outside world."""
        wait = describe_wait(task.get_coro(), waiter, self.files, outside)
        if wait is not None:
            self.log.append(ev.WaitsOn(self._now(), tid, wait.words, wait.fd, wait.kind))

    def _snapshot(
        self, frame: FrameType | None, tid: int, watchdog: Watchdog | None
    ) -> tuple[tuple[str, str], ...]:
        """The card's locals, timed by the watchdog like a turn: a `__repr__` is the
        program's code, and one that never returns would hang the shop."""
        if watchdog is None:
            return snapshot_locals(frame)
        watchdog.turn = turn = (tid, perf_counter())
        try:
            return snapshot_locals(frame)
        except LoopBlockedError:  # interrupted between two reprs
            return (("…", "<a __repr__ held the loop: stopped>"),)
        finally:
            watchdog.turn = None
            if watchdog.noticed is turn:
                watchdog.report(turn)

    def _first_look(self, handle: ShopHandle, task: object) -> list[Any] | None:
        """[id, name] of the task this handle steps (recording a task seen for the first
        time); None for a timer, whose firing is recorded instead, or a plain callback."""
        if isinstance(handle, asyncio.TimerHandle):
            self.timers.done(handle, fired=True)
            return None
        if not isinstance(task, asyncio.Task):
            return None
        self.task_id(task)
        return self._info(task)

    def _check_name(self, task: asyncio.Task[Any]) -> None:
        info = self._info(task)
        assert info is not None  # a task the recorder knows: it was seen stepping
        name = task.get_name()
        if name != info[1]:
            info[1] = name
            self.log.append(ev.TaskRenamed(self._now(), info[0], name))

    def _catch_up(self, task: asyncio.Task[Any]) -> None:
        """After a step: names given to tasks it created, slips it awaited or let go."""
        while self._fresh:
            self._check_name(self._fresh.pop())
        if self._pending_slips:
            self.slips.check(task)
        if self._gone:
            self.slips.settle_gone()

    def _ending(self, task: asyncio.Task[Any], tid: int, now: float) -> tuple[Any, ...]:
        """The record of how the task ended: Finished, Failed or Cancelled."""
        if task.cancelled():
            return (_CANCELLED, now, tid)
        # Read _exception, not exception(): that would mark it retrieved and silence
        # asyncio's own "exception was never retrieved" report.
        error = getattr(task, "_exception", None)
        if error is None:
            result = task.result()
            return (_FINISHED, now, tid, "None" if result is None else short_repr(result))
        if getattr(task, "_coffeeshop_shown", False):
            task._log_traceback = False  # retrieved: its customer shows the failure
        line = self._program_line(error.__traceback__)
        return (_FAILED, now, tid, type(error).__name__, str(error)[:ERROR_TEXT], line)

    def _program_line(self, tb: TracebackType | None) -> int | None:
        line = None
        while tb is not None:
            if tb.tb_frame.f_code.co_filename in self.files:
                line = tb.tb_lineno
            tb = tb.tb_next
        return line

    # -- executors and the outside world (timers: engine/timers.py) ----------------------------

    def job_started(
        self, future: asyncio.Future[Any], function: Callable[..., Any], kind: str = "thread"
    ) -> int:
        job = next(self._ids)
        task = asyncio.current_task(future.get_loop())
        tid = self._known(task)
        name = function_name(function)
        self.log.append(ev.JobStarted(self._now(), job, tid, name, self.future_id(future), kind))
        return job

    def measured(self, label: str, seconds: float, task: asyncio.Task[Any] | None) -> None:
        tid = self._known(task)
        self.log.append(ev.Measured(self._now(), tid, label, round(seconds, 4)))

    def line_opened(self, fd: int, kind: str, what: str) -> None:
        """The loop watches `fd` for the program now (see engine/outside.py)."""
        try:
            task = asyncio.current_task()
        except RuntimeError:  # add_reader before the loop runs
            task = None
        self.log.append(ev.LineOpened(self._now(), fd, kind, what, self._known(task)))

    def line_closed(self, fd: int, kind: str) -> None:
        self.log.append(ev.LineClosed(self._now(), fd, kind))

    def outside_ready(
        self,
        what: str,
        fd: int | None,
        queued: Iterable[asyncio.Handle],
        futures: Iterable[object] = (),
    ) -> None:
        """The outside world answered; `queued` are the handles its callback queued,
        `futures` the ones it completed whose waiters wake later (a child's exit)."""
        woken = []
        for handle in queued:
            task = task_of(handle)
            tid = None if task is None or not handle._args else self._known(task)
            if tid is not None:
                woken.append(tid)
        done = tuple(self.future_id(future) for future in futures)
        self.log.append(ev.OutsideReady(self._now(), what, fd, tuple(woken), done))

    def job_finished(self, job: int) -> None:
        self.log.append(ev.JobFinished(self._now(), job))


# An exception's message is kept up to this many characters in its Failed event: more than
# the card's few lines show, and a message the size of a file never sits in the log.
ERROR_TEXT = 200
SWEEP_AT_LEAST = 1024  # ids kept before the first sweep of dead references
_WOKEN, _SCHEDULED = ev.KIND[ev.Woken], ev.KIND[ev.Scheduled]
_run = asyncio.Handle._run  # not a subclass's own _run: this is what it calls


class _NoClock:
    """A recorder's clock when its `now` is not a VirtualClock's: never known to stand still."""

    still_at: float | None = None


class _NoteStep:
    """Stands in for a loop to a new Task, which queues its first step through it."""

    callback_type: type = type(None)

    def get_debug(self) -> bool:
        return False

    def call_soon(self, callback: object, *args: object, context: object = None) -> None:
        self.callback_type = type(callback)


def _step_callback_type() -> type:
    """The type of the callback asyncio's Task queues its steps with (the C Task's own);
    no type at all if it is a plain bound method, which a program's calls may be too."""
    note, coro = _NoteStep(), asyncio.sleep(0)
    try:
        task = asyncio.Task(coro, loop=note)  # type: ignore[arg-type]
        task._log_destroy_pending = False  # type: ignore[attr-defined]  # it never runs
    finally:
        coro.close()
    kind = note.callback_type
    return _NoStepType if kind is types.MethodType else kind


class _NoStepType:
    """No callback is of this type."""


_STEP_CALLBACK: Any = _step_callback_type()
# Besides `_STEP_CALLBACK`, what a Task queues its turns with, by name: the C Task's
# wake-up, and the pure-Python Task's step and wake-up (bound methods, like any other).
_TURNS = frozenset({"task_wakeup", "__step", "__wakeup"})
# Tasks that queue their steps with it: a step of one that ends with no future to wait on
# queued the task's next step as its last act (`queued` leaves that to the step's record).
_STEPPED_TASK: type = _NoStepType if _STEP_CALLBACK is _NoStepType else asyncio.Task
_RESUMED, _STEP_STARTED, _SUSPENDED = (
    ev.KIND[ev.Resumed],
    ev.KIND[ev.StepStarted],
    ev.KIND[ev.Suspended],
)
THROWN_AWAY = "Task was destroyed but it is pending"  # asyncio's words, without the "!"
THROWN_AWAY_WHY = "nothing kept a reference to it (keep what create_task returns)"
_CREATED, _FINISHED, _FAILED, _CANCELLED = (
    ev.KIND[ev.TaskCreated],
    ev.KIND[ev.Finished],
    ev.KIND[ev.Failed],
    ev.KIND[ev.Cancelled],
)


def _outcome(future: object) -> str:
    """What `await future` hands back to the resumed coroutine."""
    if not isinstance(future, asyncio.Future):
        return ""
    if future.cancelled():
        return "CancelledError()"
    error = getattr(future, "_exception", None)
    if error is not None:
        return f"{type(error).__name__}()"
    return short_repr(future.result())
