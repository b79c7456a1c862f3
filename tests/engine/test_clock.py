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


def two_seconds_in_at_real_rate() -> tuple[VirtualClock, FakeReal]:
    """A clock at rate 1 after 2 s of real time, and the real time it reads."""
    real = FakeReal()
    clock = VirtualClock(rate=1.0, real=real)
    real.now += 2
    return clock, real


def test_shop_time_runs_at_the_chosen_rate():
    clock, real = two_seconds_in_at_real_rate()
    assert clock.now() == pytest.approx(2.0)
    clock.set_rate(3.0)
    real.now += 1
    assert clock.now() == pytest.approx(5.0)
    assert clock.real_delay(8.0) == pytest.approx(1.0)


def test_a_rate_change_never_jumps_shop_time():
    clock, _real = two_seconds_in_at_real_rate()
    clock.set_rate(3.0)
    assert clock.now() == pytest.approx(2.0)


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
    with pytest.raises(ValueError, match=r"^the shop clock does not run backwards$"):
        VirtualClock().set_rate(-1)


def test_a_jump_forward_at_normal_speed_goes_on_from_where_it_landed():
    real = FakeReal()
    clock = VirtualClock(rate=1.0, real=real)
    clock.advance_to(10.0)
    real.now += 1
    assert clock.now() == pytest.approx(11.0)
    clock.advance_to(11.0)  # already there: nothing moves
    real.now += 1
    assert clock.now() == pytest.approx(12.0)


def test_how_long_to_wait_for_a_timer_follows_the_rate_and_is_nothing_once_it_is_due():
    real = FakeReal()
    clock = VirtualClock(rate=2.0, real=real)
    real.now += 5  # shop time 10
    assert clock.real_delay(16.0) == pytest.approx(3.0)  # 6 s of shop time at 2x
    assert clock.real_delay(10.0) == 0.0 and clock.real_delay(4.0) == 0.0  # due, overdue
    clock.set_rate(0.0)
    assert clock.real_delay(16.0) is None  # paused: never
    assert clock.real_delay(9.0) == clock.real_delay(10.0) == 0.0  # but one already due is
    clock.set_rate(FAST_FORWARD)
    assert clock.real_delay(500.0) == 0.0  # fast-forward jumps: no real wait
    assert clock.now() == pytest.approx(10.0)
    clock.set_flowing(True)  # a thread is working: time flows at the real rate
    assert clock.real_delay(16.0) == pytest.approx(6.0)
    real.now += 1
    assert clock.now() == pytest.approx(11.0)
    assert clock.real_delay(16.0) == pytest.approx(5.0)
    clock.set_flowing(False)  # the thread is done: jumps again, from where time got to
    real.now += 1
    assert clock.now() == pytest.approx(11.0)
    assert clock.real_delay(16.0) == 0.0


def test_real_time_a_blocking_call_took_moves_a_fast_forwarded_clock_only():
    real = FakeReal()
    skipping = VirtualClock(rate=FAST_FORWARD, real=real)
    skipping.count_real(0.4)
    assert skipping.now() == pytest.approx(0.4)
    playing = VirtualClock(rate=1.0, real=real)
    real.now += 0.4  # at 1x the block's real time has passed on the clock already
    playing.count_real(0.4)
    assert playing.now() == pytest.approx(0.4)


def test_still_at_is_the_time_exactly_while_it_stands_still_and_none_while_it_flows():
    """The recorder reads `still_at` in place of now() (a call) on its hot path."""
    real = FakeReal()
    clock = VirtualClock(rate=FAST_FORWARD, real=real)
    changes = [
        lambda: clock.advance_to(3.0),
        lambda: clock.set_flowing(True),
        lambda: clock.advance_to(9.0),
        lambda: clock.set_flowing(False),
        lambda: clock.count_real(0.5),
        lambda: clock.set_rate(1.0),
        lambda: clock.set_rate(0.0),
        lambda: clock.advance_to(20.0),
        lambda: clock.set_rate(2.0),
        lambda: clock.set_rate(FAST_FORWARD),
        lambda: clock.advance_to(40.0),
    ]
    stood_still = flowed = 0
    for change in [lambda: None, *changes]:
        change()
        before = clock.now()
        real.now += 1.5  # real time passes: a still clock does not move
        still = clock.now() == before
        if still:
            stood_still += 1
            assert clock.still_at == clock.now()
        else:
            flowed += 1
            assert clock.still_at is None
    assert stood_still >= 5 and flowed >= 3
