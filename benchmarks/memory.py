"""Resident memory with 10,000 customers in the real window, and after they have all gone.

Target (issue 5): peak <= 250 MB, and no growth once they have finished: finished customers
must leave nothing behind. Printed against the RSS of the open, idle shop in the same run.
"""

from __future__ import annotations

import gc
import math
import sys
from pathlib import Path

from benchmarks.common import machine, offscreen_app, open_shop_window, summary
from coffeeshop_gui.app import tune_collector
from coffeeshop_gui.loop.session import MAX_CUSTOMERS

MB = 1024 * 1024


def rss() -> int:
    return int(Path("/proc/self/statm").read_text().split()[1]) * 4096


def main() -> None:
    tune_collector()  # as the app does
    app = offscreen_app()
    customers = int(sys.argv[1]) if len(sys.argv) > 1 else MAX_CUSTOMERS
    window = open_shop_window(app, math.inf)
    while window.session.live_tasks():  # the program's own customers come and go first
        app.processEvents()
    window.scene.animate(120.0)
    gc.collect()
    idle = rss()
    peak, after_first = rush(app, window, customers, idle)
    _, after_second = rush(app, window, customers, peak)
    print(f"memory on {machine()}")
    print(f"  open, idle shop                  {idle / MB:7.1f} MB")
    print(f"  peak with {customers:,} customers      {peak / MB:7.1f} MB")
    print(
        f"  after they all left              {after_first / MB:7.1f} MB"
        "   (the allocator keeps what it had)"
    )
    print(
        f"  after a second rush of {customers:,}   {after_second / MB:7.1f} MB"
        f"   ({after_second / after_first:.2f}x the first: growth means a leak)"
    )
    summary(
        "memory",
        f"peak {peak / MB:.0f} MB with {customers:,} customers; a second rush "
        f"ends at {after_second / after_first:.2f}x the first",
    )


def rush(app, window, customers: int, peak: int) -> tuple[int, int]:
    """Run one rush to the end; (peak RSS, RSS once everyone has left)."""
    if not window.rush(customers):
        raise SystemExit(f"the rush of {customers:,} was refused")
    while window.session.live_tasks():
        app.processEvents()
        peak = max(peak, rss())
    for _ in range(5):
        app.processEvents()
    window.tick()
    window.scene.animate(120.0)  # everyone who finished walks out
    gc.collect()
    return peak, rss()


if __name__ == "__main__":
    main()
