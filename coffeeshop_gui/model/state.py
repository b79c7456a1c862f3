"""The shop as it stands after a prefix of the log: `state = fold(events[:t])`.

The state is only ever built by applying events in order, so replaying a log gives the
same shop as watching it live, and a test can assert on the state without a window.
"""

from __future__ import annotations

import heapq
import itertools
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from enum import Enum
from operator import attrgetter
from typing import Any

from coffeeshop_gui.model import events as ev

KEEP_RESOLVED_SLIPS = 100
# Futures whose waking buzzer's light source is known ahead (timers fired, jobs running):
# those nobody woke on are dropped, oldest first, past this many.
MAX_LIGHT_SOURCES = 1024
# asyncio names a task it was given no name for "Task-<n>", from one counter for the whole
# process (`asyncio.tasks._task_name_counter`): the number says nothing about the customer.
AUTO_NAME_PREFIX = "Task-"


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
    """One task as the shop shows it.

    `name` is the task's own name (`Task.get_name()`), which the card keeps; `display` is
    what every view calls it: that name, or for asyncio's automatic `Task-<n>` its
    coroutine's name, numbered only where two of them share it (see `ShopState.display_for`).
    """

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
    got: str | None = None  # what its latest await returned (the coffee), and when
    got_at: float | None = None
    display: str = ""  # the name views show; the task's own name when not given
    number: int = 0  # its number among unnamed tasks of its coroutine; 0 when it has a name
    # The state that owns this record and may change it in place (see `ShopState.copy`).
    gen: int = field(default=0, compare=False, repr=False)
    # What it waits on outside the loop, in asyncio's words (a WaitsOn event), and the
    # watched line (fd, "read"/"write") that is; kept until it runs again.
    waits_on: str = ""
    waits_at: tuple[int, str] | None = None
    # Where the light that lit its buzzer came from, as the log tells it: ("machine",
    # timer id), ("hatch", fd or None) or ("helper", job id); None for anything else.
    lit_from: tuple[str, int | None] | None = None

    def __post_init__(self) -> None:
        if not self.display:
            self.display = self.name

    @property
    def full_name(self) -> str:
        """The display name with the task's own beside it when they differ: "brew 2 (Task-3)"."""
        return self.display if self.display == self.name else f"{self.display} ({self.name})"


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
    waiters: dict[int, None] = field(default_factory=dict)  # tasks waiting on it now


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
    # coroutine name -> its unnamed tasks' numbers still held (see `display_for`)
    _numbers: dict[str, _Numbers] = field(default_factory=dict, repr=False)
    # future id -> where a buzzer on it lights from once it wakes its task (see lit_from)
    _light_sources: dict[int, tuple[str, int | None]] = field(default_factory=dict, repr=False)
    _gen: int = field(default=0, compare=False, repr=False)  # its customers' owner tag

    def copy(self) -> ShopState:
        """A state that folds on independently of this one: a moment kept for going back.

        Events and frames are immutable and shared; every container is copied, and every
        record the handlers change in place (slips, lines, the name counters), except the
        customers: a rush has ten thousand, and copying them all at once stalled a frame for
        50-200 ms. Customers are shared, copy on write: each state tags the records it owns
        (`Customer.gen`), and a handler about to change one the state does not own changes
        its own copy instead (`_own`). Both states get new tags here, so neither owns any
        record now shared.
        """
        new = self._copy_but_crowds()
        new.customers = dict(self.customers)
        new.queue = dict(self.queue)
        new.at_line = {key: dict(ids) for key, ids in self.at_line.items()}
        return new

    def packed(self) -> PackedState:
        """This state kept for going back, in less memory than `copy`: see `PackedState`."""
        shell = self._copy_but_crowds()
        return PackedState(
            shell,
            tuple(self.customers.values()),
            tuple(self.queue),
            tuple((key, tuple(ids)) for key, ids in self.at_line.items()),
        )

    def _copy_but_crowds(self) -> ShopState:
        """`copy`, but for the containers of an entry a customer (left empty): a moment
        kept packs them, a copy copies them."""
        new = ShopState.__new__(ShopState)
        new.__dict__.update(self.__dict__)
        new.customers, new.queue, new.at_line = {}, {}, {}
        self._gen, new._gen = next(_GENERATIONS), next(_GENERATIONS)
        new.brews = dict(self.brews)  # a brew never changes: it is added, then removed
        new.jobs = dict(self.jobs)  # likewise
        new.lines = {key: _copy_line(line) for key, line in self.lines.items()}
        new.blocks = list(self.blocks)
        new.measured = dict(self.measured)
        new.slips = {sid: Slip(*_slip_fields(slip)) for sid, slip in self.slips.items()}
        new.ended = dict(self.ended)
        new.counts = dict(self.counts)
        new._ended_order = deque(self._ended_order)
        new._brew_heap = list(self._brew_heap)
        new._resolved_slips = deque(self._resolved_slips)
        new._light_sources = dict(self._light_sources)
        new._numbers = {name: _Numbers(n.issued, dict(n.held)) for name, n in self._numbers.items()}
        return new

    def apply(self, event: ev.Event) -> None:
        """Advance the state by one event."""
        self.now = max(self.now, event.t)
        self.applied += 1
        handler = _HANDLERS.get(type(event))
        if handler is not None:
            handler(self, event)

    def apply_all(self, events: Iterable[ev.Event]) -> None:
        """`apply` each of `events`, its body written out: going back folds thousands at a
        time, and a call an event was a tenth of the fold (measured in one process, the two
        interleaved, on a rush's log)."""
        handlers = _HANDLERS
        for event in events:
            if event.t > self.now:
                self.now = event.t
            self.applied += 1
            handler = handlers.get(type(event))
            if handler is not None:
                handler(self, event)

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

    def display_for(self, name: str, coro: str) -> str:
        """What a task named `name` running `coro` would be called if it were created now.

        A name of its own is kept. An automatic `Task-<n>` gives way to the coroutine's name
        (`rude`, `customer`), numbered from the second one on (`customer 1`, `customer 2`):
        a counter per coroutine name, so a rush of 10,000 costs O(1) a task.
        """
        if not is_auto_name(name):
            return name
        base = coroutine_name(coro)
        numbers = self._numbers.get(base)
        return base if numbers is None or not numbers.held else f"{base} {numbers.issued + 1}"

    def numbers_held(self, coro: str) -> int:
        """How many customers of this coroutine hold a display number: only those the
        state keeps, so a long run's numbers cost memory for the kept ones alone."""
        numbers = self._numbers.get(coroutine_name(coro))
        return 0 if numbers is None else len(numbers.held)

    def line_counts(self) -> dict[int, int]:
        """How many live customers are at each line (each keeps its last one)."""
        return {line: len(ids) for (line, kind), ids in self.at_line.items() if kind == "waiting"}


@dataclass(frozen=True, slots=True)
class PackedState:
    """A state kept for going back (a moment), in about half the memory of a copy.

    A rush's moment is mostly three containers of an entry a customer: the customers by id,
    the ready queue and who is marked at each line (~290 kB each at 10,000). Kept as tuples
    they take a third of that, and a dict is made again from one in a fraction of a
    millisecond when the moment is folded from. So twice as many moments fit in the same
    memory, and a far step back folds half as many events. The records are shared, copy on
    write, as `ShopState.copy` shares them.
    """

    shell: ShopState  # the state but for those three, left empty
    customers: tuple[Customer, ...]
    queue: tuple[int, ...]
    at_line: tuple[tuple[tuple[int, str], tuple[int, ...]], ...]

    def copy(self) -> ShopState:
        """The state kept, to fold on: a `ShopState.copy` of the one packed."""
        state = self.shell._copy_but_crowds()
        customers = self.customers
        state.customers = dict(zip(map(_id_of, customers), customers, strict=True))
        state.queue = dict.fromkeys(self.queue)
        state.at_line = {key: dict.fromkeys(ids) for key, ids in self.at_line}
        return state


# Each record's fields, read in one C call: a moment kept of a rush copies thousands.
_customer_fields = attrgetter(*(f.name for f in fields(Customer)))
_line_fields = attrgetter(*(f.name for f in fields(Line)))
_slip_fields = attrgetter(*(f.name for f in fields(Slip)))
_id_of = attrgetter("id")  # a customer's id: its key (a packed moment's made again in C)


def _copy_customer(c: Customer) -> Customer:
    return Customer(*_customer_fields(c))


_GENERATIONS = itertools.count(1)  # owner tags: a fresh state owns tag 0's records


def _own(s: ShopState, task: int) -> Customer:
    """The customer `task`, as a record `s` may change in place (copied if shared)."""
    c = s.customers[task]
    if c.gen != s._gen:
        c = s.customers[task] = _copy_customer(c)
        c.gen = s._gen
    return c


def _copy_line(line: Line) -> Line:
    copied = Line(*_line_fields(line))
    copied.waiters = dict(line.waiters)
    return copied


def fold(events: Iterable[ev.Event]) -> ShopState:
    """The state after all of `events`, from an empty shop."""
    state = ShopState()
    state.apply_all(events)
    return state


def is_auto_name(name: str) -> bool:
    """Whether `name` is asyncio's automatic name for a task given none, `Task-<n>`."""
    return name.startswith(AUTO_NAME_PREFIX) and name[len(AUTO_NAME_PREFIX) :].isdigit()


def coroutine_name(coro: str) -> str:
    """A coroutine's name as its `async def` spells it: `main.<locals>.brew` is `brew`."""
    return coro.rpartition(".")[2] or coro


@dataclass(slots=True)
class _Numbers:
    """The numbers handed to unnamed tasks of one coroutine, and who holds them."""

    issued: int = 0  # the highest number still held
    held: dict[int, int] = field(default_factory=dict)  # number -> task id


def _name_unnamed(s: ShopState, c: Customer) -> None:
    """Give an unnamed task its coroutine's name; the first one gains its "1" on a clash."""
    base = coroutine_name(c.coro)
    numbers = s._numbers.setdefault(base, _Numbers())
    if len(numbers.held) == 1 and 1 in numbers.held:  # there is a second one now
        _show_number(s, numbers.held[1], base, 1)
    numbers.issued += 1
    numbers.held[numbers.issued] = c.id
    c.number = numbers.issued
    c.display = base if numbers.issued == 1 else f"{base} {numbers.issued}"


def _release_number(s: ShopState, c: Customer) -> None:
    """A task that was unnamed got a name: its number is free again if it was the last one
    (on 3.10-3.12 `create_task(name=...)` names a task just after making it), and a first
    one left alone loses its "1"."""
    numbers = _free_number(s, c)
    if numbers.issued == 1:
        _show_number(s, numbers.held[1], coroutine_name(c.coro), None)


def _free_number(s: ShopState, c: Customer) -> _Numbers:
    """Let go of `c`'s number (renamed, or dropped long after it ended: a program that makes
    unnamed tasks all day must not pile up their numbers). The highest number issued is
    always one still held, so a freed last number is handed out again."""
    numbers = s._numbers[coroutine_name(c.coro)]
    del numbers.held[c.number]
    c.number = 0
    while numbers.issued and numbers.issued not in numbers.held:
        numbers.issued -= 1
    return numbers


def _show_number(s: ShopState, task: int, base: str, number: int | None) -> None:
    if task in s.customers:
        first = _own(s, task)
        first.display = base if number is None else f"{base} {number}"


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
    c = s.customers[e.task] = Customer(e.task, e.name, e.coro, e.parent, e.t, line=None)
    c.gen = s._gen
    if is_auto_name(e.name):
        _name_unnamed(s, c)
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
    """`set_name()`: a name of its own wins over the coroutine's; a new automatic-looking
    one leaves the customer called what it was."""
    if e.task not in s.customers:  # long gone from the picture
        return
    c = _own(s, e.task)
    c.name = e.name
    if is_auto_name(e.name):
        if not c.number:
            _name_unnamed(s, c)
        return
    if c.number:
        _release_number(s, c)
    c.display = e.name


def _scheduled(s: ShopState, e: ev.Scheduled) -> None:
    s.queue[e.task] = None
    c = _own(s, e.task)
    if c.state is not CustomerState.RUNNING and c.state is not CustomerState.QUEUED:
        _set_state(s, c, CustomerState.QUEUED)


def _woken(s: ShopState, e: ev.Woken) -> None:
    s.queue[e.task] = None
    c = _own(s, e.task)
    c.buzzer_lit = True
    source = s._light_sources.pop(e.future, None) if s._light_sources else None
    c.lit_from = None if e.cancelled else source
    if c.state is not CustomerState.QUEUED:
        _set_state(s, c, CustomerState.QUEUED)


def _started(s: ShopState, e: ev.StepStarted | ev.Resumed) -> None:
    s.queue.pop(e.task, None)
    s.running = e.task
    s.steps += 1
    c = _own(s, e.task)
    _set_state(s, c, CustomerState.RUNNING)
    c.steps += 1
    c.buzzer_lit = False
    c.future = None
    if c.waits_on:
        _stop_waiting(s, c)
    if isinstance(e, ev.Resumed):
        c.value = c.got = e.value
        c.got_at = e.t
        if e.value == "CancelledError()":
            c.cancelled_at = c.line


def _suspended(s: ShopState, e: ev.Suspended) -> None:
    s.running = None
    c = _own(s, e.task)
    if c.line != e.line:
        _unmark(s, c)
        c.line = e.line
        _mark(s, c)
    c.chain, c.future, c.awaiting, c.locals = e.chain, e.future, e.awaiting, e.locals
    if c.waits_on:
        _stop_waiting(s, c)
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
    c = _own(s, e.task)
    c.ended_at = e.t
    c.future = None
    c.buzzer_lit = False
    if c.waits_on:
        _stop_waiting(s, c)
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
            if gone.gen != s._gen:  # shared with a kept moment: change only a copy
                gone = _copy_customer(gone)
            _unmark(s, gone)
            s.counts[gone.state] -= 1
            if gone.number:
                _free_number(s, gone)


def _blocked(s: ShopState, e: ev.Blocked) -> None:
    s.blocks.append(e)
    if e.task is not None and e.task in s.customers:
        _own(s, e.task).blocked = e


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
    brew = s.brews.pop(e.timer, None)
    if isinstance(e, ev.TimerFired) and brew is not None and brew.future is not None:
        _light_from(s, brew.future, ("machine", e.timer))  # it sets the Future it carries


def _job(s: ShopState, e: ev.JobStarted) -> None:
    s.jobs[e.job] = Job(e.job, e.task, e.function, e.t, e.kind)
    _light_from(s, e.future, ("helper", e.job))  # only the job's end sets its Future


def _light_from(s: ShopState, future: int, source: tuple[str, int | None]) -> None:
    """A buzzer on `future` lights from `source` when it wakes its task. A Future nobody
    wakes on (a job nobody awaits) leaves its entry: past a bound, the oldest go."""
    sources = s._light_sources
    sources[future] = source
    if len(sources) > MAX_LIGHT_SOURCES:
        del sources[next(iter(sources))]


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
    for task in e.tasks:  # woken in this very turn, by the reader's or writer's callback
        c = s.customers.get(task)
        if c is not None and c.buzzer_lit:
            _own(s, task).lit_from = ("hatch", e.fd)
    for future in e.futures:  # a child's exit: its waiters wake a turn or two later
        _light_from(s, future, ("hatch", e.fd))


def _waits_on(s: ShopState, e: ev.WaitsOn) -> None:
    if e.task not in s.customers:
        return
    c = _own(s, e.task)
    if c.waits_on:
        _stop_waiting(s, c)
    c.waits_on = e.words
    if e.fd is not None:
        c.waits_at = (e.fd, e.kind)
        line = s.lines.get(c.waits_at)
        if line is not None:
            line.waiters[c.id] = None


def _stop_waiting(s: ShopState, c: Customer) -> None:
    """It runs again (or ended): it waits on nothing, and its line no longer lists it."""
    line = s.lines.get(c.waits_at) if c.waits_at is not None else None
    if line is not None:
        line.waiters.pop(c.id, None)
    c.waits_on, c.waits_at = "", None


_HANDLERS: dict[type, Callable[[ShopState, Any], None]] = {
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
    ev.WaitsOn: _waits_on,
}
