"""What every saved screenshot must be: a real picture of the shop, not just a file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QImage

from coffeeshop_gui.ui.theme import LIGHT


def assert_shows_the_shop(png: Path, size: tuple[int, int] = (1440, 900)) -> None:
    """The size asked for (the default window's, else), not blank, the shop's floor in it."""
    image = QImage(str(png))
    assert not image.isNull(), f"{png} is not a picture"
    assert (image.width(), image.height()) == size
    colours = {image.pixel(x, y) for x in range(0, size[0], 16) for y in range(0, size[1], 16)}
    assert len(colours) > 20  # not blank: boards, people, code
    assert QColor(LIGHT.floor).rgb() in colours  # the shop's floor, in the default theme
