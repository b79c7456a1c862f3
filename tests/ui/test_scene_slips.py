"""Order slips on the floor (ui/scene/slips.py), without a window: in their holder's hand
until handed in, a few drawn of many, a thrown-away one in view for a while."""

from __future__ import annotations

from floors import customer, floor, state_of

from coffeeshop_gui.model.state import CustomerState, Slip
from coffeeshop_gui.ui.scene.slips import DROPPED_SLIP_SECONDS, SLIPS_IN_HAND


def holding(*slips: Slip):
    """A floor whose one customer (task 1) holds these slips."""
    state = state_of(customer(1, CustomerState.RUNNING))
    state.slips = {slip.id: slip for slip in slips}
    return floor(state)


def test_a_slip_handed_in_is_no_longer_in_hand(qapp) -> None:
    scene = holding(Slip(50, "latte", 1, 0.0, state="handed in", task=2))
    assert 50 not in scene.slips


def test_a_hand_holding_many_slips_shows_only_a_few(qapp) -> None:
    scene = holding(*(Slip(50 + i, "latte", 1, 0.0) for i in range(5)))
    shown = [item for item in scene.slips.values() if item.isVisible()]
    assert len(shown) == SLIPS_IN_HAND


def test_a_thrown_away_slip_stays_in_view_for_a_while(qapp) -> None:
    scene = holding(Slip(50, "latte", 1, 0.0, state="dropped", warning="never awaited"))
    scene.animate(DROPPED_SLIP_SECONDS - 0.1)
    assert 50 in scene.slips


def test_a_thrown_away_slip_goes_from_view_after_a_while(qapp) -> None:
    scene = holding(Slip(50, "latte", 1, 0.0, state="dropped", warning="never awaited"))
    scene.animate(DROPPED_SLIP_SECONDS + 0.1)
    assert 50 not in scene.slips


def test_a_slip_held_by_the_door_is_in_the_other_hand_whole_on_the_floor(qapp) -> None:
    """A failed customer by the door (the floor's left edge) holding a coroutine never run:
    its slip would hang off the floor on the usual side; it is held on the other."""
    state = state_of(customer(1, CustomerState.FAILED, error="RuntimeError: boom"))
    state.slips = {50: Slip(50, "inner", 1, 0.0)}
    scene = floor(state)
    slip, holder = scene.slips[50], scene.position_of(1)
    assert holder is not None and holder.x() < 200  # by the door
    assert scene.sceneRect().contains(slip.sceneBoundingRect())
    assert slip.pos().x() > holder.x()
    seated = state_of(customer(1, CustomerState.WAITING))
    seated.slips = {50: Slip(50, "inner", 1, 0.0)}
    waiting = floor(seated)
    assert waiting.slips[50].pos().x() < waiting.position_of(1).x()  # the usual hand
