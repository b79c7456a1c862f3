"""Benchmarks, run as `python -m benchmarks.NAME`: each prints ratios to a same-run baseline."""
