"""The benchmarks' percentile: the number a target is judged by."""

from benchmarks.common import percentile


def test_p95_of_forty_looks_is_the_38th_smallest_as_nearest_rank_has_it() -> None:
    looks = [float(ms) for ms in range(40, 0, -1)]  # 1 to 40 ms, in any order
    assert percentile(looks, 95) == 38.0  # 38 of 40 (95%) at or under it; not the 39th
    assert percentile(looks, 50) == 20.0
    assert percentile(looks, 100) == 40.0
    assert percentile([7.0], 95) == 7.0
