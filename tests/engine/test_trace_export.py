"""Chrome trace export: a thread per task, one slice per suspension named by what it awaits."""

from __future__ import annotations

from support import line_of, record_on_stock_loop

from coffeeshop_gui.engine.trace import chrome_trace


def test_each_task_is_a_named_thread_and_each_await_a_complete_event_in_microseconds():
    _, events, _ = record_on_stock_loop("gather")
    trace = chrome_trace(events, "gather.py")["traceEvents"]
    threads = {e["tid"]: e["args"]["name"] for e in trace if e["name"] == "thread_name"}
    assert "main" in threads.values() and len(threads) == 3
    awaits = [e for e in trace if e["ph"] == "X"]
    main_tid = next(t for t, n in threads.items() if n == "main")
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


def test_awaits_outside_the_program_are_not_slices():
    _, events, _ = record_on_stock_loop("executor")
    awaits = [e for e in chrome_trace(events)["traceEvents"] if e["ph"] == "X"]
    assert [e["args"]["line"] for e in awaits] == [line_of("executor", "executor")]


def test_an_await_on_a_thread_job_is_named_so():
    _, events, _ = record_on_stock_loop("executor")
    (job,) = [e for e in chrome_trace(events)["traceEvents"] if e["ph"] == "X"]
    assert job["name"] == "await thread"
