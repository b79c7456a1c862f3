"""The view onto the shop floor: fits the whole floor, magnifies it with the presenter's zoom,
and takes drinks and files dropped on it.

Zoom enlarges the floor's text and figures as much as the panels' text: past zoom 1, the floor
is drawn `zoom` times as large as it fits, or as its text is legible (whichever is larger; the
panels grown by the same zoom leave the floor less room). It then no longer fits: the view shows
part of it, as a map does, and keeps the customer the room is looking at (the selected one) in
view. The wheel pans; Ctrl+0 shows the whole floor again. Nothing is redrawn smaller or left
out: the floor is the same, seen closer.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QGraphicsView

from coffeeshop_gui.ui.drinks_bar import DRINK_MIME
from coffeeshop_gui.ui.items.text import TEXT_PX
from coffeeshop_gui.ui.layout import SERVICE
from coffeeshop_gui.ui.theme import theme

# The floor's scale at which its text is legible from the back of a room (14 px, and a little
# to spare): zoom 1.5 draws it at least half as large again, however little room the panels leave.
LEGIBLE_SCALE = 14.5 / TEXT_PX

# A followed customer is kept this far (in view pixels) inside the view's edge, so that its
# name and tag are never cut; it is followed only once it comes this close.
FOLLOW_MARGIN = 24
# The wall's heart: the ready-queue rail, the cashier and the counter's sign. A magnified view
# keeps as much of it in view as the customer it follows leaves room for.
WALL_FOCUS = QRectF(300, 10, 420, 310)
# The customer at the counter, as a magnified view first frames it: its figure, its tag and
# a cup over them, above where it stands.
SERVED_W, SERVED_H = 120, 180
SERVED = QRectF(SERVICE.x() - SERVED_W / 2, SERVICE.y() - SERVED_H, SERVED_W, SERVED_H)
# Where a magnified floor is looked at first: the wall's heart and the customer at the counter.
FIRST_LOOK = WALL_FOCUS.united(SERVED).center()


class ShopView(QGraphicsView):
    """Shows the whole floor as large as it fits; emits what was dropped where."""

    drink_dropped = Signal(str, QPointF)  # recipe name, scene point
    file_dropped = Signal(str)  # a local path

    def __init__(self) -> None:
        super().__init__()
        self.magnify = 1.0  # how much closer than the whole floor: the presenter's zoom, or 1
        self._closer = False  # the floor is shown magnified now
        self._middle = FIRST_LOOK  # what a magnified view is centred on, kept across resizes
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        # No scrollbars: one that comes and goes would change the width it is fitted to.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.BoundingRectViewportUpdate)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAcceptDrops(True)
        self._on_token = False  # the pointer is over a token of a crowd: a hand, as on an item
        self.painted = 0  # pictures of the floor drawn so far (a run waits for its first)
        self.restyle()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        self.painted += 1

    def restyle(self) -> None:
        self.setBackgroundBrush(theme().colour("floor"))

    def fit(self, from_counter: bool = False) -> None:
        """Show the whole floor as large as the view allows, times the magnification; what
        was in the middle stays there (on a new floor, the counter)."""
        if from_counter or not self._closer:
            self._middle = FIRST_LOOK
        self.fitInView(self.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
        self._closer = self.magnify > 1
        if self._closer:
            fitted = self.transform().m11()
            closer = self.magnify * max(fitted, LEGIBLE_SCALE) / fitted
            self.scale(closer, closer)
            self.centerOn(self._middle)

    def magnify_to(self, zoom: float) -> None:
        """Follow the presenter's zoom. Below 1 the panels shrink and the floor, fitted
        whole, grows anyway: it is never drawn smaller than the whole of it fits."""
        self.magnify = max(1.0, zoom)
        self.fit()

    def visible(self) -> QRectF:
        """The part of the floor in view, in scene units."""
        return self.mapToScene(self.viewport().rect()).boundingRect()

    def follow(self, rect: QRectF | None) -> None:
        """Keep `rect` (a customer, in scene units) in view when the floor is magnified, with
        as much of the wall's heart as fits: move only when it comes near the edge."""
        if rect is None or self.magnify <= 1:
            return
        seen = self.visible()
        margin = FOLLOW_MARGIN / self.transform().m11()
        if not seen.adjusted(margin, margin, -margin, -margin).contains(rect):
            self.centerOn(rect.united(WALL_FOCUS).center())  # the customer and the wall...
            self.ensureVisible(rect, FOLLOW_MARGIN, FOLLOW_MARGIN)  # ...or the customer first
            self._middle = self.visible().center()

    def wheelEvent(self, event: QWheelEvent) -> None:
        """The wheel pans a magnified floor (Shift: across); the whole floor stays put."""
        if self.magnify > 1:
            super().wheelEvent(event)
            self._middle = self.visible().center()
        else:
            event.ignore()

    def resizeEvent(self, event: QResizeEvent) -> None:
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
            self.drink_dropped.emit(bytes(data.data(DRINK_MIME).data()).decode(), point)
        else:
            files = [u.toLocalFile() for u in data.urls() if u.isLocalFile()]
            if files:
                self.file_dropped.emit(files[0])
        event.acceptProposedAction()
