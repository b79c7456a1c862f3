"""The real window offscreen with 100, 1,000 and 10,000 customers in motion: how long each of
its frames takes to update (fold events, move items) and paint. Targets (issue 5): p95 <= 16.7 ms at
1,000 customers and <= 33 ms at 10,000. Printed beside an empty shop's frame, same run, with
how long letting the rush in took (the Rush hour button's own work, before the next frame) and
the frames that drew the rush in full (a burst of thousands is drawn over several), apart.
The shop runs at 1x, so the rush is still in motion while its frames are measured.
"""

from __future__ import annotations

import sys
import time

from benchmarks.common import machine, offscreen_app, open_shop_window, percentile, summary
from coffeeshop_gui.app import tune_collector

FRAMES = 90


def frames(app, customers: int) -> tuple[list[float], float, list[float]]:
    """Frame times (seconds) while `customers` are in motion; letting them in; their drawing.

    The window's own frames are timed as the app makes them: each tick of its frame timer
    (fold events, move items) plus the paints of the shop that follow it, until the next.
    A rush is drawn over its first frames (the scene is `behind`): those frames are
    returned apart, and the measured ones follow, once every customer is drawn.
    """
    from PySide6.QtWidgets import QGraphicsView

    from coffeeshop_gui.ui.view import ShopView
    from coffeeshop_gui.ui.window import ShopWindow

    spans: list[list[float]] = []  # one per frame: [tick, paint, paint, ...]

    class TimedWindow(ShopWindow):
        def tick(self) -> None:
            start = time.perf_counter()
            super().tick()
            spans.append([time.perf_counter() - start])

    def timed_paint(view, event) -> None:
        start = time.perf_counter()
        QGraphicsView.paintEvent(view, event)
        if spans:
            spans[-1].append(time.perf_counter() - start)

    ShopView.paintEvent = timed_paint
    window = open_shop_window(app, 1.0, TimedWindow)
    loop = window.loop
    start = time.perf_counter()
    if customers and not window.rush(customers):
        raise SystemExit(f"the rush of {customers:,} was refused")
    let_in = time.perf_counter() - start
    spans.clear()
    app.processEvents()
    while window.scene.behind:
        app.processEvents()
    drawing = [sum(frame) for frame in spans]
    spans.clear()
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
    return [sum(frame) for frame in spans[:FRAMES]], let_in, drawing


def main() -> None:
    tune_collector()  # as the app does
    app = offscreen_app()
    app.setQuitOnLastWindowClosed(False)
    sizes = [int(a) for a in sys.argv[1:]] or [100, 1_000, 10_000]
    print(f"frame_time on {machine()}, {FRAMES} frames each")
    base = percentile(frames(app, 0)[0], 50)
    print(f"  {'empty shop':>16}  p50 {base * 1000:6.1f} ms")
    results = {}
    for n in sizes:
        t, let_in, drawing = frames(app, n)
        p50, p95, worst = percentile(t, 50), percentile(t, 95), max(t)
        results[n] = p95
        drawn = (
            f"drawn in full over {len(drawing)} frames, {sum(drawing) * 1000:.0f} ms, "
            f"p95 {percentile(drawing, 95) * 1000:.1f} ms"
            if drawing
            else "drawn in full at once"
        )
        print(
            f"  {n:>10,} customers  p50 {p50 * 1000:6.1f} ms  p95 {p95 * 1000:6.1f} ms"
            f"  max {worst * 1000:6.1f} ms  ({p50 / base:.1f}x an empty shop's p50)\n"
            f"  {'':>10}   letting them in took {let_in * 1000:.0f} ms; {drawn}"
        )
    summary("frame_time", ", ".join(f"{n:,}: p95 {p * 1000:.1f} ms" for n, p in results.items()))


if __name__ == "__main__":
    main()
