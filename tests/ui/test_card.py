"""The saved-spot card, read from the back of a room."""

from __future__ import annotations

from PySide6.QtGui import QFontInfo


def test_card_text_is_at_least_14_px(open_shop):
    shop = open_shop()
    shop.window.resize(1024, 768)
    shop.run_to(0.5)
    shop.window.select(shop.customer("Ada").id)
    assert QFontInfo(shop.window.card.label.font()).pixelSize() >= 14
