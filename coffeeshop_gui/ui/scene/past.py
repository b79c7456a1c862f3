"""The past on the shop floor: another moment of the run drawn on the same floor.

Scrubbing or stepping back shows an earlier state, and time runs backwards only here: the live
floor only ever adds to what it has drawn, so what it keeps (who has left, who lingers by the
door, which cups are in flight) is worked out again for the moment shown. Drawing only what
differs keeps a step through a rush of ten thousand fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coffeeshop_gui.model.state import Customer, CustomerState, ShopState
from coffeeshop_gui.ui.scene.motion import DONE_LINGER, FAULT_LINGER

if TYPE_CHECKING:
    from coffeeshop_gui.ui.scene.shop_scene import ShopScene


def show_moment(scene: ShopScene, state: ShopState) -> None:
    """Draw `state`, another moment of the run this floor shows (a past step, scrubbed
    to), with everyone in place: only the customers whose picture differs are drawn
    again. Drawn anew on a fresh floor, a rush of ten thousand cost 300 ms a step.

    Time may run backwards here, so what the live floor only ever adds to is worked out
    again: customers not yet made then leave, and those gone by the door (`_gone`) or
    ended then (`_left`) are as the moment's shop time says. A customer back in an area
    is handed the place it had there last (`Places.show_moments`): a step back then
    forward puts everyone where they stood.
    """
    before, customers, now = scene._state.customers, state.customers, state.now
    scene.places.show_moments()
    tokens = scene.tokens
    changed = [
        tid
        for tid, c in customers.items()
        if (was := before.get(tid)) is not c
        and (was is None or (_token_looks(was) != _token_looks(c) if tid in tokens else was != c))
    ]
    for tid in [t for t in (*scene.customers, *scene.tokens) if t not in customers]:
        scene._remove_customer(tid)  # not made yet, at this moment (or long dropped)
    scene._gone &= customers.keys()
    back = [tid for tid in scene._gone if not _gone_by(customers[tid], now)]
    scene._gone.difference_update(back)
    changed += back
    for tid in changed:
        was = before.get(tid)
        if was is None or was.state is not customers[tid].state:
            scene.places.forget(tid)  # all first: each may take the place another left
        scene._left.pop(tid, None)
        if tid in scene.lights:
            scene._retire(scene.lights.pop(tid))
    for sid in [sid for sid in scene._dropped if sid not in state.slips]:
        del scene._dropped[sid]
    for slip in state.slips.values():  # a slip thrown away later is in hand again
        if slip.state != "dropped" and slip.id in scene._dropped:
            del scene._dropped[slip.id]
            if slip.id in scene.slips:
                scene._retire(scene.slips.pop(slip.id))
    for cup, _age in scene.cups:  # each carried again if its value is recent then
        scene._retire(cup)
    scene.cups.clear()
    scene._carried.clear()
    changed += [tid for tid in scene.customers if customers[tid].got_at is not None]
    scene.sync(state, set(), set(changed), seconds=None)
    for tid in scene._left:  # as long by the door as it has ended, at this moment
        ended_at = customers[tid].ended_at
        scene._left[tid] = 0.0 if ended_at is None else max(0.0, now - ended_at)
    scene.settle(state)


def _token_looks(c: Customer) -> tuple[object, ...]:
    """What of a customer a crowd's token draws (its tooltip reads the state shown)."""
    return (c.display, c.state, c.future is None, c.buzzer_lit)


def _gone_by(c: Customer, now: float) -> bool:
    """Whether an ended customer has left the picture by shop time `now` (see `animate`)."""
    if c.ended_at is None:
        return False
    linger = DONE_LINGER if c.state is CustomerState.DONE else FAULT_LINGER
    return now - c.ended_at > linger
