"""What makes an item one of a crowd: it tells the crowd layer when its token changes."""

from __future__ import annotations


class CrowdMember:
    """Mixed into an item the crowd layer may draw as a token (before `QGraphicsItem`).

    Moves and resizes come from the scene's Python code only, so overriding `setPos` and
    `setScale` sees them all: an `itemChange` override would be a Python call for every
    change of every item (thirty for each customer a rush brings in).
    """

    watcher: tuple[set[int], int] | None = None  # the layer's stale set, and this one's key

    def watch(self, stale: set[int], key: int) -> None:
        """Add `key` to `stale` now and whenever this token changes."""
        self.watcher = (stale, key)
        stale.add(key)

    def setPos(self, *at: object) -> None:
        self._changed()
        super().setPos(*at)  # type: ignore[misc]

    def setScale(self, scale: float) -> None:
        self._changed()
        super().setScale(scale)  # type: ignore[misc]

    def _changed(self) -> None:
        """Its token moved, resized or changed look: an item forgets what it kept of it."""
        if self.watcher is not None:
            self.watcher[0].add(self.watcher[1])
