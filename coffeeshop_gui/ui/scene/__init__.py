"""The shop floor: `ShopScene` and the parts it is built from, one idea to a module.

`shop_scene` holds the scene itself: what it keeps and the rules that hold between its parts.
The rest of the app imports `ShopScene` (and a few measures) from here.
"""

from coffeeshop_gui.ui.scene.shop_scene import (
    DONE_LINGER,
    DOOR_ZONE,
    HANDSHAKE_COUNTER,
    HANDSHAKE_SECONDS,
    SYNC_SECONDS,
    ShopScene,
)

__all__ = [
    "DONE_LINGER",
    "DOOR_ZONE",
    "HANDSHAKE_COUNTER",
    "HANDSHAKE_SECONDS",
    "SYNC_SECONDS",
    "ShopScene",
]
