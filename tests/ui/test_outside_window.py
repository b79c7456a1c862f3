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
