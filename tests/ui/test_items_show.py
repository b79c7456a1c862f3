"""The scene's items keep QGraphicsItem's show(): what they draw comes in by its own name."""

from __future__ import annotations

import pytest
from legibility import contrast
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QGraphicsScene

from coffeeshop_gui.model.state import Customer, CustomerState
from coffeeshop_gui.ui.items.boards import BrewBoard
from coffeeshop_gui.ui.items.customer import CustomerItem
from coffeeshop_gui.ui.items.hatch import HatchItem
from coffeeshop_gui.ui.items.ticket_rail import TicketRail
from coffeeshop_gui.ui.palette import CUSTOMER_COLOURS


@pytest.mark.parametrize(
    "make",
    [
        lambda: BrewBoard(300, 200),
        lambda: TicketRail(300),
        lambda: HatchItem(300, 200),
        lambda: CustomerItem(1, "Ada"),
    ],
    ids=["brew board", "ticket rail", "hatch", "customer"],
)
def test_a_hidden_item_shows_again(qapp, make):
    item = make()
    item.hide()
    item.show()
    assert item.isVisible()


@pytest.mark.parametrize("task_id", range(1, len(CUSTOMER_COLOURS) + 1))
def test_every_customers_line_tag_reads_from_the_back_row(qapp, task_id):
    """White on the tag of every colour of the palette at WCAG's 4.5:1 (Okabe-Ito's orange
    and sky blue, only 30% darker, gave 3.7 and 3.8)."""
    item = CustomerItem(task_id, "Ada")
    item.show_customer(Customer(task_id, "Ada", "customer", None, 0.0, CustomerState.WAITING, 17))
    scene = QGraphicsScene()
    scene.addItem(item)
    picture = QImage(200, 200, QImage.Format.Format_ARGB32)
    painter = QPainter(picture)
    scene.render(painter)
    painter.end()
    (tag,) = [run for run in item.drawn if run.text == "line 17"]
    assert contrast(tag.ink, tag.ground) >= 4.5
