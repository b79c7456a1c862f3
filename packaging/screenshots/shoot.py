"""Take the README's screenshot: the default program the moment a buzzer lights.

Run with `QT_QPA_PLATFORM=offscreen python packaging/screenshots/shoot.py [OUT.png]`.
The real shop runs to just before Ben's espresso is due, then takes turns one at a time
until the machine has lit his buzzer and his wake-up waits in the ready queue: a lit buzzer,
a customer in line, the others seated on dark buzzers. Nothing is staged: it is the loop's
own state at that turn.
"""

from __future__ import annotations

import asyncio
import math
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from coffeeshop_gui.engine.program import load_program
from coffeeshop_gui.loop.shop_loop import ShopLoop
from coffeeshop_gui.programs import DEFAULT_PROGRAM
from coffeeshop_gui.ui.window import ShopWindow

SIZE = (1280, 800)
JUST_BEFORE = 0.95  # shop seconds: Ben's espresso (1 s at the machine) is not yet ready
MOST_TURNS = 20


def main(out: Path) -> int:
    app = QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    loop = ShopLoop(app)
    asyncio.set_event_loop(loop)
    loop.pause()
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "s.ini"), QSettings.Format.IniFormat)
    window = ShopWindow(loop, load_program(DEFAULT_PROGRAM), settings)
    loop.set_pace(0.0)
    window.resize(*SIZE)
    window.show()
    reached: list[bool] = []
    loop.horizon = window.session.started_at + JUST_BEFORE
    loop.horizon_reached.connect(lambda: reached.append(True))
    loop.set_speed(math.inf)
    loop.play()
    while not reached:
        app.processEvents()
    loop.pause()
    for _ in range(MOST_TURNS):  # one turn at a time, until someone waits in line, lit
        turns = loop.turns
        loop.step()
        while loop.turns == turns:
            app.processEvents()
        window.settle()
        lit = [c for c in window.state.customers.values() if c.buzzer_lit]
        if lit and window.state.queue:
            break
    else:
        print("no turn lit a buzzer", file=sys.stderr)
        return 1
    window.settle()
    if not window.grab().save(str(out), "PNG"):
        print(f"could not write {out}", file=sys.stderr)
        return 1
    print(f"saved {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "packaging/screenshots/shop.png")))
