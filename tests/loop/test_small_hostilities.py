"""Small things a hostile program or a stored setting can do, each handled plainly."""

from __future__ import annotations

import asyncio
import gc
import warnings

import pytest
from PySide6.QtCore import QSettings

from coffeeshop_gui.engine.clock import FAST_FORWARD, VirtualClock
from coffeeshop_gui.engine.program import load_program
from coffeeshop_gui.engine.recorder import Recorder
from coffeeshop_gui.engine.recording_loop import RecordingEventLoop
from coffeeshop_gui.model.log import EventLog

DROPS_A_SLIP = """import asyncio

async def latte():
    return "latte"

async def main():
    latte()  # <dropped>
    await asyncio.sleep(0)
"""


def test_a_never_awaited_warning_points_at_the_programs_line(tmp_path):
    path = tmp_path / "dropper.py"
    path.write_text(DROPS_A_SLIP)
    program = load_program(path)
    loop = RecordingEventLoop(VirtualClock(FAST_FORWARD))
    loop.recorder = Recorder(EventLog(), loop.time, [program.filename])
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            loop.run_until_complete(loop.start(program.main()))
            gc.collect()
    finally:
        loop.close()
    (warning,) = [w for w in caught if "never awaited" in str(w.message)]
    assert (warning.filename, warning.lineno) == (program.filename, 7)


def test_call_soon_threadsafe_after_close_raises_as_asyncio_does(qapp):
    from coffeeshop_gui.loop.shop_loop import ShopLoop

    loop = ShopLoop(qapp)
    loop.close()
    stock = asyncio.new_event_loop()
    stock.close()
    with pytest.raises(RuntimeError, match="Event loop is closed"):
        stock.call_soon_threadsafe(print)
    with pytest.raises(RuntimeError, match="Event loop is closed"):
        loop.call_soon_threadsafe(print)


@pytest.mark.parametrize(("stored", "zoom"), [("nan", 1.0), ("inf", 1.0), ("2", 2.0)])
def test_a_stored_zoom_that_is_not_a_number_gives_the_default(tmp_path, stored, zoom):
    from coffeeshop_gui.ui.preferences import Preferences

    ini = tmp_path / "settings.ini"
    ini.write_text(f"[look]\nzoom={stored}\n")
    assert Preferences(QSettings(str(ini), QSettings.Format.IniFormat)).zoom == zoom
