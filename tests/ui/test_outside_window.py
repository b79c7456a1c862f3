"""The window on a program that talks over sockets: paused, then one step at a time."""

from __future__ import annotations

import html

from looks import close_to, pixel
from support import line_of, program_path

from coffeeshop_gui.model.state import CustomerState
from coffeeshop_gui.ui import palette

MAX_STEPS = 400  # io_streams takes about a hundred turns


def test_a_stream_program_paused_then_stepped_waits_for_its_reply_and_finishes(open_shop):
    shop = open_shop(program_path("io_streams"))
    shop.loop.set_speed(1.0)
    seen_at_read = False
    for _ in range(MAX_STEPS):
        if shop.window.session.main.done():
            break
        shop.step()
        main = shop.customer("main")
        if main.state is CustomerState.WAITING and main.line == line_of("io_streams", "ask-read"):
            seen_at_read = True
            assert not main.buzzer_lit  # the reply has not come yet: its buzzer is dark
    assert shop.window.session.main.result() == ["hello tcp", "hello unix"]
    assert seen_at_read, "main was never seen waiting for its reply"
    shop.window.settle()
    assert shop.customer("main").state is CustomerState.DONE


def test_the_hatch_shows_the_socket_main_waits_on_until_its_reply_lights_it(open_shop):
    shop = open_shop(program_path("io_streams"))
    shop.loop.set_speed(1.0)
    hatch = shop.window.scene.hatch
    assert not hatch.isVisible()  # no socket yet
    ask_read = line_of("io_streams", "ask-read")
    waiting_lines = None
    for _ in range(MAX_STEPS):
        shop.step()
        main = shop.customer("main")
        if main.state is CustomerState.WAITING and main.line == ask_read:
            waiting_lines = [(line.what, line.kind) for line in hatch.lines]
            break
    assert hatch.isVisible() and waiting_lines is not None
    assert ("socket", "read") in waiting_lines  # the connection main reads its reply from
    assert ("listening socket", "read") in waiting_lines  # the server, waiting for clients
    main_id = shop.customer("main").id
    answered = []
    for _ in range(MAX_STEPS):
        shop.step()
        answered = [line for line in hatch.lines if main_id in line.woke]
        if answered:
            break
    # The turn the reply came in: the line is lit and main's buzzer with it, still seated.
    assert answered and answered[0].what == "socket" and hatch.lit(answered[0])
    main = shop.customer("main")
    assert main.line == ask_read and main.buzzer_lit


def _step_until_lit(shop, name: str, line: int | None = None):
    """Step until `name`'s buzzer lights (while at `line`, if given); the customer then."""
    for _ in range(MAX_STEPS):
        shop.step()
        customer = shop.customer(name)
        if customer.buzzer_lit and line in (None, customer.line):
            return customer
    raise AssertionError(f"{name}'s buzzer never lit")


def test_a_reply_lights_the_buzzer_from_the_hatch_line_it_came_in_on(open_shop):
    shop = open_shop(program_path("io_streams"))
    shop.loop.set_speed(1.0)
    main = _step_until_lit(shop, "main", line_of("io_streams", "ask-read"))
    scene = shop.window.scene
    light = scene.lights[main.id]
    (answered,) = [line for line in scene.hatch.lines if main.id in line.woke]
    assert light.source == "hatch"
    assert light.start == scene.hatch.row_point(answered.fd)  # the line the reply came in on
    assert scene.hatch.sceneBoundingRect().contains(light.start)
    assert not scene.machine.sceneBoundingRect().contains(light.start)
    buzzer = scene.buzzers[main.id]
    assert light.head == buzzer.pos()  # the beam runs from the hatch to main's buzzer
    assert "done at the hatch" in buzzer.toolTip()
    # What the room sees: the buzzer's yellow light at the hatch's line, where the hatch is
    # otherwise chalk on a dark board.
    assert close_to(pixel(shop, light.start), palette.BUZZER_LIT, tolerance=40)


def test_a_timers_brew_lights_the_buzzer_from_the_espresso_machine(open_shop):
    shop = open_shop()  # three customers on asyncio.sleep timers
    shop.run_to(0.5)
    ada = _step_until_lit(shop, "Ada")
    scene = shop.window.scene
    light = scene.lights[ada.id]
    assert light.source == "machine"
    assert scene.machine.sceneBoundingRect().contains(light.start)
    assert "done at the espresso machine" in scene.buzzers[ada.id].toolTip()


def test_a_thread_jobs_end_lights_the_buzzer_from_the_worker(open_shop):
    shop = open_shop(program_path("io_threads"))
    shop.loop.set_speed(1.0)
    main = _step_until_lit(shop, "main")
    light = shop.window.scene.lights[main.id]
    assert light.source == "helper"
    assert not shop.window.scene.hatch.sceneBoundingRect().contains(light.start)


def test_the_card_and_the_hatch_name_the_socket_a_waiting_reader_waits_on(open_shop):
    shop = open_shop(program_path("io_streams"))
    shop.loop.set_speed(1.0)
    ask_read = line_of("io_streams", "ask-read")
    for _ in range(MAX_STEPS):
        shop.step()
        main = shop.customer("main")
        if main.state is CustomerState.WAITING and main.line == ask_read:
            break
    shop.window.select(main.id)
    fd, kind = main.waits_at
    card = html.unescape(shop.window.card.text())
    assert f"waits on: <b>reading from a socket (StreamReader.readline), fd {fd}</b>" in card
    (line,) = [line for line in shop.window.scene.hatch.lines if (line.fd, line.kind) == (fd, kind)]
    assert shop.window.scene.hatch.who(line) == [main.id]  # its row is main's
