"""The toolbar: the commands (with their keys) and the speed and slow-motion choices."""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel, QStyle, QToolBar, QWidget

from coffeeshop_gui.ui.commands import COMMANDS
from coffeeshop_gui.ui.preferences import Preferences

PACES = [("instant", 0.0), ("0.1 s", 0.1), ("0.25 s", 0.25), ("0.5 s", 0.5), ("1 s", 1.0)]
SPEEDS = [
    ("¼×", 0.25),
    ("½×", 0.5),
    ("1×", 1.0),
    ("2×", 2.0),
    ("4×", 4.0),
    ("skip waits", math.inf),
]
ICONS = {
    "play_pause": QStyle.StandardPixmap.SP_MediaPause,
    "step": QStyle.StandardPixmap.SP_MediaSkipForward,
    "back": QStyle.StandardPixmap.SP_MediaSkipBackward,
    "restart": QStyle.StandardPixmap.SP_BrowserReload,
    "reset": QStyle.StandardPixmap.SP_MediaSeekBackward,
    "open": QStyle.StandardPixmap.SP_DialogOpenButton,
    "present": QStyle.StandardPixmap.SP_TitleBarMaxButton,
    "help": QStyle.StandardPixmap.SP_DialogHelpButton,
    "theme": QStyle.StandardPixmap.SP_DesktopIcon,
}


def add_commands(window: QWidget, bar: QToolBar) -> dict[str, QAction]:
    """One action per command, calling `window.do_<name>`; shortcuts work toolbar or not."""
    actions = {}
    for command in COMMANDS:
        action = QAction(command.text, window)
        action.setShortcuts([QKeySequence(k) for k in command.keys])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setToolTip(f"{command.help} ({', '.join(command.keys)})")
        action.triggered.connect(getattr(window, f"do_{command.name}"))
        if command.name in ICONS:
            action.setIcon(window.style().standardIcon(ICONS[command.name]))
        window.addAction(action)
        if command.toolbar:
            bar.addAction(action)
        actions[command.name] = action
    return actions


def add_choice(
    bar: QToolBar,
    label: str,
    options: list[tuple[str, float]],
    prefs: Preferences,
    key: str,
    default: int,
    apply: Callable[[float], None],
) -> QComboBox:
    """A remembered choice whose value is applied now and on every change."""
    bar.addWidget(QLabel(label))
    box = QComboBox()
    box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    for text, value in options:
        box.addItem(text, value)
    index = prefs.choice(key, default)
    box.setCurrentIndex(index if 0 <= index < len(options) else default)
    apply(box.currentData())  # the loop starts as the box says

    def chosen(i: int) -> None:
        apply(box.itemData(i))
        prefs.set_choice(key, i)

    box.currentIndexChanged.connect(chosen)
    bar.addWidget(box)
    return box
