"""The run as lanes: for each customer, what it was doing at each turn of the counter.

The x-axis is turns, not shop time: a step at the counter takes microseconds of shop time,
so on a time axis every step would be a line too thin to see, and a teacher asks "what
happened next", which is the next turn. Shop time is kept with each turn for the ruler.

A lane is a list of runs, each `(first turn, kind, line)`, lasting until the next run begins:
- "ready": in line (a handle for it is in the ready queue);
- "running": at the counter, for exactly its turn's column;
- "blocked": at the counter, holding the thread in a blocking call;
- "waiting": seated on a buzzer, suspended at `line`;
- "done", "failed", "cancelled": ended.
An event between turns takes effect from the next turn's column; an event during a turn
(a task created, a task woken) takes effect from the column after it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from coffeeshop_gui.model import events as ev

KINDS = ("ready", "running", "blocked", "waiting", "done", "failed", "cancelled")


@dataclass(slots=True)
class Lane:
    """One customer's runs, oldest first."""

    task: int
    name: str
    runs: list[tuple[int, str, int | None]] = field(default_factory=list)

    def at(self, turn: int) -> tuple[str, int | None] | None:
        """What it was doing at `turn` (None: not created yet)."""
        found = None
        for start, kind, line in self.runs:
            if start > turn:
                break
            found = (kind, line)
        return found

    def spans(self, end: int) -> list[tuple[int, int, str, int | None]]:
        """Each run as `(first, last + 1, kind, line)`, the open one ending at `end`."""
        out = []
        for i, (start, kind, line) in enumerate(self.runs):
            stop = self.runs[i + 1][0] if i + 1 < len(self.runs) else max(end, start + 1)
            if stop > start:
                out.append((start, stop, kind, line))
        return out


class Timeline:
    """Lanes folded from the events, as the shop folds its state; fed one event at a time."""

    def __init__(self) -> None:
        self.lanes: dict[int, Lane] = {}
        self.first = 0  # the oldest turn still held (see `forget_before`)
        self.served: list[int] = []  # the task served at each turn held: the cashier's lane
        self.times: list[float] = []  # shop time each turn began
        self.counts: list[tuple[int, ...]] = []  # customers of each of KINDS, at each turn
        self._now: dict[int, str] = {}  # each task's current kind
        self._tally: dict[str, int] = dict.fromkeys(KINDS, 0)

    @property
    def turns(self) -> int:
        """The number of turns taken: one past the newest column."""
        return self.first + len(self.served)

    def served_at(self, turn: int) -> int:
        return self.served[turn - self.first]

    def time_at(self, turn: int) -> float:
        return self.times[turn - self.first]

    def counts_at(self, turn: int) -> dict[str, int]:
        return dict(zip(KINDS, self.counts[turn - self.first], strict=True))

    def forget_before(self, turn: int) -> None:
        """Let go of the turns before `turn`, and of the customers that ended before it:
        the history no longer reaches back there either."""
        cut = turn - self.first
        if cut <= 0:
            return
        del self.served[:cut], self.times[:cut], self.counts[:cut]
        self.first = turn
        for tid in [t for t, lane in self.lanes.items() if _ended_before(lane, turn)]:
            del self.lanes[tid]

    def apply(self, e: ev.Event) -> None:
        """Advance the lanes by one event (most kinds leave them as they are)."""
        handler = _HANDLERS.get(type(e))
        if handler is not None:
            handler(self, e)

    def _step(self, e: ev.StepStarted | ev.Resumed) -> None:
        column = self.turns
        self.served.append(e.task)
        self.times.append(e.t)
        self._set(e.task, column, "running", None)
        self.counts.append(tuple(self._tally.values()))

    def _created(self, e: ev.TaskCreated) -> None:
        self.lanes[e.task] = Lane(e.task, e.name)
        self._set(e.task, self.turns, "ready", None)

    def _renamed(self, e: ev.TaskRenamed) -> None:
        lane = self.lanes.get(e.task)
        if lane is not None:
            lane.name = e.name

    def _ready(self, e: ev.Scheduled | ev.Woken) -> None:
        self._set(e.task, self.turns, "ready", None)

    def _suspended(self, e: ev.Suspended) -> None:
        self._set(e.task, self.turns, "waiting", e.line)

    def _finished(self, e: ev.Finished) -> None:
        self._set(e.task, self.turns, "done", None)

    def _failed(self, e: ev.Failed) -> None:
        self._set(e.task, self.turns, "failed", e.line)

    def _cancelled(self, e: ev.Cancelled) -> None:
        self._set(e.task, self.turns, "cancelled", None)

    def _blocked(self, e: ev.Blocked) -> None:
        """A blocking call held the thread during the step now at the counter."""
        lane = self.lanes.get(e.task) if e.task is not None else None
        if lane is not None and lane.runs and lane.runs[-1][1] == "running":
            start, _kind, _line = lane.runs[-1]
            lane.runs[-1] = (start, "blocked", e.line)
            self._count(lane.task, "blocked")

    def _set(self, task: int, column: int, kind: str, line: int | None) -> None:
        lane = self.lanes.get(task)
        if lane is None:
            return
        runs = lane.runs
        if runs and runs[-1][0] == column:
            runs[-1] = (column, kind, line)  # changed again before the column: the last wins
        elif not runs or runs[-1][1:] != (kind, line):
            runs.append((column, kind, line))
        self._count(task, kind)

    def _count(self, task: int, kind: str) -> None:
        before = self._now.get(task)
        if before is not None:
            self._tally[before] -= 1
        self._tally[kind] += 1
        self._now[task] = kind


_HANDLERS: dict[type, Callable[[Timeline, Any], None]] = {
    ev.StepStarted: Timeline._step,
    ev.Resumed: Timeline._step,
    ev.TaskCreated: Timeline._created,
    ev.TaskRenamed: Timeline._renamed,
    ev.Scheduled: Timeline._ready,
    ev.Woken: Timeline._ready,
    ev.Suspended: Timeline._suspended,
    ev.Finished: Timeline._finished,
    ev.Failed: Timeline._failed,
    ev.Cancelled: Timeline._cancelled,
    ev.Blocked: Timeline._blocked,
}


def _ended_before(lane: Lane, turn: int) -> bool:
    start, kind, _line = lane.runs[-1] if lane.runs else (turn, "ready", None)
    return start < turn and kind in ("done", "failed", "cancelled")
