"""The window on a program that talks over sockets: paused, then one step at a time."""

from __future__ import annotations

from support import line_of, program_path

from coffeeshop_gui.model.state import CustomerState

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


def test_the_hatch_lists_the_socket_main_waits_on_and_lights_where_its_reply_came_in(open_shop):
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
