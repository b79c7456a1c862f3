"""The guided tour: the keys walk the seven steps, and each step shows what its caption claims,
drawn from what really happened on the loop."""

from __future__ import annotations

import html
import re
import time
from dataclasses import replace

import pytest
from gestures import press
from PySide6.QtCore import QPointF
from support import light_step4

from coffeeshop_gui.lessons import TOUR
from coffeeshop_gui.lessons.kitchen_orders import COOKING, ORDERS
from coffeeshop_gui.model import events as ev
from coffeeshop_gui.model.state import CustomerState
from coffeeshop_gui.ui import layout, tour
from coffeeshop_gui.ui.scene import HANDSHAKE_COUNTER, HANDSHAKE_SECONDS


def lesson_line(step: int, text: str) -> int:
    lines = TOUR[step - 1].file.read_text().splitlines()
    return next(n for n, line in enumerate(lines, start=1) if text in line)


def on_step(shop, step: int) -> None:
    """The tour at `step`, its program started paused: a step opens playing at 1x, and on a
    busy machine drawing the window could take its first half second of shop time."""
    shop.window.go_to_step(step - 1)
    shop.window.do_reset()
    shop.loop.set_pace(0.0)


def test_clicker_keys_walk_the_seven_steps_in_order(open_shop):
    shop = open_shop()
    press(shop, "PgDown")  # a clicker's "next" starts the tour
    seen = [shop.window.program.title]
    for key in ("PgDown", "Down", "PgDown", "PgDown", "PgDown", "PgDown", "PgDown"):
        press(shop, key)
        seen.append(shop.window.program.title)
    assert seen == [lesson.file.name for lesson in TOUR] + [TOUR[-1].file.name]
    assert "Step 7 of 7" in shop.window.banner.text()
    press(shop, "PgUp")
    press(shop, "Up")
    assert shop.window.program.title == TOUR[4].file.name
    assert "Step 5 of 7" in shop.window.banner.text() and TOUR[4].title in shop.window.banner.text()
    press(shop, "T")  # leave the tour
    assert not shop.window.banner.isVisible()


def test_restart_runs_the_same_step_again(open_shop):
    shop = open_shop()
    on_step(shop, 3)
    shop.run_to(1.0)
    first = shop.window.session
    shop.window.do_restart()
    assert shop.window.session is not first
    assert shop.window.program.title == TOUR[2].file.name and shop.window.tour_index == 2


SLIP_THROWN_AWAY = pytest.mark.filterwarnings("ignore:coroutine 'latte' was never awaited")


@SLIP_THROWN_AWAY
def test_step1_a_slip_in_hand_has_no_marked_line_until_it_becomes_a_task(open_shop):
    shop = open_shop()
    on_step(shop, 1)
    shop.run_to(1.0)
    (slip,) = shop.window.state.slips.values()
    main = shop.customer("main")
    assert (slip.recipe, slip.state, slip.holder) == ("latte", "written", main.id)
    assert [c.name for c in shop.window.state.customers.values()] == ["main"]  # no customer yet
    body = range(lesson_line(1, "async def latte"), lesson_line(1, "async def main"))
    assert not [m for m in shop.window.code.marks if m.line in body]
    assert shop.window.scene.slips[slip.id].isVisible()
    shop.run_to(2.5)
    ada = shop.customer("Ada")
    assert shop.window.state.slips[slip.id].state == "handed in"
    assert shop.window.state.slips[slip.id].task == ada.id
    assert ada.line == lesson_line(1, 'await brew("latte")')  # now it runs, and is marked


@SLIP_THROWN_AWAY
def test_step1_a_slip_nobody_hands_in_ends_with_pythons_warning(open_shop):
    shop = open_shop()
    on_step(shop, 1)
    shop.run_to(2.5)
    dropped = [s for s in shop.window.state.slips.values() if s.state == "dropped"]
    assert [s.warning for s in dropped] == ["coroutine 'latte' was never awaited"]
    assert shop.window.scene.slips[dropped[0].id].dropped
    assert "was never awaited" in shop.window.statusBar().currentMessage()


def ada_at_her_buzzer(open_shop):
    """Step 2 at 1 s, caught mid-motion: Ada awaits her buzzer, the handshake on its way.

    Frames are held while the shop runs there: the handshake moves in real time, and on a
    loaded machine (a CI run of 3 workers on 2 cores) the run took longer than its 1.2 s."""
    shop = open_shop()
    on_step(shop, 2)
    shop.window.hold_frames(True)
    shop.run_to(1.0, settle=False)  # one frame, at most MAX_FRAME_MOTION of motion
    return shop, shop.customer("Ada")


def test_step2_the_card_shows_the_task_waiting_on_its_future(open_shop):
    shop, ada = ada_at_her_buzzer(open_shop)
    assert shop.window.selected_task() == ada.id  # the lesson follows Ada
    assert ada.line == lesson_line(2, "return await buzzer")
    card = shop.window.card.text()
    assert "Task pending name=&#x27;Ada&#x27;" in card or "Task pending name='Ada'" in card
    assert "FutureIter" in card  # __await__ gave an iterator, and it yielded the Future
    assert "cb=[Task.task_wakeup()]" in card  # the Task hung its wake-up on the Future
    handshake = html.unescape(card).split("the handshake")[1]
    assert "Future.__await__() → FutureIter yields the Future to Task 'Ada'" in handshake
    assert "hangs Task.task_wakeup on it" in handshake


def test_step2_the_handshake_carries_the_buzzer_on_a_round_trip_to_the_counter(open_shop):
    shop, ada = ada_at_her_buzzer(open_shop)
    trip = shop.window.scene.handshakes[ada.id]  # the buzzer goes up to the counter...
    trip.age = HANDSHAKE_SECONDS / 2
    assert trip.where(QPointF(0, 0)) == HANDSHAKE_COUNTER
    shop.window.scene.animate(HANDSHAKE_SECONDS)  # ...and comes back to Ada's table
    assert ada.id not in shop.window.scene.handshakes
    buzzer = shop.window.scene.buzzers[ada.id]
    assert buzzer.pos() == layout.buzzer_at_table(shop.window.scene.places.seat_of(ada.id))


def test_step2_the_card_shows_the_wake_up_handle_once_the_timer_fires(open_shop):
    shop, _ada = ada_at_her_buzzer(open_shop)
    shop.run_to(3.0)
    shop.step()  # the timer fires: set_result, and Ada's wake-up Handle is queued
    card = shop.window.card.text()
    assert "in loop.ready" in card and "Task.task_wakeup(" in card and "latte" in card


def test_step2_the_whole_handshake_on_the_card_can_be_scrolled_to_at_1024x768(open_shop):
    shop = open_shop()
    shop.window.resize(1024, 768)
    on_step(shop, 2)
    shop.run_to(1.0, settle=False)
    card = shop.window.card
    text = html.unescape(card.text())
    assert "the handshake" in text and text.removesuffix("</code>").endswith(
        "serves the next in line"
    )
    assert card.label.height() >= card.label.heightForWidth(card.label.width())  # none cut off
    scroll = card.verticalScrollBar()
    assert scroll.maximum() > 0  # more than the card's corner shows: it scrolls
    scroll.setValue(scroll.maximum())
    bottom = card.label.mapTo(card.viewport(), card.label.rect().bottomLeft()).y()
    assert bottom <= card.viewport().height()  # scrolled down, the last line is in view


def test_step2_the_cards_reprs_are_whole_or_cut_cleanly(open_shop):
    shop = open_shop()
    on_step(shop, 2)
    shop.run_to(1.0, settle=False)
    text = html.unescape(shop.window.card.text())
    assert "..." not in text  # reprlib's middle cut: <ShopLoop running...=False debug=False>
    assert re.search(r"loop = <ShopLoop running=(True|False) closed=False debug=False>", text)
    task = shop.window.session.recorder.find(shop.customer("Ada").id)
    folder = str(TOUR[1].file.parent) + "/"
    row = text.split("<b>Task</b>: <code>")[1].split("</code>")[0]
    assert row == repr(task).replace(folder, "")  # whole, less the file's folders


def ada_parked_in_step3(open_shop):
    """Step 3 at 1 s: Ada's frame is parked at the await of her brew."""
    shop = open_shop()
    on_step(shop, 3)
    shop.run_to(1.0)
    return shop


def test_step3_the_saved_spot_card_holds_the_real_locals(open_shop):
    shop = ada_parked_in_step3(open_shop)
    ada = shop.customer("Ada")
    assert ada.line == lesson_line(3, "coffee = await brew(drink)")
    card = shop.window.card.text()
    for local in (
        "name = &#x27;Ada&#x27;",
        "drink = &#x27;latte&#x27;",
        "price = 3.5",
        "tab = 3.5",
    ):
        assert local in card or local.replace("&#x27;", "'") in card
    assert shop.window.card.property("mood") == "waiting"  # greyed: the frame is parked


def test_step3_the_saved_spot_card_relinks_to_the_frame_on_resume(open_shop):
    shop = ada_parked_in_step3(open_shop)
    shop.run_to(2.5)
    shop.step()
    shop.step()  # the latte's timer fires, then Ada is served again
    assert shop.customer("Ada").line == lesson_line(3, "await asyncio.sleep(1)")
    assert (
        "coffee = &#x27;latte&#x27;" in shop.window.card.text()
        or "coffee = 'latte'" in shop.window.card.text()
    )


def test_step4_reads_out_what_its_own_run_measured(open_shop, tmp_path, monkeypatch):
    # the step as the tour shows it, grinding a tenth as long (support.light_step4)
    light = replace(TOUR[3], file=light_step4(TOUR[3].file, tmp_path))
    monkeypatch.setattr(tour, "TOUR", (*TOUR[:3], light, *TOUR[4:]))
    shop = open_shop()
    on_step(shop, 4)
    shop.loop.play()
    shop.loop.set_speed(float("inf"))
    whole_run = time.perf_counter()
    shop.qtbot.waitUntil(shop.window.session.main.done, timeout=60_000)
    whole_run = time.perf_counter() - whole_run
    shop.window.settle()
    measured = shop.window.state.measured
    assert list(measured) == [
        "waits, one by one",
        "waits, gather",
        "sleeps, threads",
        "grinds, threads",
        "grinds, processes",
    ]
    assert measured["waits, one by one"] == 2.0  # four 0.5 s waits, on shop time
    assert measured["waits, gather"] == 0.5
    assert measured["grinds, threads"] > 0 and measured["grinds, processes"] > 0
    # the caption reads out what was measured here, in this run
    assert f"{measured['grinds, processes']:.1f} s in two processes" in shop.window.banner.text()
    kinds = {e.kind for e in shop.window.session.log if isinstance(e, ev.JobStarted)}
    assert kinds == {"thread", "process"}
    (blocked,) = shop.window.state.blocks
    assert blocked.line == lesson_line(4, "time.sleep(1.0)")
    assert blocked.task == shop.customer("rude").id and 1.0 <= blocked.seconds <= whole_run
    assert shop.window.timings.isVisible() and len(shop.window.timings.rows) == 5


KITCHEN_STEPS = 1_000  # turns from the gather to all ten orders out (about a hundred here)
# The orders one after another cook for this long: the gather cannot begin sooner.
KITCHEN_ONE_BY_ONE = ORDERS * COOKING
SLOW_TO_THE_GATHER = 0.1  # then the speed: the gather's 0.2 s of cooking lasts 2 s of real time


def _ten_orders_out(shop):
    """Play step 5 to its gather, then step until all ten orders wait on their replies.

    The orders one after another take ten cookings of shop time: the shop runs there, then
    on at a tenth of real time, so the gather's ten orders are seen out long before their
    cooking ends (at 1x, a machine a quarter second late to look saw them back).
    """
    on_step(shop, 5)
    shop.run_to(KITCHEN_ONE_BY_ONE, settle=False)
    shop.loop.set_speed(SLOW_TO_THE_GATHER)
    gather = lesson_line(5, "await asyncio.gather(*dishes)")

    def at_gather() -> bool:
        main = [c for c in shop.window.state.customers.values() if c.name == "main"]
        if main and main[0].line == gather:
            shop.loop.pause()
            return True
        return False

    shop.loop.play()
    shop.qtbot.waitUntil(at_gather, timeout=60_000)
    for _ in range(KITCHEN_STEPS):
        orders = [c for c in shop.window.state.customers.values() if c.coro == "order"]
        reading = [c for c in orders if "StreamReader.readline" in c.waits_on]
        if len(orders) == 10 and len(reading) == 10:
            return reading
        shop.step()
    raise AssertionError("the ten orders were never all out at once")


def test_step5_ten_orders_wait_above_the_hatch_each_on_its_own_socket(open_shop):
    shop = open_shop()
    reading = _ten_orders_out(shop)
    hatch = shop.window.scene.hatch
    assert hatch.isVisible()
    sockets = {c.waits_at for c in reading}
    assert len(sockets) == 10  # ten connections, ten descriptors the selector watches
    for order in reading:
        fd, kind = order.waits_at
        assert order.waits_on == f"reading from a socket (StreamReader.readline), fd {fd}"
        (line,) = [ln for ln in hatch.lines if (ln.fd, ln.kind) == (fd, kind)]
        assert line.what == "socket" and hatch.who(line) == [order.id]
    # What the room reads on the hatch: its rows name the orders waiting, one per socket.
    shop.window.grab()
    rows = [run.text for run in hatch.drawn if run.text.startswith("fd ")]
    named = {c.display for c in reading}
    assert rows and all(row.split(" · ")[-1] in named for row in rows)
    assert all(row.split(" · ")[0].endswith("socket read") for row in rows)
    assert any(run.text.startswith("+ ") for run in hatch.drawn)  # and how many more
    # The ten waiting sit above the hatch, not over it (the same moment: one run of the
    # orders up to it, which takes seconds of real time).
    shop.window.settle()
    box = hatch.sceneBoundingRect()
    seated = [c for c in shop.window.state.customers.values() if c.state is CustomerState.WAITING]
    assert len(seated) > 10  # the orders and the kitchens cooking them: a crowd
    for customer in seated:
        at = shop.window.scene.position_of(customer.id)
        assert at is not None and not box.contains(at), f"{customer.display} sits on the hatch"


def test_step5_reads_out_both_timings_measured_here(open_shop):
    shop = open_shop()
    on_step(shop, 5)
    shop.loop.play()
    shop.loop.set_speed(float("inf"))
    shop.qtbot.waitUntil(shop.window.session.main.done, timeout=60_000)
    shop.window.settle()
    measured = shop.window.state.measured
    assert list(measured) == ["10 orders, one after another", "10 orders, together (gather)"]
    one_by_one, together = measured.values()
    assert together < one_by_one  # the waits overlapped
    banner = shop.window.banner.text()
    assert f"{one_by_one:.2f} s one after another, {together:.2f} s together with gather" in banner


def test_step6_the_value_carried_back_is_what_the_await_returned(open_shop):
    shop = open_shop()
    on_step(shop, 6)
    shop.run_to(1.0)  # Ben's espresso is due
    shop.step()  # the timer lights Ben's buzzer
    shop.step()  # the cashier serves Ben: he resumes with the coffee
    ben = shop.customer("Ben")
    resumed = [e for e in shop.window.session.log if isinstance(e, ev.Resumed) and e.task == ben.id]
    assert resumed[-1].value == "'espresso'"
    cups = [cup for cup, _ in shop.window.scene.cups if cup.task_id == ben.id]
    assert [cup.text for cup in cups] == ["'espresso'"]
    shop.run_to(3.0)
    assert shop.customer("Ben").value == "'Ben drinks a espresso'"


def test_step7_hundreds_of_customers_one_thread(open_shop):
    shop = open_shop()
    on_step(shop, 7)
    shop.run_to(0.5)
    live = [c for c in shop.window.state.customers.values() if not c.state.ended]
    assert len(live) == 301  # three hundred regulars, and main
    assert "tasks alive 301" in shop.window.status.text()
    assert "the loop: 1 thread" in shop.window.status.text()
    waiting = [t for t in shop.window.scene.tokens.values() if t.state is CustomerState.WAITING]
    assert len(waiting) == 301 and all(t.scale < 0.5 for t in waiting)  # drawn as a crowd
