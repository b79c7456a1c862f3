"""Random sequences of what a person does to the real window, from a seed.

Each run makes at least 2,000 actions (drag a drink in, send a customer out, ring a buzzer,
pause, step, speed, restart, reset, open a program, rush, theme, zoom, tour keys) and,
every so often, settles the picture and checks it against the loop: no exception escapes,
the customers drawn are the live tasks, and no task or timer is recorded twice or lost.

Three seeds run in the suite; `COFFEESHOP_FUZZ_SEEDS=20` (say) runs that many more.
"""

from __future__ import annotations

import os
import random
from collections import Counter

import pytest
from PySide6.QtCore import QCoreApplication, QPointF
from support import program_path

from coffeeshop_gui.engine.recorder import SHOP_WORK
from coffeeshop_gui.lessons import TOUR
from coffeeshop_gui.loop.shop_loop import Gate
from coffeeshop_gui.model import events as ev
from coffeeshop_gui.programs import DEFAULT_PROGRAM

FUZZ_SHOP = program_path("fuzz_shop")  # customers that stay, leave, fail and clean up

ACTIONS_PER_RUN = 2_000
CHECK_EVERY = 100
EVENTS_EVERY = 20  # a frame costs ~20 actions: a person acts in bursts between frames too
EXTRA_SEEDS = int(os.environ.get("COFFEESHOP_FUZZ_SEEDS", "0"))
SEEDS = [1, 2, 3, *range(1000, 1000 + EXTRA_SEEDS)]


def _customer(window, rng: random.Random, *, alive: bool = True):
    found = [c for c in window.state.customers.values() if not (alive and c.state.ended)]
    return rng.choice(found) if found else None


def drag_in(window, rng: random.Random) -> None:
    drinks = sorted(window.program.drinks())
    if drinks:
        window.add_drink(rng.choice(drinks), QPointF(rng.uniform(0, 900), rng.uniform(0, 500)))


def drag_out(window, rng: random.Random) -> None:
    customer = _customer(window, rng)
    if customer is not None:
        window.send_away(customer.id)


def ring(window, rng: random.Random) -> None:
    customer = _customer(window, rng)
    if customer is not None and customer.future is not None:
        window.ring(customer.future)


def open_a_program(window, rng: random.Random, bad_program) -> None:
    others = [DEFAULT_PROGRAM, TOUR[1].file, TOUR[5].file, bad_program]
    window.open_program(FUZZ_SHOP if rng.random() < 0.5 else rng.choice(others))


def rush(window, rng: random.Random) -> None:
    window.rush(rng.choice([1, 10, 50]))


# (weight, action): the heavy ones (a new shop floor, a rush) come less often
ACTIONS = [
    (12, drag_in),
    (10, drag_out),
    (8, ring),
    (8, lambda w, r: w.do_play_pause()),
    (12, lambda w, r: w.do_step()),
    (4, lambda w, r: w.do_faster()),
    (4, lambda w, r: w.do_slower()),
    (1, lambda w, r: w.do_restart()),
    (1, lambda w, r: w.do_reset()),
    (1, open_a_program),
    (1, rush),
    (1, lambda w, r: w.do_theme()),  # a restyle of every widget: the dearest action
    (2, lambda w, r: r.choice([w.do_zoom_in, w.do_zoom_out, w.do_zoom_reset])()),
    (1, lambda w, r: r.choice([w.do_tour_next, w.do_tour_previous, w.do_tour, w.do_tour])()),
    (4, lambda w, r: w.do_next_customer()),
]


def check(window, errors: list[dict]) -> None:
    """Settle the picture with the shop paused, and hold it against the loop."""
    playing = window.loop.gate is Gate.PLAY
    window.loop.pause()
    window.settle()
    assert not errors, errors[0]
    recorder = window.session.recorder
    live = {recorder.known_id(t) for t in window.session.live_tasks()}
    alive = {c.id for c in window.state.customers.values() if not c.state.ended}
    assert live == alive
    assert all(window.scene.draws(tid) for tid in alive)
    created = Counter(e.task for e in window.session.log if isinstance(e, ev.TaskCreated))
    ended = Counter(
        e.task for e in window.session.log if isinstance(e, ev.Finished | ev.Failed | ev.Cancelled)
    )
    assert max(created.values(), default=1) == 1 and max(ended.values(), default=1) == 1
    assert set(ended) <= set(created)
    done = {recorder.known_id(t) for t in recorder.tasks() if t.done()}
    assert done <= set(ended)  # every task asyncio has ended is recorded as ended
    timers = Counter(
        e.timer for e in window.session.log if isinstance(e, ev.TimerFired | ev.TimerCancelled)
    )
    assert max(timers.values(), default=1) == 1
    if playing:
        window.loop.play()


@pytest.mark.filterwarnings("ignore:coroutine .* was never awaited")
@pytest.mark.parametrize("seed", SEEDS)
def test_random_actions_leave_the_shop_true_to_its_loop(open_shop, tmp_path, seed):
    bad_program = tmp_path / "needs_args.py"
    bad_program.write_text("async def main(x):\n    pass\n")
    shop = open_shop(FUZZ_SHOP)
    window, rng = shop.window, random.Random(seed)
    window.resize(960, 600)  # a smaller frame to paint: the same scene, fewer pixels
    errors: list[dict] = []

    def on_error(_loop, context: dict) -> None:
        handle = context.get("handle")
        program_s = handle is not None and handle._context.get(SHOP_WORK, 0) != 0
        if not program_s and "task" not in context and "future" not in context:
            errors.append(context)  # the shop's own callback failed, not the program's

    window.loop.set_exception_handler(on_error)
    window.loop.play()
    weights, actions = zip(*ACTIONS, strict=True)
    for n in range(1, ACTIONS_PER_RUN + 1):
        action = rng.choices(actions, weights)[0]
        if action is open_a_program:
            action(window, rng, bad_program)
        else:
            action(window, rng)
        if n % EVENTS_EVERY == 0:  # the loop and Qt take their turns between actions
            QCoreApplication.processEvents()
        if n % CHECK_EVERY == 0:
            check(window, errors)
    check(window, errors)
