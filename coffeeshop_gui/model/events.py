"""The typed, immutable records of what the loop did; every view is folded from these.

Times (`t`, `when`) are shop time: seconds on the shop loop's virtual clock.
Task, future, timer and job ids are small integers handed out by the recorder, so that
events never hold a reference to a live asyncio object.

Events are named tuples: a rush makes hundreds of thousands, and a tuple is quick to make.
The log keeps their fields flat (see model/log.py), so a long log costs the garbage
collector nothing.
"""

from __future__ import annotations

from typing import NamedTuple

# One program frame on an await chain: (function name, line number).
Frame = tuple[str, int]


class SlipWritten(NamedTuple):
    """A recipe was called: a coroutine object exists (CORO_CREATED) and nothing has run."""

    t: float
    slip: int
    recipe: str
    holder: int | None  # the task that called it


class SlipAwaited(NamedTuple):
    """The slip was awaited directly by a task (not wrapped in a task of its own)."""

    t: float
    slip: int
    task: int | None


class SlipDropped(NamedTuple):
    """The slip was thrown away unawaited; `warning` is the RuntimeWarning Python gave."""

    t: float
    slip: int
    warning: str


class TaskCreated(NamedTuple):
    """A Task exists: its coroutine object was wrapped and its first step queued."""

    t: float
    task: int
    name: str
    coro: str
    parent: int | None
    line: int | None
    slip: int | None = None  # the order slip it was made from, if one was seen


class TaskRenamed(NamedTuple):
    """The task's name changed after creation: `Task.set_name()`. On 3.10-3.12,
    `asyncio.create_task(name=...)` (and `TaskGroup.create_task`, 3.11-3.12) name a task this
    way, just after making it; 3.13 passes the name in."""

    t: float
    task: int
    name: str


class Scheduled(NamedTuple):
    """A step of the task was put in the ready queue (a new task, or a bare `yield`)."""

    t: float
    task: int


class Woken(NamedTuple):
    """The Future the task awaited is done and its wake-up is in the ready queue."""

    t: float
    task: int
    future: int
    cancelled: bool


class StepStarted(NamedTuple):
    """The cashier took the task: its coroutine runs until its next await."""

    t: float
    task: int


class Resumed(NamedTuple):
    """A woken task runs again; `value` is the repr of what its `await` returns."""

    t: float
    task: int
    future: int
    value: str


class Suspended(NamedTuple):
    """The step ended at an await: the frame is saved and the task waits.

    `line` is the innermost await line in the shown program, `chain` the program frames
    from outermost to innermost, `future` the Future waited on (None for a bare yield).
    """

    t: float
    task: int
    line: int | None
    chain: tuple[Frame, ...]
    future: int | None
    awaiting: str
    locals: tuple[tuple[str, str], ...] = ()


class Finished(NamedTuple):
    """The coroutine returned; `value` is the repr of its result."""

    t: float
    task: int
    value: str


class Failed(NamedTuple):
    """The coroutine raised; `line` is where, in the shown program, if it was there."""

    t: float
    task: int
    error: str
    message: str
    line: int | None


class Cancelled(NamedTuple):
    """The task ended cancelled."""

    t: float
    task: int


class Blocked(NamedTuple):
    """One callback held the loop's only thread for `seconds`: nothing else could run.

    `line` is where the shown program was stuck (a blocking call, a loop without await);
    `interrupted` says the shop stopped it by raising LoopBlockedError there.
    """

    t: float
    task: int | None
    line: int | None
    seconds: float
    interrupted: bool


class Measured(NamedTuple):
    """The program timed something and reported it (`coffeeshop_gui.model.shop.report`)."""

    t: float
    task: int | None
    label: str
    seconds: float


class TimerScheduled(NamedTuple):
    """`call_at`/`call_later` on shop time: a brew started on the espresso machine."""

    t: float
    timer: int
    when: float
    task: int | None
    future: int | None
    label: str


class TimerFired(NamedTuple):
    """The timer's time came and its callback ran."""

    t: float
    timer: int


class TimerCancelled(NamedTuple):
    """The timer was cancelled before it fired (a timeout that was not needed)."""

    t: float
    timer: int


class JobStarted(NamedTuple):
    """`run_in_executor` handed a function to another thread or process."""

    t: float
    job: int
    task: int | None
    function: str
    future: int
    kind: str = "thread"  # or "process": which kind of worker does the job


class JobFinished(NamedTuple):
    """The executor's work is done (its Future is set)."""

    t: float
    job: int


class OutsideReady(NamedTuple):
    """The outside world answered: a socket or pipe became ready, or a child exited.

    `what` says what in asyncio's words ("socket read", "pipe write", "subprocess"),
    `fd` is the descriptor (None for a child's exit), `tasks` the tasks it woke, and
    `futures` the Futures it completes for tasks to wake on later (a child's exit waiters).
    """

    t: float
    what: str
    fd: int | None
    tasks: tuple[int, ...]
    futures: tuple[int, ...] = ()


class LineOpened(NamedTuple):
    """The loop started watching a descriptor for the program (asyncio's add_reader/writer).

    `kind` is "read" or "write", `what` "socket", "pipe", "subprocess" or "child",
    `task` the task that asked, if one did (a transport asks from a plain callback).
    """

    t: float
    fd: int
    kind: str
    what: str
    task: int | None


class LineClosed(NamedTuple):
    """The loop stopped watching that descriptor."""

    t: float
    fd: int
    kind: str


class WaitsOn(NamedTuple):
    """What the task that just suspended waits on outside the loop, in asyncio's words:
    "reading from a socket (StreamReader.readline), fd 7". Read from its await chain and
    the loop's registrations (engine/waits.py); `fd` and `kind` name the watched line
    ("read" or "write") when there is one.
    """

    t: float
    task: int
    words: str
    fd: int | None
    kind: str


Event = (
    SlipWritten
    | SlipAwaited
    | SlipDropped
    | TaskCreated
    | TaskRenamed
    | Scheduled
    | Woken
    | StepStarted
    | Resumed
    | Suspended
    | Finished
    | Failed
    | Cancelled
    | Blocked
    | Measured
    | TimerScheduled
    | TimerFired
    | TimerCancelled
    | JobStarted
    | JobFinished
    | OutsideReady
    | LineOpened
    | LineClosed
    | WaitsOn
)

TASK_ENDS = (Finished, Failed, Cancelled)


def _same_event(self: tuple[object, ...], other: object) -> bool:
    return type(other) is type(self) and tuple.__eq__(self, other)


def _other_event(self: tuple[object, ...], other: object) -> bool:
    return not _same_event(self, other)


def _event_hash(self: tuple[object, ...]) -> int:
    return hash((type(self), tuple.__hash__(self)))


# Named tuples compare as plain tuples: Scheduled(1.0, 2) would equal StepStarted(1.0, 2).
# An event is equal only to an event of its own kind with the same fields.
for _kind in Event.__args__:
    _kind.__eq__, _kind.__ne__, _kind.__hash__ = _same_event, _other_event, _event_hash

# Each kind's number in a compact record (see model/log.py): record[0] is the kind.
KINDS: tuple[type[Event], ...] = Event.__args__
KIND: dict[type[Event], int] = {kind: number for number, kind in enumerate(KINDS)}
