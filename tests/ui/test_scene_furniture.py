"""The floor's furniture (ui/scene/furniture.py), on a bare Qt scene: tables enough for the
seats taken, the floor growing to hold them."""

from __future__ import annotations

from PySide6.QtWidgets import QGraphicsScene

from coffeeshop_gui.ui import layout
from coffeeshop_gui.ui.scene.furniture import BASE_TABLES, Furniture


def furnished(qapp) -> tuple[QGraphicsScene, Furniture]:
    scene = QGraphicsScene()
    scene.setSceneRect(layout.SCENE)
    return scene, Furniture(scene, ["espresso"])


def test_an_empty_shop_has_a_table_for_each_seat_of_the_normal_layout(qapp) -> None:
    _scene, furniture = furnished(qapp)
    assert len(furniture.tables) == BASE_TABLES


def test_a_seat_far_down_gets_its_table_and_every_one_before_it(qapp) -> None:
    _scene, furniture = furnished(qapp)
    furniture.table(20)
    assert len(furniture.tables) == 21


def test_the_floor_grows_to_hold_a_table_far_down(qapp) -> None:
    scene, furniture = furnished(qapp)
    furniture.table(20)
    assert scene.sceneRect().bottom() >= furniture.tables[20].sceneBoundingRect().bottom()


def test_the_door_zone_is_hidden_until_a_drag(qapp) -> None:
    _scene, furniture = furnished(qapp)
    assert not furniture.door_zone.isVisible()
