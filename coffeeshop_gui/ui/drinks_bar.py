"""The drinks a person can drag into the shop: the program's own no-argument `async def`s."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QMimeData, QPoint, Qt
from PySide6.QtGui import QDrag, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QWidget,
)

DRINK_MIME = "application/x-coffeeshop-drink"
ROW_MARGINS = (8, 4, 8, 4)  # pixels around the row of drinks: left, top, right, bottom


class DrinkChip(QLabel):
    """One recipe: drag it onto the shop floor, or double-click to send a customer in."""

    def __init__(self, name: str, doc: str, order: Callable[[str], None]) -> None:
        super().__init__(f"☕ {name}()")
        self.recipe = name
        self._order = order
        self._pressed_at: QPoint | None = None
        self.setToolTip(f"async def {name}(): {doc}\nDrag into the shop (or double-click).")
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.setObjectName("drink")

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._pressed_at = event.position().toPoint()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._pressed_at is None:
            return
        moved = (event.position().toPoint() - self._pressed_at).manhattanLength()
        if moved < QApplication.startDragDistance():
            return
        self._pressed_at = None
        drag = QDrag(self)
        data = QMimeData()
        data.setData(DRINK_MIME, self.recipe.encode())
        drag.setMimeData(data)
        drag.setPixmap(self.grab())
        drag.exec(Qt.DropAction.CopyAction)

    def mouseDoubleClickEvent(self, _event: QMouseEvent) -> None:
        self._order(self.recipe)


class DrinksBar(QScrollArea):
    """A row of draggable recipes above the shop floor.

    It scrolls sideways when a program has more drinks than the floor is wide: a row that
    grew with them would widen the window past the screen.
    """

    def __init__(self, order: Callable[[str], None]) -> None:
        super().__init__()
        self._order = order
        row = self._row_widget = QWidget()
        self._row = QHBoxLayout(row)
        self._row.setContentsMargins(*ROW_MARGINS)
        self.setWidget(row)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        for part in (self, self.viewport(), row):  # the window's own background shows through
            part.setAutoFillBackground(False)
        self.viewport().setStyleSheet("background: transparent;")
        self.chips: list[DrinkChip] = []

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_height()

    def fit_height(self) -> None:
        """As tall as the row, and the scroll bar when the row is wider than the bar."""
        row = self._row_widget.sizeHint()
        scrolls = row.width() > self.width()
        bar = self.horizontalScrollBar().sizeHint().height() if scrolls else 0
        self.setFixedHeight(row.height() + bar)

    def show_drinks(self, drinks: dict[str, str]) -> None:
        """`drinks`: recipe name -> first line of its docstring."""
        while (item := self._row.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
        self.chips = [DrinkChip(name, doc, self._order) for name, doc in drinks.items()]
        self._row.addWidget(QLabel("Drag a drink into the shop:"))
        for chip in self.chips:
            self._row.addWidget(chip)
        self._row.addStretch(1)
        self.setVisible(bool(self.chips))  # nothing to drag: no bar
        self.fit_height()
