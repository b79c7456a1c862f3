"""The loop's hooks: one listener each, told by emit, its answer given back."""

from __future__ import annotations

from coffeeshop_gui.loop.hooks import Hook


def test_an_unconnected_hook_tells_no_one_and_answers_none() -> None:
    hook: Hook[[], bool] = Hook("hold")
    assert not hook.connected
    assert hook.emit() is None


def test_emit_gives_back_the_listeners_answer() -> None:
    hook: Hook[[int], int] = Hook("double")
    hook.connect(lambda n: 2 * n)
    assert hook.emit(21) == 42


def test_connecting_a_listener_replaces_the_one_before() -> None:
    told: list[str] = []
    hook: Hook[[], None] = Hook("horizon_reached")
    hook.connect(lambda: told.append("first"))
    hook.connect(lambda: told.append("second"))
    hook.emit()
    assert told == ["second"]


def test_disconnect_with_no_listener_named_clears_the_hook() -> None:
    told: list[str] = []
    hook: Hook[[], None] = Hook("horizon_reached")
    hook.connect(lambda: told.append("told"))
    hook.disconnect()
    hook.emit()
    assert told == []
    assert not hook.connected


class _Owner:
    def __init__(self) -> None:
        self.asked = 0

    def far_behind(self) -> bool:
        self.asked += 1
        return True


def test_an_owner_that_left_does_not_cut_off_the_one_after_it() -> None:
    first, second = _Owner(), _Owner()
    hook: Hook[[], bool] = Hook("hold")
    hook.connect(first.far_behind)
    hook.connect(second.far_behind)
    hook.disconnect(first.far_behind)  # the first window closes after the second opened
    assert hook.emit() is True
    assert second.asked == 1


def test_an_owner_disconnects_its_own_bound_method() -> None:
    owner = _Owner()
    hook: Hook[[], bool] = Hook("hold")
    hook.connect(owner.far_behind)
    hook.disconnect(owner.far_behind)  # a new bound method object, equal to the one connected
    assert not hook.connected
