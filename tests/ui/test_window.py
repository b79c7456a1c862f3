"""The window as a viewer sees it: customers, marked lines, buzzers, failures, selection."""

from __future__ import annotations

from looks import close_to, pixel
from PySide6.QtCore import QPointF, Qt
from support import line_of, program_path

from coffeeshop_gui.model.state import CustomerState
from coffeeshop_gui.programs import DEFAULT_PROGRAM
from coffeeshop_gui.ui import palette
from coffeeshop_gui.ui.scene import DONE_LINGER


def default_line(text: str) -> int:
    lines = DEFAULT_PROGRAM.read_text().splitlines()
    return next(n for n, line in enumerate(lines, start=1) if text in line)


def test_the_default_program_brings_three_customers_and_main(open_shop):
    shop = open_shop()
    shop.run_to(0.5)
    names = sorted(item.name for item in shop.window.scene.customers.values())
    assert names == ["Ada", "Ben", "Cy", "main"]
    assert all(shop.customer(n).state is CustomerState.WAITING for n in names)


def test_unnamed_tasks_from_gather_show_their_coroutine_name_not_task_n(open_shop):
    shop = open_shop(program_path("gather"))
    shop.run_to(0.5)
    window = shop.window
    items = window.scene.customers.values()
    assert sorted(item.name for item in items) == ["brew 1", "brew 2", "main"]
    assert all(item.toolTip().startswith(item.name) for item in items)
    brews = [c for c in window.state.customers.values() if c.coro == "brew"]
    line = line_of("gather", "brew-sleep")
    assert sorted(m.glyph for m in window.code.marks if m.line == line) == ["B", "B"]
    tip = window.scene.customers[brews[1].id].toolTip()
    assert tip.startswith(f"brew 2 ({brews[1].name}, brew)")  # the task's own name beside it
    window.select(brews[1].id)
    card = window.card.text()
    assert f"brew 2 ({brews[1].name})" in card and brews[1].name.startswith("Task-")


def test_the_code_panel_marks_each_customers_await_in_its_colour(open_shop):
    shop = open_shop()
    shop.run_to(0.5)
    brew, gather = default_line("await brew(drink)"), default_line("asyncio.gather")
    marked = shop.window.code.marked_lines()
    ids = {n: shop.customer(n).id for n in ("Ada", "Ben", "Cy", "main")}
    assert sorted(marked[brew]) == sorted([ids["Ada"], ids["Ben"], ids["Cy"]])
    assert marked[gather] == [ids["main"]]
    colours = {m.task: m.colour for m in shop.window.code.marks}
    assert colours[ids["Ada"]] == palette.customer_colour(ids["Ada"]).name()
    shop.run_to(1.2)  # Ben's espresso is done: he is enjoying it at the next await
    assert shop.window.code.marked_lines()[default_line("asyncio.sleep(1.5)")] == [ids["Ben"]]


def bens_buzzer_when_due(open_shop):
    """The default program at 1 s: Ben's espresso timer is due but has not fired yet."""
    shop = open_shop()
    shop.run_to(1.0)
    return shop, shop.window.scene.buzzers[shop.customer("Ben").id]


def test_a_pending_buzzer_is_dark(open_shop):
    shop, buzzer = bens_buzzer_when_due(open_shop)
    assert not buzzer.lit
    assert close_to(pixel(shop, buzzer.scenePos()), palette.BUZZER_DARK)


def test_a_buzzer_lights_when_its_future_is_done(open_shop):
    shop, buzzer = bens_buzzer_when_due(open_shop)
    shop.step()  # the timer fires: set_result, and Ben's wake-up joins the ready queue
    assert shop.customer("Ben").buzzer_lit
    assert shop.customer("Ben").state is CustomerState.QUEUED
    assert buzzer.lit
    assert close_to(pixel(shop, buzzer.scenePos()), palette.BUZZER_LIT)


def test_a_lit_buzzer_is_handed_back_when_its_customer_is_served(open_shop):
    shop, buzzer = bens_buzzer_when_due(open_shop)
    shop.step()  # the timer fires
    shop.step()  # the cashier takes Ben: the lit buzzer is handed back
    ben = shop.customer("Ben")
    assert ben.future != buzzer.future_id and not ben.buzzer_lit
    held = shop.window.scene.buzzers.get(ben.id)  # the sleep's buzzer, if he sat down again
    assert held is not buzzer
    assert held is None or (held.future_id == ben.future and not held.lit)


def test_a_failing_customer_is_shown_failed_while_the_others_go_on(open_shop):
    shop = open_shop(program_path("failing"))
    shop.run_to(5)
    clumsy = shop.customer("clumsy")
    assert clumsy.state is CustomerState.FAILED
    assert clumsy.error == "ValueError: dropped the cup"
    assert shop.item("clumsy").error == "ValueError"
    assert shop.customer("Ola").state is CustomerState.DONE
    assert shop.customer("main").state is CustomerState.DONE
    failed = [m for m in shop.window.code.marks if m.failed]
    assert [(m.task, m.line) for m in failed] == [(clumsy.id, line_of("failing", "raise"))]


def click_ben(open_shop, qtbot):
    """Click Ben's body at 1.2 s of the default program; the shop and Ben's item."""
    shop = open_shop()
    shop.run_to(1.2)
    ben = shop.item("Ben")
    view = shop.window.view
    at = view.mapFromScene(ben.scenePos() - QPointF(0, 40))  # on the body, above the feet
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=at)
    return shop, ben


def test_clicking_a_customer_selects_it(open_shop, qtbot):
    shop, ben = click_ben(open_shop, qtbot)
    assert shop.window.selected_task() == ben.task_id
    line = shop.customer("Ben").line
    assert "Ben" in shop.window.card.text() and f"line {line}" in shop.window.card.text()
    strongest = shop.window.code.marks[0]
    assert strongest.task == ben.task_id


def test_clicking_a_customer_scrolls_the_code_to_its_line(open_shop, qtbot):
    shop, _ben = click_ben(open_shop, qtbot)
    assert shop.window.code.textCursor().blockNumber() + 1 == shop.customer("Ben").line


def test_the_window_is_not_blank(open_shop):
    shop = open_shop()
    shop.run_to(2)
    image = shop.window.grab().toImage().scaled(360, 225)
    colours = {image.pixel(x, y) for x in range(0, 360, 3) for y in range(0, 225, 3)}
    assert len(colours) > 40


def test_opening_a_bad_program_leaves_the_running_shop_untouched(open_shop, tmp_path):
    shop = open_shop()
    shop.run_to(0.5)
    session, customers = shop.window.session, len(shop.window.state.customers)
    bad = tmp_path / "broken.py"
    bad.write_text("async def main(:\n")
    assert not shop.window.open_program(bad)
    assert shop.window.session is session
    assert len(shop.window.state.customers) == customers
    assert "syntax error on line 1" in shop.window.statusBar().currentMessage()


def test_restart_runs_the_program_again_from_the_start(open_shop):
    shop = open_shop()
    shop.run_to(1.5)
    old = shop.window.session
    shop.window.do_restart()
    assert shop.window.session is not old
    shop.run_to(0.5)
    assert sorted(i.name for i in shop.window.scene.customers.values()) == [
        "Ada",
        "Ben",
        "Cy",
        "main",
    ]
    assert old.main.cancelled() and not old.live_tasks()
    assert all(c.state is CustomerState.WAITING for c in shop.window.state.customers.values())


def test_a_value_carried_back_long_ago_is_not_left_at_the_counter(open_shop):
    shop = open_shop()
    shop.run_to(30.0)  # fast-forwarded: every value was returned seconds of shop time ago
    assert shop.window.session.main.done()
    assert [cup.text for cup, _ in shop.window.scene.cups] == []  # all delivered and gone


def test_a_customer_who_ended_long_ago_has_left_and_one_who_just_ended_is_by_the_door(open_shop):
    shop = open_shop()
    shop.run_to(9.0)  # fast-forwarded: no frame saw anyone walk out
    start, now = shop.window.session.started_at, shop.window.state.now
    ended = {c.name: c.ended_at - start for c in shop.window.state.customers.values()}
    assert min(ended, key=ended.get) == "Cy"  # a single drink: the first to be done
    gone = {name for name, t in ended.items() if now - start - t > DONE_LINGER}
    assert gone == {"Cy"}  # the last to end are still by the door
    by_door = {item.name for item in shop.window.scene.customers.values()}
    assert by_door == {"Ada", "Ben", "main"}
    shop.run_to(30.0)
    assert shop.window.scene.customers == {}  # all left, though the state keeps them
    assert len(shop.window.state.customers) == 4


def test_a_customer_holds_one_cup_the_value_its_latest_await_returned(open_shop):
    shop = open_shop()
    shop.run_to(3.2)  # Ben got his espresso, enjoyed it, and has just ordered a mocha
    ben = shop.customer("Ben")
    assert ben.line == default_line("await brew(drink)") and ben.steps > 2
    cups = [cup.text for cup, _ in shop.window.scene.cups if cup.task_id == ben.id]
    assert cups == ["None"]  # what asyncio.sleep returned, not stacked on the espresso
