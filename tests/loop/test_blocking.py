"""A coroutine that blocks the loop, or tries to end the process, becomes a lesson: the app
and the other customers go on."""

from __future__ import annotations

import gc
import time
from contextlib import contextmanager

import pytest
from support import line_of, program_path, run_to

from coffeeshop_gui.engine.program import load_program
from coffeeshop_gui.engine.watchdog import LoopBlockedError
from coffeeshop_gui.loop import shop_loop as shop_loop_module
from coffeeshop_gui.loop.session import Session
from coffeeshop_gui.model import events as ev
from coffeeshop_gui.model.state import CustomerState, fold


def test_a_blocking_call_is_recorded_at_its_line_for_the_time_it_held(shop_loop):
    session = Session(shop_loop, load_program(program_path("rude")))
    whole_run = time.perf_counter()
    assert shop_loop.run_until_complete(session.main) == ["finally", "thanks"]
    whole_run = time.perf_counter() - whole_run
    (blocked,) = [e for e in session.log if isinstance(e, ev.Blocked)]
    state = fold(session.log)
    rude = next(c for c in state.customers.values() if c.coro == "rude")
    assert (blocked.task, blocked.line) == (rude.id, line_of("rude", "blocking-call"))
    assert 0.4 <= blocked.seconds <= whole_run and not blocked.interrupted  # its time.sleep(0.4)


@contextmanager
def slow_collections(seconds: float):
    """Each garbage collection holds the thread `seconds` longer, as a full one of a large
    heap does (a rush's thousands of tasks: half a second seen in the suite)."""

    def slow(phase: str, _info: dict) -> None:
        if phase == "start":
            time.sleep(seconds)

    gc.callbacks.append(slow)
    try:
        yield
    finally:
        gc.callbacks.remove(slow)


@pytest.mark.parametrize("held_by", ["collector", "program"])
def test_at_fast_forward_shop_time_counts_a_blocking_call_but_not_the_garbage_collector(
    shop_loop, tmp_path, held_by
):
    """A collection is not the program's line holding the thread: no Blocked for it, and
    a fast-forwarded clock does not jump by it (in a rush, customers would wake early)."""
    program = tmp_path / "collects.py"
    program.write_text(
        "import asyncio, gc, time\n\n\n"
        "async def main():\n"
        "    await asyncio.sleep(1)\n"
        f"    {'gc.collect()' if held_by == 'collector' else 'time.sleep(0.3)'}\n"
        "    await asyncio.sleep(0)  # the next timer is set once the held time is counted\n"
        "    await asyncio.sleep(1)\n"
    )
    session = Session(shop_loop, load_program(str(program)))
    with slow_collections(0.3 if held_by == "collector" else 0.0):
        shop_loop.run_until_complete(session.main)
    blocked = [(e.line, e.seconds >= 0.3) for e in session.log if isinstance(e, ev.Blocked)]
    shop_time = shop_loop.time() - session.started_at
    if held_by == "collector":
        assert blocked == [] and shop_time == pytest.approx(2.0, abs=0.05)
    else:
        assert blocked == [(6, True)] and shop_time >= 2.3


def test_a_coroutine_that_never_awaits_fails_alone_with_loop_blocked_error(shop_loop):
    session = Session(shop_loop, load_program(program_path("runaway")), interrupt_after=0.5)
    assert shop_loop.run_until_complete(session.main) == "LoopBlockedError"
    state = fold(session.log)
    spinner = next(c for c in state.customers.values() if c.name == "spinner")
    assert spinner.state is CustomerState.FAILED
    assert spinner.error.startswith("LoopBlockedError")
    # the interrupt lands on whichever bytecode of the loop runs next
    assert spinner.line in (line_of("runaway", "loop"), line_of("runaway", "never-awaits"))
    assert spinner.blocked is not None and spinner.blocked.interrupted


def test_a_coroutine_calling_sys_exit_fails_alone(shop_loop):
    session = Session(shop_loop, load_program(program_path("quitter")))
    assert shop_loop.run_until_complete(session.main) == ("still here", True)
    state = fold(session.log)
    quitter = next(c for c in state.customers.values() if c.name == "quitter")
    assert quitter.state is CustomerState.FAILED
    assert quitter.error == "SystemExit: bye"
    assert quitter.line == line_of("quitter", "exit")


def test_a_blocking_c_call_fails_its_customer_at_its_line(shop_loop):
    session = Session(shop_loop, load_program(program_path("blocker")), interrupt_after=0.5)
    result = shop_loop.run_until_complete(session.main)
    assert result == ["LoopBlockedError", "LoopBlockedError", "served"]
    customers = fold(session.log).customers.values()
    sleeper = next(c for c in customers if c.name == "sleeper")
    waiter = next(c for c in customers if c.name == "waiter")
    assert sleeper.state is CustomerState.FAILED and waiter.state is CustomerState.FAILED
    assert sleeper.line == line_of("blocker", "sleeps")
    assert waiter.line == line_of("blocker", "waits")
    assert sleeper.blocked.interrupted and sleeper.blocked.line == line_of("blocker", "sleeps")


def test_a_repr_that_never_returns_is_interrupted_while_the_card_is_read(shop_loop):
    session = Session(shop_loop, load_program(program_path("slow_repr")), interrupt_after=0.5)
    assert shop_loop.run_until_complete(session.main) == "'Stubborn'"
    (blocked,) = [e for e in session.log if isinstance(e, ev.Blocked)]
    assert blocked.interrupted and blocked.line == line_of("slow_repr", "repr")
    holds = line_of("slow_repr", "holds")
    saved = [e for e in session.log if isinstance(e, ev.Suspended) and e.line == holds]
    assert dict(saved[0].locals)["thing"].startswith("<Stubborn instance at")  # not its repr


STUBBORN = """\
import asyncio, time


async def main():
    try:
        await asyncio.sleep(100)
    except asyncio.CancelledError:
        {cleanup}
        raise
"""


@pytest.mark.parametrize(
    "cleanup",
    ["while True: pass", "time.sleep(30)", "raise SystemExit(3)"],
    ids=["spins", "sleeps", "exits"],
)
def test_a_cleanup_of_the_program_left_behind_cannot_hang_or_end_the_app(
    shop_loop, qtbot, tmp_path, monkeypatch, cleanup
):
    """Opening another program cancels the one before. A cleanup of its that never ends (an
    except that spins, a finally that sleeps) is interrupted, as its turns were, and the
    window is told; one that raises SystemExit ends nothing but itself. The next run goes on."""
    monkeypatch.setattr(shop_loop_module, "UNWIND_INTERRUPT", 0.3)
    told: list[tuple[float, bool]] = []
    shop_loop.cleanup_held.connect(lambda seconds, stopped: told.append((seconds, stopped)))
    left = tmp_path / "stubborn.py"
    left.write_text(STUBBORN.format(cleanup=cleanup))
    before = Session(shop_loop, load_program(left))
    run_to(shop_loop, qtbot, before, 1.0)  # main waits in its sleep
    before.close()
    after = Session(shop_loop, load_program(program_path("sleepy")))
    start = time.perf_counter()
    qtbot.waitUntil(before.main.done, timeout=10_000)
    assert time.perf_counter() - start < 5.0
    run_to(shop_loop, qtbot, after, 1.0)  # the next program runs
    assert any(isinstance(e, ev.Suspended) for e in after.log)
    if cleanup == "raise SystemExit(3)":
        assert isinstance(before.main.exception(), SystemExit) and told == []
    else:
        assert isinstance(before.main.exception(), LoopBlockedError)
        ((seconds, stopped),) = told
        assert stopped and seconds >= 0.3
