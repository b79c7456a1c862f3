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


def test_the_brew_board_still_takes_its_brews_through_show_until_the_window_calls_show_brews(
    qapp,
):
    board = BrewBoard(300, 200)
    board.show([], 7, 1.5)
    assert (board.count, board.now) == (7, 1.5)
