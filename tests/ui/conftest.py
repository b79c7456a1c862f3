"""The real window on a fast-forwarded shop loop, stopped at chosen shop times."""

from __future__ import annotations

import asyncio
import math

import pytest
from PySide6.QtCore import QSettings
from windows import dispose

from coffeeshop_gui.engine.program import load_program
from coffeeshop_gui.loop.shop_loop import ShopLoop
from coffeeshop_gui.programs import DEFAULT_PROGRAM
from coffeeshop_gui.ui.window import ShopWindow


class Shop:
    """A window under test and the commands a test needs to drive it."""

    def __init__(self, qtbot, window: ShopWindow) -> None:
        self.qtbot = qtbot
        self.window = window
        self.loop = window.loop

    def run_to(self, seconds: float, settle: bool = True) -> None:
        """Fast-forward shop time to `seconds` since the program started, then look.

        `settle=False` looks after one frame, mid-motion, as a person would catch it.
        """
        reached: list[float] = []
        self.loop.horizon = self.window.session.started_at + seconds
        self.loop.horizon_reached.connect(lambda: reached.append(self.loop.time()))
        self.loop.set_speed(math.inf)
        self.loop.play()
        self.qtbot.waitUntil(lambda: bool(reached), timeout=10_000)
        if settle:
            self.window.settle()
        else:
            self.window.tick(seconds=None)  # one frame, all events folded, the motion left as is

    def step(self) -> None:
        turns = self.loop.turns
        self.loop.step()
        self.qtbot.waitUntil(lambda: self.loop.turns == turns + 1, timeout=5_000)
        self.window.settle()

    def customer(self, name: str):
        return next(c for c in self.window.state.customers.values() if c.name == name)

    def item(self, name: str):
        return self.window.scene.customers[self.customer(name).id]


@pytest.fixture(autouse=True)
def own_data_folder(tmp_path, monkeypatch):
    """Autosaved edits go to this test's folder (Qt reads XDG_DATA_HOME at each ask)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


@pytest.fixture
def open_shop(qtbot, qapp, tmp_path):
    qapp.setQuitOnLastWindowClosed(False)
    made: list[ShopWindow] = []

    def open_(path=DEFAULT_PROGRAM) -> Shop:
        loop = ShopLoop(qapp)
        asyncio.set_event_loop(loop)
        loop.pause()
        settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        window = ShopWindow(loop, load_program(path), settings)
        loop.set_pace(0.0)  # tests stop the shop at exact shop times; no slow motion
        window.resize(1440, 900)
        window.show()
        made.append(window)
        return Shop(qtbot, window)

    yield open_
    for window in made:
        dispose(window)
