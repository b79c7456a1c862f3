"""The view onto the floor: whole at zoom 1, seen closer past it, following who the room watches."""

from __future__ import annotations

import pytest
from gestures import press
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QGraphicsScene

from coffeeshop_gui.ui import layout
from coffeeshop_gui.ui.items.text import TEXT_PX
from coffeeshop_gui.ui.view import ShopView


@pytest.fixture
def view(qtbot):
    made = ShopView()
    qtbot.addWidget(made)
    scene = QGraphicsScene()
    scene.setSceneRect(layout.SCENE)
    made.setScene(scene)
    made.resize(640, 520)
    made.show()
    made.fit(from_counter=True)
    return made


def floor_text_px(view: ShopView) -> float:
    return TEXT_PX * view.transform().m11()


def test_at_zoom_1_the_whole_floor_is_in_view(view):
    view.magnify_to(1.0)
    assert view.visible().adjusted(-1, -1, 1, 1).contains(layout.SCENE)


def test_below_zoom_1_the_floor_is_still_drawn_whole_not_smaller(view):
    view.magnify_to(1.0)
    whole = view.transform().m11()
    view.magnify_to(0.75)
    assert view.transform().m11() == pytest.approx(whole)


def test_zoom_enlarges_the_floors_text_as_much_as_the_panels(view):
    view.magnify_to(1.0)
    at_1 = floor_text_px(view)
    view.magnify_to(1.5)
    assert floor_text_px(view) >= 1.5 * at_1 - 0.01
    assert floor_text_px(view) >= 1.5 * 14  # however small the view: legible, then 1.5 times


def test_a_magnified_floor_is_first_seen_at_the_counter(view):
    view.magnify_to(1.5)
    seen = view.visible()
    assert not seen.contains(layout.SCENE)
    assert seen.contains(layout.SERVICE) and seen.contains(layout.HANDSHAKE_COUNTER)


def test_a_customer_near_the_edge_is_followed_into_view(view):
    view.magnify_to(1.5)
    far = QRectF(900, 650, 60, 110)  # the last table, off the magnified view
    assert not view.visible().contains(far)
    view.follow(far)
    assert view.visible().contains(far)


def test_a_customer_in_view_does_not_move_the_view(view):
    view.magnify_to(1.5)
    before = view.visible()
    view.follow(QRectF(layout.SERVICE.x() - 30, layout.SERVICE.y() - 100, 60, 100))
    assert view.visible() == before


def test_the_whole_floor_is_never_moved_to_follow(view):
    view.magnify_to(1.0)
    before = view.visible()
    view.follow(QRectF(900, 650, 60, 110))
    assert view.visible() == before


def wheel(view: ShopView, dy: int) -> None:
    at = QPointF(view.viewport().rect().center())
    event = QWheelEvent(
        at,
        QPointF(view.viewport().mapToGlobal(at.toPoint())),
        QPoint(),
        QPoint(0, dy),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), event)


def test_the_wheel_pans_a_magnified_floor(view):
    view.magnify_to(1.5)
    before = view.visible().top()
    wheel(view, -240)  # towards the user: down the floor
    assert view.visible().top() > before


def test_the_wheel_leaves_the_whole_floor_where_it_is(view):
    view.magnify_to(1.0)
    before = view.visible()
    wheel(view, -240)
    assert view.visible() == before


def test_a_zoomed_window_keeps_the_selected_customer_in_view_as_it_walks(open_shop):
    shop = open_shop()
    shop.run_to(0.5)
    press(shop, "Ctrl+=")
    press(shop, "Ctrl+=")
    press(shop, "Ctrl+=")  # 1.5
    view = shop.window.view
    assert view.magnify == 1.5
    ids = sorted(shop.window.state.customers)
    for task in ids:
        shop.window.select(task)
        shop.run_to(shop.window.state.now - shop.window.session.started_at + 0.5)
        for _ in range(3):
            shop.window.tick()
        place = shop.window.scene.place_of(task)
        assert place is not None
        assert view.visible().contains(place), shop.window.state.customers[task].name
    press(shop, "Ctrl+0")
    assert view.visible().adjusted(-1, -1, 1, 1).contains(layout.SCENE)
