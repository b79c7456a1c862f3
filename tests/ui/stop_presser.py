"""The Stop window's process, with a person who presses Stop as soon as it shows.

A test cannot click another process's window offscreen, so this stands in for the person:
the real small process (`coffeeshop_gui.ui.stop_button.main`), whose window presses its own
button with a synthetic click a moment after it has shown.
"""

import sys

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest

from coffeeshop_gui.ui import stop_button

PRESS_AFTER_MS = 100


class PressedWindow(stop_button.StopWindow):
    def show_holding(self, what: dict) -> None:
        was_visible = self.isVisible()
        super().show_holding(what)
        if not was_visible:
            QTimer.singleShot(
                PRESS_AFTER_MS, lambda: QTest.mouseClick(self.button, Qt.MouseButton.LeftButton)
            )


stop_button.StopWindow = PressedWindow
sys.exit(stop_button.main())
