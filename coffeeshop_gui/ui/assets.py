"""Finding the shop's SVG drawings, installed in the wheel or beside a source checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtSvg import QSvgRenderer

_PACKAGE = Path(__file__).resolve().parent.parent


def assets_dir() -> Path:
    """`coffeeshop_gui/assets` in an installed wheel, else `assets/` at the checkout root."""
    for candidate in (_PACKAGE / "assets", _PACKAGE.parent / "assets"):
        if (candidate / "icon.svg").is_file():
            return candidate
    raise FileNotFoundError("the shop's drawings (assets/*.svg) are missing from this install")


@cache
def renderer(name: str) -> QSvgRenderer:
    """A shared renderer for `assets/<name>.svg`."""
    r = QSvgRenderer(str(assets_dir() / f"{name}.svg"))
    if not r.isValid():
        raise FileNotFoundError(f"assets/{name}.svg could not be read")
    return r
