"""A coroutine that blocks the loop, or tries to end the process, becomes a lesson: the app
and the other customers go on."""

from __future__ import annotations

import time

from support import line_of, program_path

from coffeeshop_gui.engine.program import load_program
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
