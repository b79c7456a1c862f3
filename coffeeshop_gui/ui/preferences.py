"""What a presenter set up last time (theme, zoom, speed, pace, window), kept with QSettings."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QByteArray, QSettings

_T = TypeVar("_T")
# A stored zoom (hand-edited, say) is held within these, the range `--zoom` takes (cli.py):
# further out, the window is unusable.
MIN_ZOOM, MAX_ZOOM = 0.5, 3.0


class Preferences:
    """Typed access to the app's QSettings; every setter writes through at once."""

    def __init__(self, settings: QSettings) -> None:
        self._s = settings

    def _get(self, key: str, default: _T, kind: Callable[[Any], _T]) -> _T:
        """The stored value made into `kind`, or `default` where it cannot be (hand-edited)."""
        value = self._s.value(key, default)
        try:
            return kind(value)
        except (TypeError, ValueError):
            return default

    @property
    def theme(self) -> str:
        return self._get("look/theme", "light", str)

    @theme.setter
    def theme(self, name: str) -> None:
        self._s.setValue("look/theme", name)

    @property
    def zoom(self) -> float:
        zoom = self._get("look/zoom", 1.0, float)
        if not math.isfinite(zoom):  # nan: the default
            return 1.0
        return min(MAX_ZOOM, max(MIN_ZOOM, zoom))

    @zoom.setter
    def zoom(self, value: float) -> None:
        self._s.setValue("look/zoom", value)

    def choice(self, key: str, default: int) -> int:
        return self._get(f"shop/{key}", default, int)

    def set_choice(self, key: str, index: int) -> None:
        self._s.setValue(f"shop/{key}", index)

    @property
    def geometry(self) -> QByteArray | None:
        value = self._s.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._s.setValue("window/geometry", value)

    @property
    def recent(self) -> list[str]:
        """The programs opened or saved last, newest first."""
        value = self._s.value("files/recent", [])
        if isinstance(value, str):  # QSettings reads a one-item list back as its item
            value = [value]
        return [str(v) for v in value] if isinstance(value, list) else []

    @recent.setter
    def recent(self, paths: list[str]) -> None:
        self._s.setValue("files/recent", list(paths))

    def sync(self) -> None:
        self._s.sync()
