"""Reading the real window as the back row would: how large, where and how plain every text is.

The shop's items note each run of text they paint (`coffeeshop_gui.ui.items.text.Writer`), the
floor's captions are text items, and the panels are widgets: after a real paint (a grab),
each is mapped to window pixels and checked for size, overlap, clipping and contrast.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFontInfo
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGraphicsItem,
    QGraphicsSimpleTextItem,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QToolBar,
    QWidget,
)

from coffeeshop_gui.ui.items.boards import Board
from coffeeshop_gui.ui.items.buzzer import BuzzerItem
from coffeeshop_gui.ui.items.customer import HEIGHT, WIDTH, CustomerItem
from coffeeshop_gui.ui.items.helper import HelperItem
from coffeeshop_gui.ui.items.prop import Prop
from coffeeshop_gui.ui.items.text import Writer
from coffeeshop_gui.ui.theme import theme

MIN_PX = 14.0  # WCAG has no size rule; this is the issue's: legible from the back of a room
PRESENTER_MIN_PX = 20.0  # at presenter zoom on a projector's 1024x768
MIN_CONTRAST = 4.5  # WCAG 2.x AA for body text


@dataclass
class OnScreen:
    """One run of text as the window shows it: window pixels and on-screen font size."""

    text: str
    box: QRectF  # where its glyphs are, in the view's pixels
    slot: QRectF  # the room it was given, in the view's pixels
    px: float
    ink: QColor
    ground: QColor
    owner: object  # the item that drew it


def luminance(colour: QColor) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(x) for x in colour.getRgb()[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio of two colours, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _to_view(window, item: QGraphicsItem, rect: QRectF) -> QRectF:
    return QRectF(window.view.mapFromScene(item.mapRectToScene(rect)).boundingRect())


def shop_texts(window) -> list[OnScreen]:
    """Every text the shop floor shows, as last painted."""
    view_scale = window.view.transform().m11()
    floor = theme().colour("floor")
    found = []
    for item in window.scene.items():
        if not item.isVisible() or item.opacity() < 0.99:  # a fading cup is on its way out
            continue
        scale = item.sceneTransform().m11() * view_scale
        if isinstance(item, Writer):
            for run in getattr(item, "drawn", []):
                found.append(
                    OnScreen(
                        run.text,
                        _to_view(window, item, run.box),
                        _to_view(window, item, run.slot),
                        run.size * scale,
                        run.ink,
                        run.ground if run.ground is not None else floor,
                        item,
                    )
                )
        elif isinstance(item, QGraphicsSimpleTextItem):
            box = _to_view(window, item, item.boundingRect())
            size = item.font().pixelSize()
            ground = floor  # a caption is on the floor, or on a plate of floor colour
            found.append(
                OnScreen(item.text(), box, box, size * scale, item.brush().color(), ground, item)
            )
    return found


def figures(window) -> list[tuple[object, QRectF]]:
    """What text must not cover: people, buzzers, furniture, boards, in the view's pixels."""
    shapes = []
    for item in window.scene.items():
        if not item.isVisible():
            continue
        if isinstance(item, CustomerItem):
            body = QRectF(-WIDTH / 2, -HEIGHT, WIDTH, HEIGHT)
            shapes.append((item, _to_view(window, item, body)))
        elif isinstance(item, BuzzerItem | HelperItem | Prop | Board):
            shapes.append((item, _to_view(window, item, item.boundingRect())))
    return shapes


def _overlap(a: QRectF, b: QRectF, margin: float = 1.0) -> bool:
    return a.adjusted(margin, margin, -margin, -margin).intersects(
        b.adjusted(margin, margin, -margin, -margin)
    )


def _followed(window) -> object | None:
    """The item a magnified view keeps in view: the selected customer's."""
    task = window.scene.selected_task()
    return window.scene.customers.get(task) if task is not None else None


def problems(window, where: str, min_px: float = MIN_PX) -> list[str]:
    """Everything the back row could not read, each naming the text and `where`.

    A magnified floor shows only part of itself, so texts at its edge are cut by design:
    there, only the followed customer's texts must be whole.
    """
    found = []
    texts = shop_texts(window)
    visible = QRectF(window.view.viewport().rect())
    magnified = window.view.magnify > 1
    followed = _followed(window)
    for t in texts:
        if t.px < min_px - 0.05:
            found.append(f"{where}: shop text {t.text!r} is {t.px:.1f} px tall")
        ratio = contrast(t.ink, t.ground)
        if ratio < MIN_CONTRAST:
            found.append(f"{where}: shop text {t.text!r} has contrast {ratio:.2f}")
        must_be_whole = not magnified or t.owner is followed
        if must_be_whole and not visible.contains(t.box.adjusted(1, 1, -1, -1)):
            found.append(f"{where}: shop text {t.text!r} is cut off by the view's edge")
        if t.slot != t.box and not t.slot.adjusted(-1.5, -1.5, 1.5, 1.5).contains(t.box):
            found.append(f"{where}: shop text {t.text!r} spills out of its place")
    for i, a in enumerate(texts):
        for b in texts[i + 1 :]:
            if _overlap(a.box, b.box):
                found.append(f"{where}: shop texts {a.text!r} and {b.text!r} overlap")
    shapes = figures(window)
    for t in texts:
        for owner, shape in shapes:
            if owner is t.owner or isinstance(t.owner, Board | Prop):
                continue
            if isinstance(owner, Prop) and owner.name == "counter" and t.owner is window.scene.sign:
                continue  # the sign is on the counter, on its own plate
            if _overlap(t.box, shape, 2.0):
                found.append(f"{where}: shop text {t.text!r} covers {type(owner).__name__}")
    found += widget_problems(window, where)
    found += clipped_labels(window, where)
    found += cut_lines(window, where)
    return found


def widget_problems(window, where: str) -> list[str]:
    """The panels: text size, and no toolbar action hidden behind an overflow."""
    found = []
    kinds = (QLabel, QAbstractButton, QComboBox, QSpinBox, QPlainTextEdit)
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, kinds) or not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QLabel) and not widget.text():
            continue
        px = QFontInfo(widget.font()).pixelSize()
        if px < MIN_PX:
            found.append(f"{where}: {type(widget).__name__} {_name(widget)!r} text is {px} px")
    for bar in window.findChildren(QToolBar):
        if not bar.isVisibleTo(window):  # a closed panel's bar (the editor's)
            continue
        for action in bar.actions():
            button = bar.widgetForAction(action)
            if button is not None and not button.isVisibleTo(window):
                found.append(f"{where}: toolbar action {action.text()!r} is hidden")
        inside = QRect(0, 0, window.width(), window.height())
        if not inside.contains(bar.geometry()):
            found.append(f"{where}: toolbar {bar.windowTitle()!r} runs off the window")
    return found


def _name(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    return (text() if callable(text) else "") or widget.objectName() or type(widget).__name__


def clipped_labels(window, where: str) -> list[str]:
    """Word-wrapped labels whose text needs more height than they have."""
    found = []
    for label in window.findChildren(QLabel):
        shown = label.isVisibleTo(window) and label.wordWrap() and label.text()
        if shown and label.heightForWidth(label.width()) > label.height() + 1:
            found.append(f"{where}: {label.text()[:60]!r} is cut off at the bottom")
    return found


def cut_lines(window, where: str) -> list[str]:
    """One-line labels (the status line, the file's name) wider than their room."""
    found = []
    for label in window.findChildren(QLabel):
        if not label.isVisibleTo(window) or label.wordWrap() or not label.text():
            continue
        if label.textFormat() == Qt.TextFormat.RichText or label.text().startswith("<"):
            continue  # laid out as a document: its width is not one line's
        if label.fontMetrics().horizontalAdvance(label.text()) > label.contentsRect().width() + 1:
            found.append(f"{where}: {label.text()[:60]!r} is cut off at the right")
    return found
