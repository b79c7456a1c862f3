"""The real window offscreen with 100, 1,000 and 10,000 customers in motion: how long each of
its frames takes to update (fold events, move items) and paint. Targets (issue 5): p95 <= 16.7 ms at
1,000 customers and <= 33 ms at 10,000. Printed beside an empty shop's frame, same run, with
how long letting the rush in took (the Rush hour button's own work, before the next frame) and
the frames that drew the rush (a burst of thousands is drawn over several), apart, and how
far the picture trails the state: customers whose change is still to be drawn.
The shop runs at 1x, on a program of regulars who order again and again for about twelve
seconds: the rush is still in motion (in line, served, seated, woken) while its frames are
measured, not gone already.
Percentiles are nearest-rank (`common.percentile`) since 2026-12-03; before, each was taken one
rank higher (of a few hundred frames, a hair above).
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.common import machine, offscreen_app, open_shop_window, percentile, summary
from coffeeshop_gui.app import tune_collector

FRAMES = 90
DRAWING_SECONDS = 5.0  # the frames that draw a rush are kept apart for at most this long
REGULARS = Path(__file__).parent / "programs" / "regulars.py"  # customers who stay a while


@dataclass
class Rush:
    """What one rush's frames measured."""

    frames: list[float]  # seconds each, in motion, after the rush was drawn
    let_in: float  # the Rush hour button's own work (creating the tasks)
    drawing: list[float]  # the frames that drew it, in full or for DRAWING_SECONDS
    undrawn: int  # customers still to draw as the state says when drawing stopped
    lag: list[int]  # the same count after each measured frame: how far the picture trails


def frames(app, customers: int) -> Rush:
    """The frames of the real window while `customers` come in and stay in motion.

    The window's own frames are timed as the app makes them: each tick of its frame timer
    (fold events, move items) plus the paints of the shop that follow it, until the next.
    A rush is drawn over its first frames (the scene is `behind`): those are kept apart,
    up to DRAWING_SECONDS, and then FRAMES frames are measured with the rush in motion.
    """
    from PySide6.QtWidgets import QGraphicsView

    from coffeeshop_gui.ui.view import ShopView
    from coffeeshop_gui.ui.window import ShopWindow

    spans: list[list[float]] = []  # one per frame: [tick, paint, paint, ...]
    lag: list[int] = []

    class TimedWindow(ShopWindow):
        def tick(self) -> None:
            start = time.perf_counter()
            super().tick()
            spans.append([time.perf_counter() - start])
            lag.append(self.scene.still_to_draw)

    def timed_paint(view, event) -> None:
        start = time.perf_counter()
        QGraphicsView.paintEvent(view, event)
        if spans:
            spans[-1].append(time.perf_counter() - start)

    ShopView.paintEvent = timed_paint
    window = open_shop_window(app, 1.0, TimedWindow, REGULARS)
    loop = window.loop
    start = time.perf_counter()
    if customers and not window.rush(customers):
        raise SystemExit(f"the rush of {customers:,} was refused")
    let_in = time.perf_counter() - start
    spans.clear()
    app.processEvents()
    drawing_ends = time.perf_counter() + DRAWING_SECONDS
    # Drawn: the whole rush folded into the state (a frame folds a few ms of events, and
    # the first may come before the loop has made the tasks), and no one left to draw.
    while (window.state.alive < customers or window.scene.behind) and (
        time.perf_counter() < drawing_ends
    ):
        app.processEvents()
    drawing, undrawn = [sum(frame) for frame in spans], window.scene.still_to_draw
    spans.clear()
    lag.clear()
    while len(spans) <= FRAMES:
        app.processEvents()
    del ShopView.paintEvent
    window.session.close()  # the rush is still in motion: its customers are cancelled
    while window.session.live_tasks():
        app.processEvents()
    window.close()
    window.deleteLater()  # Qt deletes it; Python's collector must not
    app.processEvents()
    loop.close()
    return Rush([sum(frame) for frame in spans[:FRAMES]], let_in, drawing, undrawn, lag[:FRAMES])


def main() -> None:
    tune_collector()  # as the app does
    app = offscreen_app()
    app.setQuitOnLastWindowClosed(False)
    sizes = [int(a) for a in sys.argv[1:]] or [100, 1_000, 10_000]
    print(f"frame_time on {machine()}, {FRAMES} frames each")
    base = percentile(frames(app, 0).frames, 50)
    print(f"  {'empty shop':>16}  p50 {base * 1000:6.1f} ms")
    results = {}
    for n in sizes:
        rush = frames(app, n)
        t = rush.frames
        p50, p95, worst = percentile(t, 50), percentile(t, 95), max(t)
        results[n] = p95
        if not rush.drawing:
            drawn = "drawn in full at once"
        else:
            drawn = (
                f"drawn over {len(rush.drawing)} frames, {sum(rush.drawing) * 1000:.0f} ms, "
                f"p95 {percentile(rush.drawing, 95) * 1000:.1f} ms"
            )
            if rush.undrawn:
                drawn += f", {rush.undrawn:,} still to draw"
        trails = max(rush.lag, default=0)
        print(
            f"  {n:>10,} customers  p50 {p50 * 1000:6.1f} ms  p95 {p95 * 1000:6.1f} ms"
            f"  max {worst * 1000:6.1f} ms  ({p50 / base:.1f}x an empty shop's p50)\n"
            f"  {'':>10}   letting them in took {rush.let_in * 1000:.0f} ms; {drawn}\n"
            f"  {'':>10}   while measured, customers still to draw as the state says: "
            f"{percentile(rush.lag, 50) if rush.lag else 0:,} (p50), {trails:,} (most)"
        )
    summary("frame_time", ", ".join(f"{n:,}: p95 {p * 1000:.1f} ms" for n, p in results.items()))


if __name__ == "__main__":
    main()
