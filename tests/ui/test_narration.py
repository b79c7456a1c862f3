"""The caption strip's sentences say what asyncio does, in the shop's words."""

from __future__ import annotations

from coffeeshop_gui.lessons import PROCESS_GRINDS, THREAD_GRINDS, pools_verdict
from coffeeshop_gui.model import events as ev
from coffeeshop_gui.model.state import ShopState
from coffeeshop_gui.ui.narration import narrate


def shop_with_ada() -> ShopState:
    state = ShopState()
    state.apply(ev.TaskCreated(0.0, 1, "Ada", "customer", None, 10))
    return state


def test_an_executor_job_names_the_kind_of_worker():
    state = shop_with_ada()
    thread = ev.JobStarted(0.0, 7, 1, "grind", 8, "thread")
    process = ev.JobStarted(0.0, 9, 1, "grind", 10, "process")
    assert "worker thread" in narrate(thread, state)
    assert "worker process" in narrate(process, state)


def test_a_reply_from_the_outside_world_is_told_at_the_hatch_with_its_fd():
    state = shop_with_ada()
    state.apply(ev.StepStarted(0.0, 1))
    state.apply(ev.Suspended(0.0, 1, 12, (("customer", 12),), 5, "Future"))
    state.apply(ev.Woken(1.0, 1, 5, False))
    text = narrate(ev.OutsideReady(1.0, "socket read", 7, (1,)), state)
    assert text.startswith("at the hatch, fd 7 (socket read) is ready")
    assert "set the Future Ada awaited" in text
    assert narrate(ev.OutsideReady(1.0, "socket read", 8, ()), state) is None  # woke no one


def test_a_suspension_says_the_task_keeps_the_future_not_the_loop():
    state = shop_with_ada()
    state.apply(ev.StepStarted(0.0, 1))
    text = narrate(ev.Suspended(0.0, 1, 12, (("customer", 12),), 5, "Future"), state)
    assert "at line 12 on a pending Future" in text and "the Task hangs its wake-up" in text
    assert "to the loop" not in text and "ran on" not in text  # a first step starts at the top


def test_a_step_that_resumed_elsewhere_ran_on_without_giving_the_loop_back():
    state = shop_with_ada()
    state.apply(ev.StepStarted(0.0, 1))
    state.apply(ev.Suspended(0.0, 1, 12, (("customer", 12),), 5, "Future"))
    state.apply(ev.Woken(1.0, 1, 5, False))
    state.apply(ev.Resumed(1.0, 1, 5, "'latte'"))
    text = narrate(ev.Suspended(1.0, 1, 15, (("customer", 15),), 6, "Future"), state)
    assert text.startswith("Ada ran on from line 12 without giving the loop back")
    assert "line 15" in text


def test_a_wake_up_is_the_futures_done_callback():
    state = shop_with_ada()
    state.apply(ev.StepStarted(0.0, 1))
    state.apply(ev.Suspended(0.0, 1, 12, (("customer", 12),), 5, "Future"))
    assert "done callback, Ada's wake-up" in narrate(ev.Woken(1.0, 1, 5, False), state)


def test_a_block_held_the_loops_only_thread():
    state = shop_with_ada()
    assert "the loop's only thread" in narrate(ev.Blocked(1.0, 1, 30, 1.0, False), state)


def test_step4_says_processes_won_only_when_they_were_clearly_faster():
    won = pools_verdict({THREAD_GRINDS: 4.0, PROCESS_GRINDS: 2.1})
    assert "side by side" in won and "2.1 s" in won and "4.0 s" in won
    lost = pools_verdict({THREAD_GRINDS: 4.49, PROCESS_GRINDS: 4.72})
    assert "no faster" in lost and "4.7 s" in lost
    assert pools_verdict({THREAD_GRINDS: 4.0}) is None  # not measured yet: nothing to say


def test_an_unnamed_task_walks_in_under_its_coroutines_name():
    state = shop_with_ada()
    text = narrate(ev.TaskCreated(0.0, 2, "Task-9", "main.<locals>.rude", 1, 4), state)
    assert text.startswith("rude walks in")
