"""The view onto the shop floor: fits the whole floor, and takes drinks and files dropped on it."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QMouseEvent, QPainter
from PySide6.QtWidgets import QGraphicsView

from coffeeshop_gui.ui.drinks_bar import DRINK_MIME
from coffeeshop_gui.ui.theme import theme


class ShopView(QGraphicsView):
    """Shows the whole floor as large as it fits; emits what was dropped where."""

    drink_dropped = Signal(str, QPointF)  # recipe name, scene point
    file_dropped = Signal(str)  # a local path

    def __init__(self) -> None:
        super().__init__()
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        # No scrollbars: one that comes and goes would change the width it is fitted to.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.BoundingRectViewportUpdate)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAcceptDrops(True)
        self._on_token = False  # the pointer is over a token of a crowd: a hand, as on an item
        self.restyle()

    def restyle(self) -> None:
        self.setBackgroundBrush(theme().colour("floor"))

    def fit(self) -> None:
        """Show the whole floor, as large as the view allows."""
        self.fitInView(self.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)
        self.fit()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """A token of a crowd is no item, so Qt gives it no cursor: the view does."""
        super().mouseMoveEvent(event)
        crowd = getattr(self.scene(), "crowd", None)
        at = self.mapToScene(event.position().toPoint())
        over = crowd is not None and not event.buttons() and crowd.at(at) is not None
        if over:
            self.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
        elif self._on_token:
            self.viewport().unsetCursor()
        self._on_token = over

    def _wanted(self, event: QDragEnterEvent | QDragMoveEvent | QDropEvent) -> bool:
        data = event.mimeData()
        return data.hasFormat(DRINK_MIME) or any(u.isLocalFile() for u in data.urls())

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._wanted(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._wanted(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        data = event.mimeData()
        if data.hasFormat(DRINK_MIME):
            point = self.mapToScene(event.position().toPoint())
            self.drink_dropped.emit(bytes(data.data(DRINK_MIME)).decode(), point)
        else:
            files = [u.toLocalFile() for u in data.urls() if u.isLocalFile()]
            if files:
                self.file_dropped.emit(files[0])
        event.acceptProposedAction()
