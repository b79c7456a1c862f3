"""Chrome trace export: a thread per task, one slice per suspension named by what it awaits."""

from __future__ import annotations

import json

from support import line_of, record_on_stock_loop

from coffeeshop_gui.engine.trace import chrome_trace, write_chrome_trace
from coffeeshop_gui.model import events as ev


def _gather_trace() -> list[dict]:
    """gather.py's trace: main gathers two brews of 1 s and 2 s."""
    _, events, _ = record_on_stock_loop("gather")
    return chrome_trace(events, "gather.py")["traceEvents"]


def _threads(trace: list[dict]) -> dict[int, str]:
    return {e["tid"]: e["args"]["name"] for e in trace if e["name"] == "thread_name"}


def test_each_task_is_a_named_thread():
    threads = _threads(_gather_trace())
    assert "main" in threads.values() and len(threads) == 3


def test_each_await_is_a_complete_event_in_microseconds():
    trace = _gather_trace()
    awaits = [e for e in trace if e["ph"] == "X"]
    main_tid = next(t for t, n in _threads(trace).items() if n == "main")
    assert {e["name"] for e in awaits if e["tid"] != main_tid} == {"await sleep"}
    (main_await,) = [e for e in awaits if e["tid"] == main_tid]
    assert main_await["ts"] == 0 and main_await["dur"] == 2_000_000
    assert main_await["args"] == {
        "task": "main",
        "line": line_of("gather", "gather"),
        "chain": f"main:{line_of('gather', 'gather')}",
    }
    durations = sorted(e["dur"] for e in awaits if e["tid"] != main_tid)
    assert durations == [1_000_000, 2_000_000]


# A run that starts at 9.75 s of shop time, with main still waiting when it ends.
LATE_START = [
    ev.TaskCreated(9.75, 1, "main", "main", None, 3),  # the program starts: time 0
    ev.StepStarted(10.0, 1),
    ev.Suspended(10.5, 1, 7, (("main", 7),), 2, ""),
    ev.TaskCreated(10.5, 3, "Task-3", "brew", 1, 12),
    ev.TaskRenamed(10.5, 3, "Ada"),
    ev.StepStarted(10.5, 3),
    ev.Suspended(10.5, 3, 13, (("main", 7), ("brew", 13)), 4, ""),
    ev.Resumed(12.0, 1, 2, "None"),
    ev.Suspended(12.25, 1, 8, (("main", 8),), 5, ""),  # still waiting when the run ends
    ev.Finished(13.0, 3, "None"),
]


def _slices(trace: dict) -> list[dict]:
    return [e for e in trace["traceEvents"] if e["ph"] != "M"]


def test_times_count_from_the_first_event():
    slices = _slices(chrome_trace(LATE_START, "shop.py"))
    assert [(e["tid"], e["ts"], e["dur"], e["args"]["line"]) for e in slices[:2]] == [
        (1, 750_000, 1_500_000, 7),
        (3, 750_000, 2_500_000, 13),
    ]


def test_an_await_still_open_ends_with_the_trace():
    slices = _slices(chrome_trace(LATE_START, "shop.py"))
    assert [(e["tid"], e["ts"], e["dur"], e["args"]["line"]) for e in slices[2:]] == [
        (1, 2_500_000, 750_000, 8),  # closed at the last event's time
    ]


def test_the_trace_names_the_program_with_a_thread_per_task_by_its_newest_name():
    trace = chrome_trace(LATE_START, "shop.py")
    assert trace["displayTimeUnit"] == "ms"
    meta = [e for e in trace["traceEvents"] if e["ph"] == "M"]
    assert meta == [
        {"ph": "M", "name": "process_name", "pid": 1, "args": {"name": "shop.py"}},
        {"ph": "M", "name": "thread_name", "pid": 1, "tid": 1, "args": {"name": "main"}},
        {"ph": "M", "name": "thread_sort_index", "pid": 1, "tid": 1, "args": {"sort_index": 1}},
        {"ph": "M", "name": "thread_name", "pid": 1, "tid": 3, "args": {"name": "Ada"}},
        {"ph": "M", "name": "thread_sort_index", "pid": 1, "tid": 3, "args": {"sort_index": 3}},
    ]
    slices = _slices(trace)
    assert slices[1]["args"] == {"task": "Ada", "line": 13, "chain": "main:7 → brew:13"}
    assert {(e["name"], e["cat"], e["pid"]) for e in slices} == {("await", "await", 1)}
    assert chrome_trace([]) == {
        "traceEvents": [
            {"ph": "M", "name": "process_name", "pid": 1, "args": {"name": "coffee shop"}}
        ],
        "displayTimeUnit": "ms",
    }


def test_the_written_file_is_the_trace_as_json(tmp_path):
    _, events, _ = record_on_stock_loop("gather")
    path = tmp_path / "trace.json"
    write_chrome_trace(events, path, "gather.py")
    assert json.loads(path.read_text(encoding="utf-8")) == chrome_trace(events, "gather.py")


def test_times_are_microseconds_to_the_nanosecond():
    events = [
        ev.TaskCreated(0.0, 1, "main", "main", None, 3),
        ev.Suspended(0.0000012344, 1, 4, (("main", 4),), 2, ""),
        ev.Finished(0.5, 1, "None"),
    ]
    (await_slice,) = [e for e in chrome_trace(events)["traceEvents"] if e["ph"] == "X"]
    assert (await_slice["ts"], await_slice["dur"]) == (1.234, 499998.766)


def test_an_await_on_a_thread_job_is_named_so():
    _, events, _ = record_on_stock_loop("executor")
    (job,) = [e for e in chrome_trace(events)["traceEvents"] if e["ph"] == "X"]
    assert job["name"] == "await thread"
