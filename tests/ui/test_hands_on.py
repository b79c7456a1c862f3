"""Hands on the running shop, through the real window: drop drinks in, drag customers out,
ring buzzers, drop files, and see the loop's real ready queue."""

from __future__ import annotations

from gestures import click, drag_mouse, drink, drop, files
from PySide6.QtCore import QPointF
from PySide6.QtGui import QFontMetricsF
from support import program_path

from coffeeshop_gui.model.state import CustomerState
from coffeeshop_gui.programs import DEFAULT_PROGRAM
from coffeeshop_gui.ui.items.ticket_rail import HEADER_GAP, Ticket, header_font
from coffeeshop_gui.ui.scene import DOOR_ZONE


def default_line(text: str) -> int:
    lines = DEFAULT_PROGRAM.read_text().splitlines()
    return next(n for n, line in enumerate(lines, start=1) if text in line)


def on_view(shop, scene_point: QPointF):
    return shop.window.view.mapFromScene(scene_point)


def test_dropping_a_drink_creates_exactly_one_new_task_and_customer_at_the_drop_point(open_shop):
    shop = open_shop()
    shop.run_to(0.5)
    before = set(shop.window.state.customers)
    spot = QPointF(250, 520)
    assert drop(shop.window.view.viewport(), drink("latte"), on_view(shop, spot))
    shop.window.tick()
    (new,) = set(shop.window.state.customers) - before
    item = shop.window.scene.customers[new]
    assert (item.pos() - spot).manhattanLength() < 80  # walks in where it was dropped
    shop.run_to(1.0)
    latte = shop.window.state.customers[new]
    assert latte.coro == "latte" and latte.name == "latte #1"
    assert latte.state is CustomerState.WAITING
    assert latte.line == default_line('coffee = await brew("latte")')
    assert new in shop.window.code.marked_lines()[latte.line]
    assert shop.window.selected_task() == new  # the new customer is followed
    assert len(shop.window.state.customers) == len(before) + 1


def drag_to_door(shop, name: str) -> None:
    item = shop.item(name)
    start = on_view(shop, item.pos() - QPointF(0, 40))
    drag_mouse(shop.window.view.viewport(), start, on_view(shop, DOOR_ZONE.center()))


def test_dragging_a_customer_out_of_the_door_cancels_exactly_that_task_at_its_line(open_shop):
    shop = open_shop()
    shop.run_to(0.5)
    drop(shop.window.view.viewport(), drink("cold_brew"), on_view(shop, QPointF(250, 520)))
    shop.run_to(1.2)
    guest = shop.customer("cold_brew #1")
    assert guest.state is CustomerState.WAITING
    waiting_at = guest.line
    drag_to_door(shop, "cold_brew #1")
    shop.run_to(3.0)
    states = {c.name: c.state for c in shop.window.state.customers.values()}
    assert [n for n, s in states.items() if s is CustomerState.CANCELLED] == ["cold_brew #1"]
    guest = shop.customer("cold_brew #1")
    assert guest.cancelled_at == waiting_at == default_line('return await brew("cold brew")')
    marks = [(m.task, m.line) for m in shop.window.code.marks if m.kind == "cancelled"]
    assert marks == [(guest.id, waiting_at)]


def test_a_sent_away_customer_that_catches_cancelled_error_is_seen_cleaning_up(open_shop):
    shop = open_shop()
    shop.run_to(0.5)
    drop(shop.window.view.viewport(), drink("cold_brew"), on_view(shop, QPointF(250, 520)))
    shop.run_to(1.2)
    drag_to_door(shop, "cold_brew #1")
    shop.run_to(1.4)  # the except block awaits its clean-up (0.5 s)
    guest = shop.customer("cold_brew #1")
    assert guest.state is CustomerState.WAITING
    assert guest.line == default_line("clean up: hand the buzzer back")
    assert guest.value == "CancelledError()"
    shop.run_to(2.0)
    assert shop.customer("cold_brew #1").state is CustomerState.CANCELLED


def test_sending_away_a_customer_main_gathers_cancels_main_too_as_gather_does(open_shop):
    shop = open_shop()
    shop.run_to(1.2)
    drag_to_door(shop, "Cy")
    shop.run_to(3.0)
    assert shop.customer("Cy").state is CustomerState.CANCELLED
    assert shop.customer("main").state is CustomerState.CANCELLED  # CancelledError from gather
    assert shop.customer("Ada").state is CustomerState.WAITING  # the others go on


def test_dragging_a_customer_elsewhere_changes_nothing(open_shop):
    shop = open_shop()
    shop.run_to(1.2)
    item = shop.item("Ben")
    start = on_view(shop, item.pos() - QPointF(0, 40))
    drag_mouse(shop.window.view.viewport(), start, on_view(shop, QPointF(500, 600)))
    shop.run_to(1.4)
    assert shop.customer("Ben").state is CustomerState.WAITING


def click_cys_pending_buzzer(open_shop):
    """Click Cy's dark buzzer at 0.5 s of the default program; the shop and the buzzer."""
    shop = open_shop()
    shop.run_to(0.5)
    buzzer = shop.window.scene.buzzers[shop.customer("Cy").id]
    assert not buzzer.lit
    click(shop.window.view.viewport(), on_view(shop, buzzer.scenePos()))
    shop.window.settle()
    return shop, buzzer


def test_clicking_a_pending_buzzer_lights_it(open_shop):
    shop, buzzer = click_cys_pending_buzzer(open_shop)
    assert shop.customer("Cy").buzzer_lit and buzzer.lit  # the Future is done: lit


def test_a_buzzer_rung_by_a_click_wakes_its_customer(open_shop):
    shop, _buzzer = click_cys_pending_buzzer(open_shop)
    shop.step()  # the cashier takes Cy's wake-up
    assert shop.customer("Cy").value == "'cold brew'"


def drop_a_text_file(open_shop, tmp_path):
    """Drop notes.txt on the floor at 0.5 s; the shop and the session running before."""
    shop = open_shop()
    shop.run_to(0.5)
    session = shop.window.session
    notes = tmp_path / "notes.txt"
    notes.write_text("not a program")
    drop(shop.window.view.viewport(), files(notes), on_view(shop, QPointF(500, 400)))
    return shop, session


def test_dropping_a_file_that_is_not_a_program_is_refused(open_shop, tmp_path):
    shop, session = drop_a_text_file(open_shop, tmp_path)
    assert shop.window.session is session
    assert "Not opened" in shop.window.statusBar().currentMessage()
    assert "not a Python file" in shop.window.statusBar().currentMessage()


def test_a_program_dropped_after_a_refused_file_opens(open_shop, tmp_path):
    shop, session = drop_a_text_file(open_shop, tmp_path)
    drop(
        shop.window.view.viewport(), files(program_path("gather")), on_view(shop, QPointF(500, 400))
    )
    assert shop.window.session is not session
    assert shop.window.program.title == "gather.py"


def test_the_ticket_rail_is_the_loops_real_ready_queue(open_shop):
    shop = open_shop()
    shop.window.do_reset()  # a fresh shop, paused before the first turn
    shop.window.settle()
    assert [t.label for t in shop.window.scene.rail.tickets] == ["main"]
    assert shop.window.scene.rail.tickets[0].kind == "start"
    shop.step()  # main runs: it creates three customers and awaits gather
    tickets = shop.window.scene.rail.tickets
    assert [t.label for t in tickets] == [h.get_name() for h in _tasks_in(shop.loop.ready)]
    assert [t.label for t in tickets] == ["Ada", "Ben", "Cy"]
    assert shop.window.scene.rail.last.label == "main"


def test_the_ticket_rail_calls_unnamed_tasks_by_their_coroutine(open_shop):
    shop = open_shop(program_path("gather"))
    shop.window.do_reset()
    shop.window.settle()
    shop.step()  # main runs: gather wraps two brew() coroutines in tasks named Task-N
    assert [t.label for t in shop.window.scene.rail.tickets] == ["brew 1", "brew 2"]


def test_the_ticket_rail_counts_the_whole_ready_queue_beyond_the_tickets_it_shows(open_shop):
    shop = open_shop()
    shop.window.do_reset()  # paused before the first turn: nothing leaves the queue
    assert shop.window.rush(500)
    shop.window.settle()
    rail = shop.window.scene.rail
    assert len(shop.loop.ready) == 501  # main's first step and the 500 customers'
    assert rail.waiting == 501  # the rail's "READY QUEUE: 501" and its "+N" say so
    assert 0 < len(rail.tickets) < 501
    names = [task.get_name() for task in _tasks_in(shop.loop.ready)]
    assert [t.label for t in rail.tickets] == names[: len(rail.tickets)]  # next in line first


def test_the_ticket_rail_header_keeps_a_rushs_count_and_last_turn_apart(open_shop):
    shop = open_shop()
    rail = shop.window.scene.rail
    rail.show_tickets([], Ticket("espresso #12947", "wake-up", "#0072b2"), 10_000)
    count, last = rail.header()
    assert count == "READY QUEUE: 10,000"  # the count whole, as the status line says
    assert last.startswith("last:") and "…" in last  # the last turn cut to the room left
    metrics = QFontMetricsF(header_font())
    used = metrics.horizontalAdvance(count) + metrics.horizontalAdvance(last)
    assert used + HEADER_GAP <= rail.boundingRect().width()  # side by side, not on top
    rail.show_tickets([], Ticket("Ada", "step", "#0072b2"), 3)
    assert rail.header() == ("READY QUEUE: 3", "last: Ada step")  # room for all of it


def _tasks_in(ready):
    return [h._callback.__self__ for h in ready]


def open_a_menu_of_24_drinks(open_shop, tmp_path):
    """A program with 24 recipes: the drinks bar gets 24 chips."""
    many = tmp_path / "menu.py"
    recipes = "".join(
        f"async def drink_number_{i}():\n    await asyncio.sleep(1)\n\n\n" for i in range(24)
    )
    many.write_text(f"import asyncio\n\n\n{recipes}async def main():\n    pass\n")
    shop = open_shop(many)
    assert len(shop.window.drinks.chips) == 24
    return shop


def test_a_program_with_many_drinks_keeps_the_window_narrow(open_shop, tmp_path):
    shop = open_a_menu_of_24_drinks(open_shop, tmp_path)
    assert shop.window.minimumSizeHint().width() <= 1440  # the row did not widen the window


def test_a_program_with_many_drinks_keeps_each_in_reach(open_shop, tmp_path):
    shop = open_a_menu_of_24_drinks(open_shop, tmp_path)
    bar = shop.window.drinks
    shop.qtbot.waitUntil(bar.horizontalScrollBar().isVisible, timeout=2_000)  # laid out
    assert bar.horizontalScrollBar().maximum() > 0
    last = bar.chips[-1]
    bar.ensureWidgetVisible(last)  # scrolled to, the last drink is on screen to drag
    assert bar.viewport().rect().contains(last.geometry().translated(bar.widget().pos()))
    # zooming enlarges the text (a presenter does): the bar grows with it
    for _ in range(4):
        shop.window.do_zoom_in()
    shop.qtbot.wait(50)
    assert bar.viewport().height() >= last.height()
