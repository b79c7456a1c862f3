"""Synthesised mouse and drag-and-drop input for the shop view (what a hand would send)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeySequence, QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget

from coffeeshop_gui.ui.drinks_bar import DRINK_MIME


def drink(name: str) -> QMimeData:
    data = QMimeData()
    data.setData(DRINK_MIME, name.encode())
    return data


def files(*paths) -> QMimeData:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return data


def drop(target: QWidget, data: QMimeData, at: QPoint) -> bool:
    """Drag `data` over `target` and drop it at `at`; True if the drop was accepted."""
    action, buttons, mods = (
        Qt.DropAction.CopyAction,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter = _drag_event(QDragEnterEvent, at, action, data, buttons, mods)
    QApplication.sendEvent(target, enter)
    if not enter.isAccepted():
        return False
    QApplication.sendEvent(target, _drag_event(QDragMoveEvent, at, action, data, buttons, mods))
    dropped = QDropEvent(QPointF(at), action, data, buttons, mods)
    QApplication.sendEvent(target, dropped)
    return dropped.isAccepted()


def _drag_event(kind, at: QPoint, *rest):
    # PySide6 6.12 takes (and prefers) a QPointF here; 6.11 takes only a QPoint.
    try:
        return kind(QPointF(at), *rest)
    except TypeError:
        return kind(at, *rest)


def _mouse(kind: QEvent.Type, at: QPoint, buttons: Qt.MouseButton) -> QMouseEvent:
    button = Qt.MouseButton.LeftButton if kind != QEvent.Type.MouseMove else Qt.MouseButton.NoButton
    return QMouseEvent(
        kind, QPointF(at), QPointF(at), button, buttons, Qt.KeyboardModifier.NoModifier
    )


def drag_mouse(target: QWidget, start: QPoint, end: QPoint, steps: int = 8) -> None:
    """Press at `start`, move in steps with the button held, release at `end`."""
    held = Qt.MouseButton.LeftButton
    QApplication.sendEvent(target, _mouse(QEvent.Type.MouseButtonPress, start, held))
    for i in range(1, steps + 1):
        point = start + (end - start) * i / steps
        QApplication.sendEvent(target, _mouse(QEvent.Type.MouseMove, point, held))
    QApplication.sendEvent(
        target, _mouse(QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton)
    )


def hover(target: QWidget, at: QPoint) -> None:
    """Move the pointer to `at`, no button held."""
    QApplication.sendEvent(target, _mouse(QEvent.Type.MouseMove, at, Qt.MouseButton.NoButton))


def click(target: QWidget, at: QPoint) -> None:
    held = Qt.MouseButton.LeftButton
    QApplication.sendEvent(target, _mouse(QEvent.Type.MouseButtonPress, at, held))
    QApplication.sendEvent(
        target, _mouse(QEvent.Type.MouseButtonRelease, at, Qt.MouseButton.NoButton)
    )


def press(shop, keys: str) -> None:
    """Type a shortcut as a presenter (or a clicker) sends it, to the active window."""
    combo = QKeySequence(keys)[0]
    if QApplication.activeWindow() is not shop.window:
        with shop.qtbot.waitActive(shop.window):
            shop.window.activateWindow()
    shop.qtbot.keyClick(shop.window, combo.key(), combo.keyboardModifiers())
