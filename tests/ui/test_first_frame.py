"""The window's first frame loads only what it shows (issue 14: startup within 1.5x of a
bare window). What a person opens later, its module loads then: a clip's dialog and child
process, the timeline, the keys (F1), the editor and its templates, the Stop window, Pillow."""

from __future__ import annotations

import os
import subprocess
import sys

# Loaded at their first use, not for the first frame.
LATER = [
    "PIL",
    "coffeeshop_gui.clip",
    "coffeeshop_gui.ui.clip_export",
    "coffeeshop_gui.ui.editor",
    "coffeeshop_gui.ui.help_overlay",
    "coffeeshop_gui.ui.stop_button",
    "coffeeshop_gui.ui.templates",
    "coffeeshop_gui.ui.timeline_panel",
]
CHILD_SECONDS = 60  # under pytest-timeout's 120 s: a stuck child fails here, named
FIRST_FRAME = """
import asyncio, sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
from coffeeshop_gui.engine.program import load_program
from coffeeshop_gui.loop.shop_loop import ShopLoop
from coffeeshop_gui.programs import DEFAULT_PROGRAM
from coffeeshop_gui.ui.window import ShopWindow

app = QApplication([])
painted = []

class Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            painted.append(1)
        return False

loop = ShopLoop(app)
asyncio.set_event_loop(loop)
window = ShopWindow(loop, load_program(DEFAULT_PROGRAM))
watch = Watch()
app.installEventFilter(watch)
window.show()
while not painted:
    app.processEvents()
print(" ".join(name for name in {later} if name in sys.modules))
print(window.timeline_dock.isHidden(), window.editing)
"""


def first_frame(code: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=CHILD_SECONDS,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_the_first_frame_loads_none_of_what_it_does_not_show():
    loaded, shown = first_frame(FIRST_FRAME.format(later=LATER))
    assert shown == "True False"  # the timeline hidden, the code panel (not the editor) shown
    assert loaded.split() == []


def test_the_later_modules_are_named_as_they_are_loaded():
    """The names above are the modules' own: a renamed module would pass the test above."""
    code = FIRST_FRAME.format(later=LATER).replace(
        "window.show()",
        "window.show(); window.timeline_panel; window.editor; window.suggested_clip(); "
        "window.help; import coffeeshop_gui.ui.stop_button, coffeeshop_gui.ui.templates, PIL",
    )
    loaded, _ = first_frame(code)
    assert loaded.split() == LATER
