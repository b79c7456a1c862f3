"""The wall boards: the menu of `async def` recipes, and the espresso machine's brews (timers)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from coffeeshop_gui.model.state import Brew
from coffeeshop_gui.ui import palette
from coffeeshop_gui.ui.theme import theme

MAX_ROWS = 6  # the most rows a board has room for
MENU_ROW, BREW_ROW = 18.0, 20.0  # row heights


class Board(QGraphicsItem):
    """A chalkboard with a title; subclasses paint the rows."""

    def __init__(self, title: str, width: float, height: float) -> None:
        super().__init__()
        self.title = title
        self._rect = QRectF(0, 0, width, height)

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, p: QPainter, _o: QStyleOptionGraphicsItem, _w: QWidget | None = None) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QPen(QColor("#8d6e63"), 6))
        p.setBrush(theme().colour("board"))
        p.drawRoundedRect(self._rect.adjusted(3, 3, -3, -3), 8, 8)
        p.setPen(theme().colour("chalk"))
        p.setFont(QFont("DejaVu Sans", 11, QFont.Weight.Bold))
        p.drawText(self._rect.adjusted(14, 10, -14, 0), Qt.AlignmentFlag.AlignLeft, self.title)
        self.paint_rows(p, self._rect.adjusted(14, 34, -14, -10))

    def paint_rows(self, p: QPainter, area: QRectF) -> None:
        raise NotImplementedError

    @staticmethod
    def fit(count: int, area: QRectF, row_h: float) -> int:
        """How many of `count` rows to draw in `area`, keeping the last row for
        "+ N more" when they do not all fit: nothing is drawn past the board's edge."""
        rows = max(1, int(area.height() // row_h))
        return count if count <= rows else rows - 1

    def paint_more(self, p: QPainter, area: QRectF, top: float, hidden: int, what: str) -> None:
        p.setPen(theme().colour("chalk_dim"))
        p.drawText(
            QRectF(area.left(), top, area.width(), area.bottom() - top),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            f"+ {hidden:,} more {what}",
        )


class MenuBoard(Board):
    """Lists the program's `async def` functions: the recipes a customer can order."""

    def __init__(self, recipes: list[str], width: float, height: float) -> None:
        super().__init__("MENU  ·  async def recipes", width, height)
        self.recipes = recipes

    def paint_rows(self, p: QPainter, area: QRectF) -> None:
        p.setFont(QFont("DejaVu Sans Mono", 10))
        p.setPen(theme().colour("chalk_dim"))
        recipes = self.recipes or ["(no async def)"]
        shown = self.fit(len(recipes), area, MENU_ROW)
        for i, recipe in enumerate(recipes[:shown]):
            p.drawText(
                QRectF(area.left(), area.top() + i * MENU_ROW, area.width(), MENU_ROW),
                Qt.AlignmentFlag.AlignLeft,
                f"☕ {recipe}",
            )
        if shown < len(recipes):
            top = area.top() + shown * MENU_ROW
            self.paint_more(p, area, top, len(recipes) - shown, "recipes")


class BrewBoard(Board):
    """The loop's timer heap, soonest first: each brew with the shop time it has left."""

    def __init__(self, width: float, height: float) -> None:
        super().__init__("BREWING  ·  the loop's timers", width, height)
        self.brews: list[Brew] = []  # the soonest MAX_ROWS
        self.count = 0
        self.now = 0.0

    def show(self, soonest: list[Brew], count: int, now: float) -> None:
        """The soonest timers (only a few fit: a rush has thousands) of `count` in all."""
        self.brews = soonest[:MAX_ROWS]
        self.count = count
        self.now = now
        self.update()

    def paint_rows(self, p: QPainter, area: QRectF) -> None:
        p.setFont(QFont("DejaVu Sans", 10))
        if not self.brews:
            p.setPen(theme().colour("chalk_dim"))
            p.drawText(area, Qt.AlignmentFlag.AlignLeft, "machine idle: no timers scheduled")
            return
        shown = min(len(self.brews), self.fit(self.count, area, BREW_ROW))
        for i, brew in enumerate(self.brews[:shown]):
            top = area.top() + i * BREW_ROW
            self._paint_brew(p, brew, QRectF(area.left(), top, area.width(), BREW_ROW - 4))
        if shown < self.count:
            top = area.top() + shown * BREW_ROW
            self.paint_more(p, area, top, self.count - shown, "timers")

    def _paint_brew(self, p: QPainter, brew: Brew, r: QRectF) -> None:
        total = max(brew.when - brew.started, 1e-9)
        done = min(1.0, max(0.0, (self.now - brew.started) / total))
        left = max(0.0, brew.when - self.now)
        label_w = r.width() * 0.38
        p.setPen(theme().colour("chalk"))
        p.drawText(
            QRectF(r.left(), r.top(), label_w, r.height()),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            brew.label[:14],
        )
        bar = QRectF(r.left() + label_w, r.top() + 4, r.width() * 0.42, r.height() - 8)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#4a453f"))
        p.drawRoundedRect(bar, 4, 4)
        owner = palette.customer_colour(brew.task) if brew.task else palette.BUZZER_LIT
        p.setBrush(owner)
        p.drawRoundedRect(QRectF(bar.left(), bar.top(), bar.width() * done, bar.height()), 4, 4)
        p.setPen(theme().colour("chalk_dim"))
        p.drawText(
            QRectF(bar.right() + 6, r.top(), r.right() - bar.right() - 6, r.height()),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
            f"{left:.1f} s",
        )


class TimingsBoard(Board):
    """Times the program measured and reported, each as a bar against the longest."""

    def __init__(self, width: float, height: float) -> None:
        super().__init__("TIMINGS  ·  measured by the program", width, height)
        self.rows: list[tuple[str, float]] = []

    def show(self, measured: dict[str, float]) -> None:
        rows = list(measured.items())
        if rows != self.rows:
            self.rows = rows
            self.setVisible(bool(rows))
            self.update()

    def paint_rows(self, p: QPainter, area: QRectF) -> None:
        longest = max((s for _, s in self.rows), default=1.0) or 1.0
        row_h = min(22.0, area.height() / max(1, len(self.rows)))
        p.setFont(QFont("DejaVu Sans", 9))
        for i, (label, seconds) in enumerate(self.rows[:MAX_ROWS]):
            r = QRectF(area.left(), area.top() + i * row_h, area.width(), row_h - 3)
            label_w = r.width() * 0.46
            p.setPen(theme().colour("chalk"))
            p.drawText(
                QRectF(r.left(), r.top(), label_w, r.height()),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                label[:30],
            )
            bar = QRectF(
                r.left() + label_w,
                r.top() + 3,
                (r.width() * 0.38) * seconds / longest,
                r.height() - 6,
            )
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(palette.BUZZER_LIT)
            p.drawRoundedRect(bar, 3, 3)
            p.setPen(theme().colour("chalk"))
            p.drawText(
                QRectF(r.right() - 60, r.top(), 60, r.height()),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                f"{seconds:.2f} s",
            )
