"""The frame's budget, without a window: when a chunk is the frame's last, and what of it is
narrated (frame_tick.py)."""

from __future__ import annotations

from coffeeshop_gui.ui.frame_tick import NARRATED_TAIL, is_last_chunk, narrated_start

CHUNK = 100


def test_a_chunk_short_of_the_limit_reached_the_logs_end() -> None:
    assert is_last_chunk(CHUNK - 1, CHUNK, began=0.0, took=0.0, deadline=1.0)


def test_a_full_chunk_with_time_for_two_more_is_not_the_last() -> None:
    assert not is_last_chunk(CHUNK, CHUNK, began=0.0, took=0.1, deadline=1.0)


def test_a_full_chunk_is_the_last_when_another_as_long_would_miss_the_deadline() -> None:
    # this one ends near 0.6, one more near 1.2: past the frame's deadline
    assert is_last_chunk(CHUNK, CHUNK, began=0.6, took=0.3, deadline=1.0)


def test_only_the_tail_of_the_last_chunk_is_narrated() -> None:
    assert narrated_start(1000, last=True) == 1000 - NARRATED_TAIL


def test_nothing_of_an_earlier_chunk_is_narrated() -> None:
    assert narrated_start(1000, last=False) == 1000


def test_a_last_chunk_shorter_than_the_tail_is_narrated_whole() -> None:
    assert narrated_start(NARRATED_TAIL // 2, last=True) <= 0
