"""The lines to the outside world: descriptors the loop watches, folded from events."""

from __future__ import annotations

from coffeeshop_gui.model import events as ev
from coffeeshop_gui.model.state import ShopState


def _socket_answered_beside_a_pipe() -> ShopState:
    """A socket and a pipe watched; the socket answered, waking two customers."""
    state = ShopState()
    state.apply_all(
        [
            ev.LineOpened(0.0, 7, "read", "socket", 1),
            ev.LineOpened(0.0, 8, "write", "pipe", None),
            ev.OutsideReady(0.5, "socket read", 7, (1, 2)),
        ]
    )
    return state


def test_an_answered_line_remembers_the_wake_up_it_brought():
    state = _socket_answered_beside_a_pipe()
    line = state.lines[(7, "read")]
    assert (line.answered, line.woke) == (0.5, (1, 2))
    assert state.lines[(8, "write")].answered is None


def test_a_watched_socket_is_a_line_until_it_is_closed():
    state = _socket_answered_beside_a_pipe()
    assert list(state.lines) == [(7, "read"), (8, "write")]
    state.apply(ev.LineClosed(0.6, 7, "read"))
    assert list(state.lines) == [(8, "write")]


def test_a_child_exit_answers_no_line():
    state = ShopState()
    state.apply_all(
        [ev.LineOpened(0.0, 7, "read", "socket", 1), ev.OutsideReady(1.0, "subprocess", None, (1,))]
    )
    assert state.lines[(7, "read")].answered is None
