"""The virtual clock: speed scales shop time, pause freezes it, fast-forward only jumps."""

from __future__ import annotations

import math

import pytest

from coffeeshop_gui.engine.clock import FAST_FORWARD, VirtualClock


class FakeReal:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_shop_time_runs_at_the_chosen_rate_and_rate_changes_never_jump():
    real = FakeReal()
    clock = VirtualClock(rate=1.0, real=real)
    real.now += 2
    assert clock.now() == pytest.approx(2.0)
    clock.set_rate(3.0)
    assert clock.now() == pytest.approx(2.0)
    real.now += 1
    assert clock.now() == pytest.approx(5.0)
    assert clock.real_delay(8.0) == pytest.approx(1.0)


def test_paused_clock_stands_still_and_never_reaches_a_later_time():
    real = FakeReal()
    clock = VirtualClock(rate=0.0, real=real)
    real.now += 50
    assert clock.now() == 0.0
    assert clock.real_delay(1.0) is None


def test_fast_forward_moves_only_by_jumps_unless_real_work_is_pending():
    real = FakeReal()
    clock = VirtualClock(rate=FAST_FORWARD, real=real)
    real.now += 5
    assert clock.now() == 0.0
    clock.advance_to(60.0)
    assert clock.now() == 60.0
    clock.advance_to(10.0)  # never backwards
    assert clock.now() == 60.0
    clock.set_flowing(True)
    real.now += 0.5
    assert clock.now() == pytest.approx(60.5)
    assert clock.fast_forward and math.isinf(clock.rate)


def test_negative_rate_is_refused():
    with pytest.raises(ValueError):
        VirtualClock().set_rate(-1)


def test_real_time_a_blocking_call_took_moves_a_fast_forwarded_clock_only():
    real = FakeReal()
    skipping = VirtualClock(rate=FAST_FORWARD, real=real)
    skipping.count_real(0.4)
    assert skipping.now() == pytest.approx(0.4)
    playing = VirtualClock(rate=1.0, real=real)
    real.now += 0.4  # at 1x the block's real time has passed on the clock already
    playing.count_real(0.4)
    assert playing.now() == pytest.approx(0.4)
