"""Chrome Trace Event Format export: one track per task, one slice per await or block.

The format calls a track a "thread"; all the tasks ran on the loop's one OS thread.

Perfetto and chrome://tracing open the JSON; times are microseconds of shop time since the
program started, so a fast-forwarded run shows the waits the program really asked for.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from coffeeshop_gui.model import events as ev

PID = 1


def _us(seconds: float) -> float:
    return round(seconds * 1_000_000, 3)


def chrome_trace(events: Iterable[ev.Event], process_name: str = "coffee shop") -> dict[str, Any]:
    """The trace as a JSON-ready dict (`traceEvents` plus display hints).

    Each await is named by what was awaited, as far as the log tells: `await sleep` (a
    timer set for that Future), `await thread` or `await process` (an executor job),
    `await socket read`, `await pipe write`, `await subprocess` (the outside world woke
    the task), else plain `await`. A callback that held the thread is a `blocking` slice.
    """
    events = list(events)
    t0 = events[0].t if events else 0.0
    names: dict[int, str] = {}
    awaited: dict[int, str] = {}  # future id -> what awaiting it is
    waiting: dict[int, list[Any]] = {}  # task -> [start, line, chain, what, future]
    slices: list[dict[str, Any]] = []

    def close(task: int, t: float) -> None:
        started = waiting.pop(task, None)
        if started is not None:
            start, line, chain, what, _future = started
            slices.append(_slice(task, names[task], what, start - t0, t - start, line, chain))

    for e in events:
        if isinstance(e, ev.TaskCreated | ev.TaskRenamed):
            names[e.task] = e.name
        elif isinstance(e, ev.Suspended) and e.line is not None:
            what = awaited.get(e.future, "") if e.future is not None else ""
            waiting[e.task] = [e.t, e.line, e.chain, what, e.future]
        elif isinstance(e, ev.StepStarted | ev.Resumed | ev.Finished | ev.Failed | ev.Cancelled):
            close(e.task, e.t)
        elif isinstance(e, ev.TimerScheduled) and e.future is not None:
            awaited[e.future] = "sleep" if e.label == "sleep" else "timer"
        elif isinstance(e, ev.JobStarted):
            awaited[e.future] = e.kind
        elif isinstance(e, ev.OutsideReady):
            for future in e.futures:
                awaited[future] = e.what
            for started in waiting.values():
                if not started[3] and started[4] in e.futures:
                    started[3] = e.what
            for task in e.tasks:
                if task in waiting and not waiting[task][3]:
                    waiting[task][3] = e.what
        elif isinstance(e, ev.Blocked) and e.task in names:
            slices.append(_blocking_slice(e, names[e.task], t0))
    end = events[-1].t if events else 0.0
    for task in list(waiting):
        close(task, end)
    meta = [{"ph": "M", "name": "process_name", "pid": PID, "args": {"name": process_name}}]
    for task, name in names.items():
        meta.append(
            {"ph": "M", "name": "thread_name", "pid": PID, "tid": task, "args": {"name": name}}
        )
        meta.append(
            {
                "ph": "M",
                "name": "thread_sort_index",
                "pid": PID,
                "tid": task,
                "args": {"sort_index": task},
            }
        )
    return {"traceEvents": meta + slices, "displayTimeUnit": "ms"}


def _slice(
    task: int,
    name: str,
    what: str,
    ts: float,
    dur: float,
    line: int,
    chain: tuple[ev.Frame, ...],
) -> dict[str, Any]:
    where = " → ".join(f"{func}:{ln}" for func, ln in chain)
    return {
        "ph": "X",
        "name": f"await {what}" if what else "await",
        "cat": "await",
        "pid": PID,
        "tid": task,
        "ts": _us(ts),
        "dur": _us(dur),
        "args": {"task": name, "line": line, "chain": where},
    }


def _blocking_slice(e: ev.Blocked, name: str, t0: float) -> dict[str, Any]:
    """The callback ran `seconds` without awaiting; the event is written when it returns."""
    return {
        "ph": "X",
        "name": "blocking",
        "cat": "blocking",
        "pid": PID,
        "tid": e.task,
        "ts": _us(e.t - e.seconds - t0),
        "dur": _us(e.seconds),
        "args": {"task": name, "line": e.line, "interrupted": e.interrupted},
    }


def write_chrome_trace(events: Iterable[ev.Event], path: str | Path, process_name: str) -> None:
    """Write the trace to `path` as JSON."""
    Path(path).write_text(
        json.dumps(chrome_trace(events, process_name), indent=1), encoding="utf-8"
    )
