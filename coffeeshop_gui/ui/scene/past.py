"""The past on the shop floor: another moment of the run drawn on the same floor.

Scrubbing or stepping back shows an earlier state, and time runs backwards only here: the live
floor only ever adds to what it has drawn, so what it keeps (who has left, who lingers by the
door, which cups are in flight) is worked out again for the moment shown. Drawing only what
differs keeps a step through a rush of ten thousand fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coffeeshop_gui.model.state import Customer, CustomerState, ShopState
from coffeeshop_gui.ui.items.crowd import MAX_SPOTS_PAST
from coffeeshop_gui.ui.places import Places
from coffeeshop_gui.ui.scene.following import lay_out, order_in_line, spread
from coffeeshop_gui.ui.scene.motion import DONE_LINGER, FAULT_LINGER

if TYPE_CHECKING:
    from coffeeshop_gui.ui.scene.shop_scene import ShopScene

# A moment this far from the one shown, in a shop of this many customers or more, is drawn
# anew (see `show_moment`). In a rush of 10,000, moments half an event a customer apart
# differ by ~1,700 customers, whom moving one at a time costs what drawing all anew in one
# batch does (~20-35 ms); 1 event a customer apart, ~3,500 (~55 ms to move), and 2 apart,
# ~6,500 (~75 ms).
AFRESH_FROM = 256
AFRESH_EVENTS_PER_CUSTOMER = 0.5


def show_moment(scene: ShopScene, state: ShopState) -> None:
    """Draw `state`, another moment of the run this floor shows (a past step, scrubbed
    to), with everyone in place: only the customers whose picture differs are drawn
    again. Drawn on a new scene each step, a rush of ten thousand cost 300 ms a step.

    Time may run backwards here, so what the live floor only ever adds to is worked out
    again: customers not yet made then leave, and those gone by the door (`_gone`) or
    ended then (`_left`) are as the moment's shop time says. A customer back in an area
    is handed the place it had there last (`Places.show_moments`): a step back then
    forward puts everyone where they stood.

    A moment far from the one shown (`_far_apart`) is drawn as a fresh floor draws it, on
    this one cleared: between two moments far apart in a rush most customers stand
    elsewhere, and moving each from where it stood cost twice drawing it anew.
    """
    scene.crowd.max_spots = MAX_SPOTS_PAST  # a past floor: the grids of other moments too
    if _far_apart(scene._state, state):
        _clear_customers(scene)
        scene.places.show_moments()
        _draw_crowd_afresh(scene, state)
        scene.sync(state, set(), set(), seconds=None)  # and the rest: items, slips
        scene.settle(state)
        return
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


def _draw_crowd_afresh(scene: ShopScene, state: ShopState) -> None:
    """On a cleared floor, place everyone as `sync` places a fresh floor's newcomers
    (spread out, lowest place free first), and draw the crowd's tokens in one batch:
    one at a time, ten thousand cost 150 ms. Those drawn in full are left to `sync`,
    which finds their places taken already."""
    scene._state = state
    lay_out(scene, state)
    customers = state.customers
    ordered = spread(list(customers.values()))  # in the order of their ids, spread
    runs = scene.places.runs_afresh(ordered, order_in_line(state))
    held = scene.drag.task_id if scene.drag is not None else None
    scene._undrawn.update(dict.fromkeys(scene.crowd.put_runs(runs, held)))
    tokens = scene.tokens  # not made yet (see `CrowdLayer.put_runs`): ask by id
    by_door = runs[-1].customers  # the last run holds those ended (`Places.runs_afresh`)
    scene._left.update((c.id, 0.0) for c in by_door if c.state.ended and c.id in tokens)


def _clear_customers(scene: ShopScene) -> None:
    """Take every customer off the floor, with what they hold and where they stood, and
    the tables and captions back as a new scene has them: a far moment is drawn on it
    anew."""
    retired = [*scene.customers.values(), *scene.buzzers.values(), *scene.lights.values()]
    retired += [*scene.slips.values(), *(cup for cup, _age in scene.cups)]
    for item in retired:
        scene._retire(item)
    scene.furniture.show_tables(True)  # a floor not crowded (no crowd makes more tables)
    scene.line_label.over_crowd(False)
    scene.customers.clear()
    scene.buzzers.clear()
    scene.lights.clear()
    scene.slips.clear()
    scene._targets.clear()
    scene._dirty.clear()
    scene._undrawn.clear()
    scene.handshakes.clear()
    scene._arrivals.clear()
    scene._left.clear()
    scene._carried.clear()
    scene._dropped.clear()
    scene._slip_places.clear()
    scene._moving.clear()
    scene._gone.clear()
    scene.cups.clear()
    scene.places = Places()
    scene.crowd.clear()


def _far_apart(shown: ShopState, other: ShopState) -> bool:
    """Whether `other` is a moment so far from the one shown that drawing it anew costs
    less than moving those who differ: a crowd, and more events between than
    `AFRESH_EVENTS_PER_CUSTOMER` a customer (a step is a few events). Symmetric, so a
    jump there and back draws each end the same way."""
    customers = max(len(shown.customers), len(other.customers))
    apart = abs(other.applied - shown.applied)
    return customers >= AFRESH_FROM and apart > AFRESH_EVENTS_PER_CUSTOMER * customers


def _token_looks(c: Customer) -> tuple[object, ...]:
    """What of a customer a crowd's token draws (its tooltip reads the state shown)."""
    return (c.display, c.state, c.future is None, c.buzzer_lit)


def _gone_by(c: Customer, now: float) -> bool:
    """Whether an ended customer has left the picture by shop time `now` (the rule of
    `motion.see_them_out`)."""
    if c.ended_at is None:
        return False
    linger = DONE_LINGER if c.state is CustomerState.DONE else FAULT_LINGER
    return now - c.ended_at > linger
