"""Process start to the first painted frame: the shop's window against a bare PySide6 window
shown the same way, each in a fresh process, best of several. Target (issue 5): <= 1.5x."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from benchmarks.common import machine, summary

RUNS = 5
FIRST_FRAME = """
import sys
import time
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
app = QApplication([])
painted = []
class Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            painted.append(1)
        return False
{build}
watch = Watch()
for widget in [window, *window.findChildren(QObject)]:
    if hasattr(widget, "installEventFilter"):
        widget.installEventFilter(watch)
window.resize(1440, 900)
window.show()
while not painted:
    app.processEvents()
print(time.monotonic())  # the first painted frame; tearing the process down is not startup
sys.stdout.flush()
"""
BARE = """
from PySide6.QtWidgets import QLabel, QMainWindow
window = QMainWindow()
window.setCentralWidget(QLabel("hello"))
"""
SHOP = """
import asyncio
from coffeeshop_gui.engine.program import load_program
from coffeeshop_gui.loop.shop_loop import ShopLoop
from coffeeshop_gui.programs import DEFAULT_PROGRAM
from coffeeshop_gui.ui.window import ShopWindow
loop = ShopLoop(app)
asyncio.set_event_loop(loop)
window = ShopWindow(loop, load_program(DEFAULT_PROGRAM))
"""


def first_frame(build: str) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    start = time.monotonic()  # one clock for the whole machine: the child reads it too
    child = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME.format(build=build)],
        check=True,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        timeout=120,
    )
    return float(child.stdout.split()[-1]) - start


def main() -> None:
    print(f"startup on {machine()}, best of {RUNS} fresh processes")
    bare = min(first_frame(BARE) for _ in range(RUNS))
    shop = min(first_frame(SHOP) for _ in range(RUNS))
    print(f"  bare PySide6 window   {bare * 1000:7.0f} ms   1.00x")
    print(f"  coffee shop window    {shop * 1000:7.0f} ms   {shop / bare:.2f}x")
    summary("startup", f"first painted frame in {shop / bare:.2f}x a bare PySide6 window's time")


if __name__ == "__main__":
    main()
