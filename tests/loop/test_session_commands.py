"""What a person does to a running shop: add a customer, send one away, ring a buzzer."""

from __future__ import annotations

import gc

from support import program_path, run_to

from coffeeshop_gui.engine.program import load_program
from coffeeshop_gui.loop.session import Session
from coffeeshop_gui.model import events as ev
from coffeeshop_gui.model.state import CustomerState
from coffeeshop_gui.programs import DEFAULT_PROGRAM


def source_line(text: str) -> int:
    lines = DEFAULT_PROGRAM.read_text().splitlines()
    return next(n for n, line in enumerate(lines, start=1) if text in line)


def by_coro(state, coro):
    return next(c for c in state.customers.values() if c.coro == coro)


def test_adding_a_drink_creates_exactly_one_task_running_that_recipe(shop_loop, qtbot):
    session = Session(shop_loop, load_program(DEFAULT_PROGRAM))
    before = run_to(shop_loop, qtbot, session, 0.2)
    task = session.add_customer("latte")
    state = run_to(shop_loop, qtbot, session, 0.5)
    assert len(state.customers) == len(before.customers) + 1
    latte = by_coro(state, "latte")
    assert latte.name == task.get_name() == "latte #1"
    assert latte.parent is None  # walked in from the street, not created by main
    assert latte.state is CustomerState.WAITING
    assert latte.line == source_line('coffee = await brew("latte")')


def test_sending_a_customer_away_raises_cancelled_error_at_its_line(shop_loop, qtbot):
    session = Session(shop_loop, load_program(DEFAULT_PROGRAM))
    session.add_customer("cold_brew")
    guest = by_coro(run_to(shop_loop, qtbot, session, 1.0), "cold_brew")
    assert guest.state is CustomerState.WAITING
    assert session.send_away(guest.id)
    state = run_to(shop_loop, qtbot, session, 2.0)
    assert state.customers[guest.id].state is CustomerState.CANCELLED
    mine = [e for e in session.log if getattr(e, "task", None) == guest.id]
    resumed = [e for e in mine if isinstance(e, ev.Resumed)]
    assert [e.value for e in resumed] == ["CancelledError()", "None"]
    suspended = [e.line for e in mine if isinstance(e, ev.Suspended)]
    assert suspended == [guest.line, source_line("clean up: hand the buzzer back")]
    others = [c for c in state.customers.values() if c.id != guest.id]
    assert not any(c.state is CustomerState.CANCELLED for c in others)
    assert not session.send_away(guest.id)  # already gone


def test_ringing_a_buzzer_by_hand_wakes_that_customer_with_its_drink(shop_loop, qtbot):
    session = Session(shop_loop, load_program(DEFAULT_PROGRAM))
    cy = next(
        c for c in run_to(shop_loop, qtbot, session, 0.5).customers.values() if c.name == "Cy"
    )
    assert session.ring(cy.future) is None
    state = run_to(shop_loop, qtbot, session, 1.0)
    assert state.customers[cy.id].line == source_line("await asyncio.sleep(1.5)")
    resumed = [e for e in session.log if isinstance(e, ev.Resumed) and e.task == cy.id]
    assert [(e.t, e.value) for e in resumed] == [(0.5, "'cold brew'")]
    assert session.ring(cy.future) == "that buzzer has already lit"


def test_a_buzzer_that_is_a_gather_or_a_task_is_not_rung_by_hand(shop_loop, qtbot):
    session = Session(shop_loop, load_program(DEFAULT_PROGRAM))
    main = run_to(shop_loop, qtbot, session, 0.5).customers[session.recorder.task_id(session.main)]
    assert "lights by itself" in session.ring(main.future)


def test_a_programs_own_failed_task_is_still_reported_by_asyncio_when_let_go(shop_loop):
    """Only customers the shop sent in have their failure counted as shown: a task the
    program made, failed and never awaited keeps asyncio's own report, which is the lesson."""
    reports = []
    shop_loop.set_exception_handler(lambda _loop, context: reports.append(context))
    session = Session(shop_loop, load_program(program_path("failing")))
    shop_loop.run_until_complete(session.main)
    session.close()
    gc.collect()
    (report,) = [r for r in reports if r["message"] == "Task exception was never retrieved"]
    assert report["future"].get_name() == "clumsy"
