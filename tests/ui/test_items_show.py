"""The scene's items keep QGraphicsItem's show(): what they draw comes in by its own name."""

from __future__ import annotations

import pytest

from coffeeshop_gui.ui.items.boards import BrewBoard
from coffeeshop_gui.ui.items.customer import CustomerItem
from coffeeshop_gui.ui.items.hatch import HatchItem
from coffeeshop_gui.ui.items.ticket_rail import TicketRail


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
