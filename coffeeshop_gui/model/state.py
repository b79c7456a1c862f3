"""The shop as it stands after a prefix of the log: `state = fold(events[:t])`.

The state is only ever built by applying events in order, so replaying a log gives the
same shop as watching it live, and a test can assert on the state without a window.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

from coffeeshop_gui.model import events as ev

KEEP_RESOLVED_SLIPS = 100


class CustomerState(str, Enum):
    """Where a customer is in the story."""

    QUEUED = "queued"  # a handle for it is in the ready queue: standing in line
    RUNNING = "running"  # at the counter: its coroutine is running now
    WAITING = "waiting"  # sitting down with a buzzer: suspended on a Future
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"

    ended: bool  # the task is over (set for each member below)


# A plain attribute, not a property: views ask it of every customer, every frame.
for _state in CustomerState:
    _state.ended = _state in (CustomerState.DONE, CustomerState.FAILED, CustomerState.CANCELLED)


@dataclass(slots=True)
class Customer:
    """One task as the shop shows it."""

    id: int
    name: str
    coro: str
    parent: int | None
    created: float
    state: CustomerState = CustomerState.QUEUED
    line: int | None = None
    chain: tuple[ev.Frame, ...] = ()
    future: int | None = None
    awaiting: str = ""
    buzzer_lit: bool = False
    locals: tuple[tuple[str, str], ...] = ()
    value: str | None = None
    error: str | None = None
    steps: int = 0
    ended_at: float | None = None
    blocked: ev.Blocked | None = None  # the last time it held the whole shop up
    cancelled_at: int | None = None  # the line CancelledError was raised at


@dataclass(slots=True)
class Slip:
    """An order slip: a coroutine object, from its creation to its task, await or the bin."""

    id: int
    recipe: str
    holder: int | None
    written: float
    state: str = "written"  # "written", "handed in", "awaited", "dropped"
    task: int | None = None
    warning: str = ""


@dataclass(slots=True)
class Brew:
    """A timer on the loop's heap: drawn as a brew in the espresso machine."""

    id: int
    when: float
    started: float
    task: int | None
    future: int | None
    label: str


@dataclass(slots=True)
class Job:
    """Work handed to an executor (another thread or process)."""

    id: int
    task: int | None
    function: str
    started: float
    kind: str = "thread"


@dataclass(slots=True)
class Line:
    """A descriptor the loop watches for the program: a line to the outside world."""

    fd: int
    kind: str  # "read" or "write"
    what: str  # "socket", "pipe", "subprocess", "child"
    task: int | None  # who asked for it, if a task did
    opened: float
    answered: float | None = None  # when it last became ready
    woke: tuple[int, ...] = ()  # the tasks that readiness woke


@dataclass
class ShopState:
    """Everything a view needs, derived from the events applied so far."""

    now: float = 0.0
    customers: dict[int, Customer] = field(default_factory=dict)
    queue: dict[int, None] = field(default_factory=dict)  # ready order, oldest first
    running: int | None = None
    brews: dict[int, Brew] = field(default_factory=dict)
    jobs: dict[int, Job] = field(default_factory=dict)
    lines: dict[tuple[int, str], Line] = field(default_factory=dict)  # by (fd, kind)
    steps: int = 0
    applied: int = 0
    blocks: list[ev.Blocked] = field(default_factory=list)
    measured: dict[str, float] = field(default_factory=dict)  # label -> seconds, in order
    slips: dict[int, Slip] = field(default_factory=dict)
    keep_ended: int | None = None  # keep this many ended customers (None: all), oldest go
    ended: dict[CustomerState, int] = field(default_factory=dict)  # totals, kept or not
    # Kept up as events apply, so a frame reads them without visiting every customer:
    counts: dict[CustomerState, int] = field(default_factory=dict)  # those kept, by state
    # (line, kind) -> the ids of those marked there, in order of arrival; kind is
    # "waiting" (alive, its last line), "failed" (where it raised) or "cancelled"
    at_line: dict[tuple[int, str], dict[int, None]] = field(default_factory=dict)
    _ended_order: deque[int] = field(default_factory=deque, repr=False)
    _brew_heap: list[tuple[float, int]] = field(default_factory=list, repr=False)
    _resolved_slips: deque[int] = field(default_factory=deque, repr=False)

    def apply(self, event: ev.Event) -> None:
        """Advance the state by one event."""
        self.now = max(self.now, event.t)
        self.applied += 1
        handler = _HANDLERS.get(type(event))
        if handler is not None:
            handler(self, event)

    def apply_all(self, events: Iterable[ev.Event]) -> None:
        for event in events:
            self.apply(event)

    @property
    def alive(self) -> int:
        """Customers not ended (no live one is ever dropped, so `counts` has them all)."""
        return sum(n for state, n in self.counts.items() if not state.ended)

    def soonest_brews(self, count: int) -> list[Brew]:
        """The `count` timers due first, without sorting thousands of them every frame.

        Timers that fired or were cancelled leave stale entries in the heap; they are
        skipped here, and the heap is rebuilt once they outnumber the pending ones.
        """
        heap, brews = self._brew_heap, self.brews
        found: list[tuple[float, int]] = []
        while heap and len(found) < count:
            entry = heapq.heappop(heap)
            if entry[1] in brews:
                found.append(entry)
        for entry in found:
            heapq.heappush(heap, entry)
        return [brews[timer] for _, timer in found]

    def line_counts(self) -> dict[int, int]:
        """How many live customers are at each line (each keeps its last one)."""
        return {line: len(ids) for (line, kind), ids in self.at_line.items() if kind == "waiting"}


def fold(events: Iterable[ev.Event]) -> ShopState:
    """The state after all of `events`, from an empty shop."""
    state = ShopState()
    state.apply_all(events)
    return state


def _mark_of(c: Customer) -> tuple[int, str] | None:
    """The line a customer is marked on in the code, and how; None for no mark."""
    if c.state is CustomerState.FAILED:
        return None if c.line is None else (c.line, "failed")
    if c.state is CustomerState.CANCELLED:
        return None if c.cancelled_at is None else (c.cancelled_at, "cancelled")
    if c.state is CustomerState.DONE or c.line is None:
        return None
    return (c.line, "waiting")


def _unmark(s: ShopState, c: Customer) -> None:
    key = _mark_of(c)
    if key is not None:
        ids = s.at_line[key]
        del ids[c.id]
        if not ids:
            del s.at_line[key]


def _mark(s: ShopState, c: Customer) -> None:
    key = _mark_of(c)
    if key is not None:
        s.at_line.setdefault(key, {})[c.id] = None


def _set_state(s: ShopState, c: Customer, state: CustomerState) -> None:
    counts = s.counts
    counts[c.state] -= 1
    counts[state] = counts.get(state, 0) + 1
    c.state = state


def _created(s: ShopState, e: ev.TaskCreated) -> None:
    s.customers[e.task] = Customer(e.task, e.name, e.coro, e.parent, e.t, line=None)
    s.counts[CustomerState.QUEUED] = s.counts.get(CustomerState.QUEUED, 0) + 1
    slip = s.slips.get(e.slip) if e.slip is not None else None
    if slip is not None:
        slip.state, slip.task = "handed in", e.task
        _resolve_slip(s, slip)


def _slip_written(s: ShopState, e: ev.SlipWritten) -> None:
    s.slips[e.slip] = Slip(e.slip, e.recipe, e.holder, e.t)


def _slip_awaited(s: ShopState, e: ev.SlipAwaited) -> None:
    slip = s.slips.get(e.slip)
    if slip is not None:
        slip.state, slip.task = "awaited", e.task
        _resolve_slip(s, slip)


def _slip_dropped(s: ShopState, e: ev.SlipDropped) -> None:
    slip = s.slips.get(e.slip)
    if slip is not None:
        slip.state, slip.warning = "dropped", e.warning
        _resolve_slip(s, slip)


def _renamed(s: ShopState, e: ev.TaskRenamed) -> None:
    s.customers[e.task].name = e.name


def _scheduled(s: ShopState, e: ev.Scheduled) -> None:
    s.queue[e.task] = None
    c = s.customers[e.task]
    if c.state is not CustomerState.RUNNING and c.state is not CustomerState.QUEUED:
        _set_state(s, c, CustomerState.QUEUED)


def _woken(s: ShopState, e: ev.Woken) -> None:
    s.queue[e.task] = None
    c = s.customers[e.task]
    c.buzzer_lit = True
    if c.state is not CustomerState.QUEUED:
        _set_state(s, c, CustomerState.QUEUED)


def _started(s: ShopState, e: ev.StepStarted | ev.Resumed) -> None:
    s.queue.pop(e.task, None)
    s.running = e.task
    s.steps += 1
    c = s.customers[e.task]
    _set_state(s, c, CustomerState.RUNNING)
    c.steps += 1
    c.buzzer_lit = False
    c.future = None
    if isinstance(e, ev.Resumed):
        c.value = e.value
        if e.value == "CancelledError()":
            c.cancelled_at = c.line


def _suspended(s: ShopState, e: ev.Suspended) -> None:
    s.running = None
    c = s.customers[e.task]
    if c.line != e.line:
        _unmark(s, c)
        c.line = e.line
        _mark(s, c)
    c.chain, c.future, c.awaiting, c.locals = e.chain, e.future, e.awaiting, e.locals
    # A bare yield (sleep(0)) queues the next step during the step itself: still in line.
    _set_state(s, c, CustomerState.QUEUED if e.task in s.queue else CustomerState.WAITING)


def _resolve_slip(s: ShopState, slip: Slip) -> None:
    """Handed in, awaited or dropped: kept a while for the picture, then let go."""
    s._resolved_slips.append(slip.id)
    while len(s._resolved_slips) > KEEP_RESOLVED_SLIPS:
        s.slips.pop(s._resolved_slips.popleft(), None)


def _ended(s: ShopState, e: ev.Finished | ev.Failed | ev.Cancelled) -> None:
    if s.running == e.task:
        s.running = None
    s.queue.pop(e.task, None)
    c = s.customers[e.task]
    c.ended_at = e.t
    c.future = None
    c.buzzer_lit = False
    _unmark(s, c)
    if isinstance(e, ev.Finished):
        _set_state(s, c, CustomerState.DONE)
        c.value = e.value
    elif isinstance(e, ev.Failed):
        _set_state(s, c, CustomerState.FAILED)
        c.error = f"{e.error}: {e.message}" if e.message else e.error
        if e.line is not None:
            c.line = e.line
    else:
        _set_state(s, c, CustomerState.CANCELLED)
    _mark(s, c)
    s.ended[c.state] = s.ended.get(c.state, 0) + 1
    # finished customers leave nothing behind: past `keep_ended`, the oldest are dropped
    s._ended_order.append(e.task)
    while s.keep_ended is not None and len(s._ended_order) > s.keep_ended:
        gone = s.customers.pop(s._ended_order.popleft(), None)
        if gone is not None:
            _unmark(s, gone)
            s.counts[gone.state] -= 1


def _blocked(s: ShopState, e: ev.Blocked) -> None:
    s.blocks.append(e)
    if e.task is not None and e.task in s.customers:
        s.customers[e.task].blocked = e


def _measured(s: ShopState, e: ev.Measured) -> None:
    s.measured[e.label] = e.seconds


def _timer(s: ShopState, e: ev.TimerScheduled) -> None:
    s.brews[e.timer] = Brew(e.timer, e.when, e.t, e.task, e.future, e.label)
    heap = s._brew_heap
    heapq.heappush(heap, (e.when, e.timer))
    if len(heap) > 2 * len(s.brews) + 64:  # mostly stale: timers gone since
        heap[:] = [(b.when, b.id) for b in s.brews.values()]
        heapq.heapify(heap)


def _timer_gone(s: ShopState, e: ev.TimerFired | ev.TimerCancelled) -> None:
    s.brews.pop(e.timer, None)


def _job(s: ShopState, e: ev.JobStarted) -> None:
    s.jobs[e.job] = Job(e.job, e.task, e.function, e.t, e.kind)


def _job_done(s: ShopState, e: ev.JobFinished) -> None:
    s.jobs.pop(e.job, None)


def _line_opened(s: ShopState, e: ev.LineOpened) -> None:
    s.lines[(e.fd, e.kind)] = Line(e.fd, e.kind, e.what, e.task, e.t)


def _line_closed(s: ShopState, e: ev.LineClosed) -> None:
    s.lines.pop((e.fd, e.kind), None)


def _outside_ready(s: ShopState, e: ev.OutsideReady) -> None:
    kind = "write" if e.what.endswith("write") else "read"
    line = s.lines.get((e.fd, kind)) if e.fd is not None else None
    if line is not None:
        line.answered, line.woke = e.t, e.tasks


_HANDLERS = {
    ev.SlipWritten: _slip_written,
    ev.SlipAwaited: _slip_awaited,
    ev.SlipDropped: _slip_dropped,
    ev.TaskCreated: _created,
    ev.TaskRenamed: _renamed,
    ev.Scheduled: _scheduled,
    ev.Woken: _woken,
    ev.StepStarted: _started,
    ev.Resumed: _started,
    ev.Suspended: _suspended,
    ev.Finished: _ended,
    ev.Failed: _ended,
    ev.Cancelled: _ended,
    ev.Blocked: _blocked,
    ev.Measured: _measured,
    ev.TimerScheduled: _timer,
    ev.TimerFired: _timer_gone,
    ev.TimerCancelled: _timer_gone,
    ev.JobStarted: _job,
    ev.JobFinished: _job_done,
    ev.LineOpened: _line_opened,
    ev.LineClosed: _line_closed,
    ev.OutsideReady: _outside_ready,
}
