"""What a customer's coroutine can order: a drink brewed on a timer, a grind, a timing."""

from __future__ import annotations

import asyncio

from support import labels, record_on_stock_loop

from coffeeshop_gui.model import events as ev
from coffeeshop_gui.model.shop import MENU, brew, grind, report


def _menu_run() -> tuple[list[ev.Event], list[str]]:
    """The events and result of `menu.py`: three drinks brewed, then two timings reported."""
    _, events, result = record_on_stock_loop("menu")
    return events, result


def test_a_drink_is_handed_back_by_its_name():
    _events, result = _menu_run()
    assert result == ["latte", "a drink not on the menu", "espresso"]


def test_a_drink_takes_its_menu_time_on_the_machine():
    events, _result = _menu_run()
    brews = [e for e in events if isinstance(e, ev.TimerScheduled)]
    # latte from the menu, an unknown drink 2 s, an espresso asked for in 0.25 s
    assert [(e.label, e.t, e.when) for e in brews] == [
        ("latte", 0.0, MENU["latte"]),
        ("a drink not on the menu", 2.5, 4.5),
        ("espresso", 4.5, 4.75),
    ]


def test_a_timing_reported_in_the_shop_is_recorded_to_a_tenth_of_a_millisecond():
    events, _result = _menu_run()
    measured = [e for e in events if isinstance(e, ev.Measured)]
    assert [(labels(events)[e.task], e.t, e.label, e.seconds) for e in measured] == [
        ("main", 4.75, "three drinks", 4.75),
        ("main", 4.75, "a fine measurement", 1.2346),
    ]


def test_a_timing_outside_the_shop_is_printed(capsys):
    asyncio.run(_report_outside())
    assert capsys.readouterr().out == "four waits: 1.25 s\n"


async def _report_outside() -> None:
    report("four waits", 1.254)


def test_grinding_is_real_work_on_every_bean():
    assert grind(0) == 0
    beans = 2_500_000  # one gram
    assert grind(1) == (beans // 7) * 21 + sum(range(beans % 7))


def test_a_customer_who_leaves_before_the_drink_is_ready_breaks_nothing():
    async def leave_early() -> list[dict]:
        loop = asyncio.get_running_loop()
        errors: list[dict] = []
        loop.set_exception_handler(lambda _loop, context: errors.append(context))
        order = asyncio.create_task(brew("espresso", seconds=0.01))
        await asyncio.sleep(0)
        order.cancel()  # the buzzer is cancelled; the machine still finishes the drink
        await asyncio.sleep(0.05)
        return errors

    assert asyncio.run(leave_early()) == []
