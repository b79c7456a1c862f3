"""The typed, immutable records of what the loop did; every view is folded from these.

Times (`t`, `when`) are shop time: seconds on the shop loop's virtual clock.
Task, future, timer and job ids are small integers handed out by the recorder, so that
events never hold a reference to a live asyncio object.
"""

from __future__ import annotations

from dataclasses import dataclass

# One program frame on an await chain: (function name, line number).
Frame = tuple[str, int]


@dataclass(frozen=True, slots=True)
class SlipWritten:
    """A recipe was called: a coroutine object exists (CORO_CREATED) and nothing has run."""

    t: float
    slip: int
    recipe: str
    holder: int | None  # the task that called it


@dataclass(frozen=True, slots=True)
class SlipAwaited:
    """The slip was awaited directly by a task (not wrapped in a task of its own)."""

    t: float
    slip: int
    task: int | None


@dataclass(frozen=True, slots=True)
class SlipDropped:
    """The slip was thrown away unawaited; `warning` is the RuntimeWarning Python gave."""

    t: float
    slip: int
    warning: str


@dataclass(frozen=True, slots=True)
class TaskCreated:
    """A Task exists: its coroutine object was wrapped and its first step queued."""

    t: float
    task: int
    name: str
    coro: str
    parent: int | None
    line: int | None
    slip: int | None = None  # the order slip it was made from, if one was seen


@dataclass(frozen=True, slots=True)
class TaskRenamed:
    """`Task.set_name()` was called after creation (TaskGroup names tasks this way)."""

    t: float
    task: int
    name: str


@dataclass(frozen=True, slots=True)
class Scheduled:
    """A step of the task was put in the ready queue (a new task, or a bare `yield`)."""

    t: float
    task: int


@dataclass(frozen=True, slots=True)
class Woken:
    """The Future the task awaited is done and its wake-up is in the ready queue."""

    t: float
    task: int
    future: int
    cancelled: bool


@dataclass(frozen=True, slots=True)
class StepStarted:
    """The cashier took the task: its coroutine runs until its next await."""

    t: float
    task: int


@dataclass(frozen=True, slots=True)
class Resumed:
    """A woken task runs again; `value` is the repr of what its `await` returns."""

    t: float
    task: int
    future: int
    value: str


@dataclass(frozen=True, slots=True)
class Suspended:
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


@dataclass(frozen=True, slots=True)
class Finished:
    """The coroutine returned; `value` is the repr of its result."""

    t: float
    task: int
    value: str


@dataclass(frozen=True, slots=True)
class Failed:
    """The coroutine raised; `line` is where, in the shown program, if it was there."""

    t: float
    task: int
    error: str
    message: str
    line: int | None


@dataclass(frozen=True, slots=True)
class Cancelled:
    """The task ended cancelled."""

    t: float
    task: int


@dataclass(frozen=True, slots=True)
class Blocked:
    """One callback held the loop's only thread for `seconds`: nothing else could run.

    `line` is where the shown program was stuck (a blocking call, a loop without await);
    `interrupted` says the shop stopped it by raising LoopBlockedError there.
    """

    t: float
    task: int | None
    line: int | None
    seconds: float
    interrupted: bool


@dataclass(frozen=True, slots=True)
class Measured:
    """The program timed something and reported it (`coffeeshop_gui.model.shop.report`)."""

    t: float
    task: int | None
    label: str
    seconds: float


@dataclass(frozen=True, slots=True)
class TimerScheduled:
    """`call_at`/`call_later` on shop time: a brew started on the espresso machine."""

    t: float
    timer: int
    when: float
    task: int | None
    future: int | None
    label: str


@dataclass(frozen=True, slots=True)
class TimerFired:
    """The timer's time came and its callback ran."""

    t: float
    timer: int


@dataclass(frozen=True, slots=True)
class TimerCancelled:
    """The timer was cancelled before it fired (a timeout that was not needed)."""

    t: float
    timer: int


@dataclass(frozen=True, slots=True)
class JobStarted:
    """`run_in_executor` handed a function to another thread or process."""

    t: float
    job: int
    task: int | None
    function: str
    future: int
    kind: str = "thread"  # or "process": which kind of extra cashier does the work


@dataclass(frozen=True, slots=True)
class JobFinished:
    """The executor's work is done (its Future is set)."""

    t: float
    job: int


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
)

TASK_ENDS = (Finished, Failed, Cancelled)
