"""Reading a suspended coroutine: the program frames it waits in, what it waits on, its locals.

The coroutines here are driven by hand (`send(None)`), with no loop: what the card shows
must come from the coroutine object alone.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager

from coffeeshop_gui.engine.chain import read_chain, short_repr, snapshot_locals

HERE = {__file__}


class Ring:
    """An awaitable whose iterator is neither a generator nor a coroutine."""

    def __await__(self):
        return iter([None])


class Bell:
    """A hand-written awaitable: its `__await__` is a generator the program wrote."""

    def __await__(self):
        yield  # <bell>


async def waiter(order, awaitable):
    cups = [1, 2, 3, 4, 5, 6]
    note = "x" * 100
    __hidden = "dunder names are Python's bookkeeping, not the program's"
    await awaitable  # <await>
    return order, cups, note


async def outer(awaitable):
    return await waiter("latte", awaitable)  # <outer>


def line(marker: str) -> int:
    with open(__file__, encoding="utf-8") as source:
        for number, text in enumerate(source, start=1):
            if text.rstrip().endswith(f"# <{marker}>"):
                return number
    raise LookupError(marker)


def suspended(awaitable: object, *, top=outer):
    coro = top(awaitable)
    coro.send(None)
    return coro


def test_the_chain_runs_from_the_outer_frame_to_the_innermost_with_its_locals():
    ring = Ring()
    coro = suspended(ring)
    try:
        chain, awaiting, frame = read_chain(coro, HERE)
        assert chain == (("outer", line("outer")), ("waiter", line("await")))
        assert awaiting == "list_iterator"  # named: it is not a plain future or generator
        assert frame.f_code.co_name == "waiter"
        assert snapshot_locals(frame) == (
            ("order", "'latte'"),
            ("awaitable", short_repr(ring)),
            ("cups", "[1, 2, 3, 4, …]"),
            ("note", "'" + "x" * 38 + "…'"),  # 100 long: cut to 40 at its end, quote closed
        )
    finally:
        coro.close()


@contextmanager
def waiting_on_a_bell() -> Iterator[Coroutine[object, object, object]]:
    """`outer` suspended in the hand-written `Bell.__await__` of this file."""
    coro = suspended(Bell())
    try:
        yield coro
    finally:
        coro.close()


def test_frames_of_other_files_are_left_out():
    with waiting_on_a_bell() as coro:
        chain, _awaiting, frame = read_chain(coro, HERE)
        assert chain[-1] == ("__await__", line("bell"))  # into the hand-written awaitable
        assert frame.f_code.co_name == "__await__" and snapshot_locals(frame)[0][0] == "self"
        assert read_chain(coro, set()) == ((), "", None)  # no frame of the program


def test_a_wait_in_a_plain_generator_is_not_named():
    with waiting_on_a_bell() as coro:
        assert read_chain(coro, HERE)[1] == ""


def test_a_coroutine_waiting_on_an_asyncio_future_waits_on_nothing_named():
    loop = asyncio.new_event_loop()
    try:
        coro = suspended(loop.create_future())
        chain, awaiting, _ = read_chain(coro, HERE)
        assert [name for name, _ in chain] == ["outer", "waiter"] and awaiting == ""
        coro.close()
    finally:
        loop.close()
    unstarted = waiter("tea", Ring())
    assert read_chain(unstarted, HERE)[1] == ""  # a coroutine that awaits nothing yet
    unstarted.close()
    assert read_chain(None, HERE) == ((), "", None)  # a task whose coroutine is gone


class Rude:
    """A value whose repr fails."""

    def __repr__(self):
        raise ValueError("no")


def test_a_card_shows_at_most_twelve_locals():
    def many(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, b0, b1, b2, b3, rude):
        return sys._getframe()

    shown = snapshot_locals(many(*range(14), Rude()))
    assert [name for name, _ in shown] == [f"a{i}" for i in range(10)] + ["b0", "b1"]


def test_a_local_whose_repr_fails_is_named_not_raised():
    assert short_repr([Rude()]).startswith("[<Rude instance at ")
    assert snapshot_locals(None) == ()  # no frame at all: nothing to show, nothing raised


def test_a_chain_seen_before_is_shared_not_built_again():
    first, second = suspended(Ring()), suspended(Ring())  # two customers at the same await
    try:
        one, two = read_chain(first, HERE)[0], read_chain(second, HERE)[0]
        assert one == two and one is two  # a rush of thousands keeps one tuple, not thousands
    finally:
        first.close()
        second.close()


class Relay:
    """A hand-written awaitable that hands the wait on to another iterator."""

    def __await__(self):
        return (yield from iter([None]))  # <relay>


class CompiledLike:
    """A coroutine of another type (a compiled one, say): frame and awaited as attributes."""

    def __init__(self, prefix: str, frame: object, inner: object) -> None:
        setattr(self, f"{prefix}_frame", frame)
        setattr(self, "cr_await" if prefix == "cr" else "gi_yieldfrom", inner)


def test_a_generator_that_relays_the_wait_is_followed_to_what_it_waits_on():
    coro = suspended(Relay())
    try:
        chain, awaiting, _ = read_chain(coro, HERE)
        assert chain[-1] == ("__await__", line("relay")) and awaiting == "list_iterator"
    finally:
        coro.close()


def test_coroutines_of_other_types_are_followed_by_their_frames_and_awaits():
    coro = suspended(Ring())
    try:
        outer_frame, waiter_frame = coro.cr_frame, coro.cr_await.cr_frame
        foreign = asyncio.sleep.__code__  # not a frame of the program: left out
        elsewhere = type("Frame", (), {"f_code": foreign, "f_lineno": 1})()
        compiled = CompiledLike(
            "cr", outer_frame, CompiledLike("gi", elsewhere, CompiledLike("gi", waiter_frame, ()))
        )
        chain, awaiting, frame = read_chain(compiled, HERE)
        assert chain == (("outer", line("outer")), ("waiter", line("await")))
        assert frame is waiter_frame and awaiting == "tuple"  # what the innermost awaits
    finally:
        coro.close()
