"""What the benchmarks share: a Qt application offscreen, timing, and how results are printed."""

from __future__ import annotations

import atexit
import math
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def offscreen_app():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def open_shop_window(app, speed: float, window_class=None, program: Path | None = None):
    """The real shop window on `program` (the default one), shown offscreen, turns unpaced.

    Settings go to a scratch file, the defaults each time: a benchmark must not read or
    change the user's, nor start from what another run left.
    """
    import asyncio

    from PySide6.QtCore import QSettings

    from coffeeshop_gui.engine.program import load_program
    from coffeeshop_gui.loop.shop_loop import ShopLoop
    from coffeeshop_gui.programs import DEFAULT_PROGRAM
    from coffeeshop_gui.ui.window import ShopWindow

    loop = ShopLoop(app)
    asyncio.set_event_loop(loop)
    # A file of this process's, gone at its end: no zoom or theme left by another run.
    scratch = Path(tempfile.gettempdir()) / f"coffeeshop-bench-{os.getpid()}.ini"
    scratch.unlink(missing_ok=True)
    atexit.register(scratch.unlink, missing_ok=True)
    settings = QSettings(str(scratch), QSettings.Format.IniFormat)
    window = (window_class or ShopWindow)(loop, load_program(program or DEFAULT_PROGRAM), settings)
    window.resize(1440, 900)
    window.show()
    loop.set_pace(0.0)
    loop.set_speed(speed)
    return window


def best_of(runs: int, measure: Callable[[], float]) -> float:
    """The fastest of `runs` measurements: the least disturbed by a shared, noisy machine."""
    return min(measure() for _ in range(runs))


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank percentile: the smallest value at least `p` percent of all are at
    or under (p95 of 40 is the 38th smallest; int(p / 100 * n) took the 39th)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def machine() -> str:
    from PySide6 import __version__ as pyside

    return (
        f"Python {platform.python_version()}, PySide6 {pyside}, {platform.machine()}, "
        f"{os.cpu_count()} cores, {platform.system()}"
    )


def elapsed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def summary(name: str, text: str) -> None:
    print(f"SUMMARY {name}: {text}")
    sys.stdout.flush()


__all__ = [
    "best_of",
    "elapsed",
    "machine",
    "offscreen_app",
    "open_shop_window",
    "percentile",
    "statistics",
    "summary",
]
