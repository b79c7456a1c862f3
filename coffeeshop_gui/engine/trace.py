"""Chrome Trace Event Format export: one track per task, one slice per await.

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
    """The trace as a JSON-ready dict (`traceEvents` plus display hints)."""
    events = list(events)
    t0 = events[0].t if events else 0.0
    names: dict[int, str] = {}
    waiting: dict[int, tuple[float, int, tuple[ev.Frame, ...]]] = {}
    slices: list[dict[str, Any]] = []

    def close(task: int, t: float) -> None:
        started = waiting.pop(task, None)
        if started is not None:
            start, line, chain = started
            slices.append(_await_slice(task, names[task], start - t0, t - start, line, chain))

    for e in events:
        if isinstance(e, ev.TaskCreated | ev.TaskRenamed):
            names[e.task] = e.name
        elif isinstance(e, ev.Suspended) and e.line is not None:
            waiting[e.task] = (e.t, e.line, e.chain)
        elif isinstance(e, ev.StepStarted | ev.Resumed | ev.Finished | ev.Failed | ev.Cancelled):
            close(e.task, e.t)
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


def _await_slice(
    task: int, name: str, ts: float, dur: float, line: int, chain: tuple[ev.Frame, ...]
) -> dict[str, Any]:
    where = " → ".join(f"{func}:{ln}" for func, ln in chain)
    return {
        "ph": "X",
        "name": "await",
        "cat": "await",
        "pid": PID,
        "tid": task,
        "ts": _us(ts),
        "dur": _us(dur),
        "args": {"task": name, "line": line, "chain": where},
    }


def write_chrome_trace(events: Iterable[ev.Event], path: str | Path, process_name: str) -> None:
    """Write the trace to `path` as JSON."""
    Path(path).write_text(
        json.dumps(chrome_trace(events, process_name), indent=1), encoding="utf-8"
    )
