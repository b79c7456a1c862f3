"""The shop floor: `ShopScene` and the parts it is built from, one idea to a module.

`shop_scene` holds the scene: what it keeps, and the rules between its parts (its class
docstring). The work is done by functions over the scene in sibling modules: `furniture`
(what stands still), `following` (the state: `sync`, `settle`), `slips` (order slips in
hand), `motion` (walking, cups, handshakes, lights, leaving), `gestures` (clicks and drags,
announced as signals), `selection` (items and tokens as one selection) and `past` (another
moment of the run, `show_moment`). The rest of the app imports from here.
"""

from coffeeshop_gui.ui.layout import HANDSHAKE_COUNTER
from coffeeshop_gui.ui.scene.following import SYNC_SECONDS
from coffeeshop_gui.ui.scene.furniture import DOOR_ZONE
from coffeeshop_gui.ui.scene.motion import DONE_LINGER, HANDSHAKE_SECONDS
from coffeeshop_gui.ui.scene.shop_scene import ShopScene

__all__ = [
    "DONE_LINGER",
    "DOOR_ZONE",
    "HANDSHAKE_COUNTER",
    "HANDSHAKE_SECONDS",
    "SYNC_SECONDS",
    "ShopScene",
]
