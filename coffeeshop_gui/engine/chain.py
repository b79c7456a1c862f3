"""Reading where a suspended coroutine stopped, without tracing every line.

`Task.get_stack()` gives only the outermost frame, so we walk `cr_await` (and
`gi_yieldfrom` for generator-based awaitables such as `__await__` methods and
`asyncio.sleep(0)`) down to what finally yielded, keeping only frames of the shown
program. Frame objects are never stored: they would keep the locals alive.
"""

from __future__ import annotations

import reprlib
import types
from collections.abc import Container
from itertools import islice
from types import FrameType
from typing import Any

from coffeeshop_gui.model.events import Frame

_MAX_LOCALS = 12
_CLOSERS = {"<": ">", "(": ")", "[": "]", "{": "}"}
_QUOTES = "'\""


def shorten(text: str, limit: int) -> str:
    """`text` whole if it has at most `limit` characters; else cut after its last whole word
    with "…", closing the quote and brackets left open, so it still reads as a repr:
    `<Task pending name='Ada' coro=<customer() running at shop.py:12> …>`.

    reprlib cuts in the middle instead, mid-word: `<ShopLoop running...=False debug=False>`.
    """
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    boundary = max(cut.rfind(" "), cut.rfind(","))
    gap = ""
    if boundary > limit // 2:
        cut, gap = cut[:boundary], " "
    closers: list[str] = []
    quote = ""
    for char in cut:
        if quote:
            quote = "" if char == quote else quote
        elif char in _QUOTES:
            quote = char
        elif char in _CLOSERS:
            closers.append(_CLOSERS[char])
        elif closers and char == closers[-1]:
            closers.pop()
    if not quote:
        cut = cut.rstrip(" ,=")
    return cut + gap + "…" + quote + "".join(reversed(closers))


class _CardRepr(reprlib.Repr):
    """reprlib's limits, with strings and objects cut at their end by `shorten`."""

    def repr_str(self, x: str, level: int) -> str:
        return shorten(repr(x), self.maxstring)

    def repr_int(self, x: int, level: int) -> str:
        digits = repr(x)
        if len(digits) <= self.maxlong:
            return digits
        return f"{digits[: self.maxlong // 2]}… ({len(digits)} digits)"

    # Containers end with "…" on every Python: 3.10's reprlib has no `fillvalue` and writes
    # "...", which on a card reads as a cut in the middle.

    def _repr_iterable(
        self, x: Any, level: int, left: str, right: str, maxiter: int, trail: str = ""
    ) -> str:
        n = len(x)
        if level <= 0 and n:
            inside = "…"
        else:
            pieces = [self.repr1(item, level - 1) for item in islice(x, maxiter)]
            if n > maxiter:
                pieces.append("…")
            inside = ", ".join(pieces)
            if n == 1 and trail:
                right = trail + right
        return f"{left}{inside}{right}"

    def repr_dict(self, x: dict[Any, Any], level: int) -> str:
        if not x:
            return "{}"
        if level <= 0:
            return "{…}"
        keys = list(islice(reprlib._possibly_sorted(x), self.maxdict))  # type: ignore[attr-defined]
        pieces = [f"{self.repr1(k, level - 1)}: {self.repr1(x[k], level - 1)}" for k in keys]
        if len(x) > self.maxdict:
            pieces.append("…")
        return "{" + ", ".join(pieces) + "}"

    def repr_instance(self, x: object, level: int) -> str:
        try:
            text = repr(x)
        except Exception:
            return f"<{type(x).__name__} instance at {id(x):#x}>"  # as reprlib says it
        return shorten(text, self.maxother)


_repr = _CardRepr()
_repr.maxstring = 40
_repr.maxother = 64  # a loop's repr, `<ShopLoop running=True closed=False debug=False>`, whole
_repr.maxlist = _repr.maxtuple = _repr.maxdict = _repr.maxset = 4
_repr.fillvalue = "…"  # type: ignore[attr-defined,unused-ignore]  # 3.11+ (3.10: our own)


# Exact types whose repr is cheap and cannot fail: a short one is taken as it is, without
# reprlib's dispatch (most locals and awaited values are these; a rush makes millions).
_PLAIN = {int: _repr.maxlong, float: _repr.maxother, bool: 8, type(None): 8, str: _repr.maxstring}


def short_repr(value: object) -> str:
    """A repr short enough for a card on screen; never raises."""
    limit = _PLAIN.get(type(value))
    if limit is not None:
        text = repr(value)
        if len(text) <= limit:
            return text
    try:
        return _repr.repr(value)
    # A user's __repr__ may fail, or even raise SystemExit: the card is the shop's reading,
    # not the program's call, and must not end the app (or, in a step, fail the customer).
    except (Exception, SystemExit, KeyboardInterrupt) as exc:
        return f"<repr failed: {type(exc).__name__}>"


_CORO, _GEN = types.CoroutineType, types.GeneratorType


def _other_kind(obj: object) -> tuple[FrameType | None, object]:
    """Frame and awaited object of a coroutine-like object of another type (Cython, say)."""
    frame = getattr(obj, "cr_frame", None)
    if frame is None:
        frame = getattr(obj, "gi_frame", None)
    inner = getattr(obj, "cr_await", None)
    if inner is None:
        inner = getattr(obj, "gi_yieldfrom", None)
    return frame, inner


def read_chain(
    coro: object, files: Container[str]
) -> tuple[tuple[Frame, ...], str, FrameType | None]:
    """The program frames from outer to inner, what the innermost one awaits, its frame.

    The returned frame is the innermost program frame, for a locals snapshot taken at once.
    Runs after every task step, so it asks each object's type once instead of trying
    attributes (a failed getattr costs an exception), and reads the code before the frame:
    since 3.11 asking for a frame object creates one, and asyncio's own frames are not shown.
    """
    chain: tuple[Frame, ...] = ()
    node = _CHAINS  # the chain so far, as a node of the tree of chains seen before
    innermost: FrameType | None = None
    obj: object = coro
    for _ in range(64):  # an await chain deeper than this is a bug elsewhere
        kind = type(obj)
        if kind is _CORO:
            code = obj.cr_code  # type: ignore[attr-defined]
            frame = obj.cr_frame if code.co_filename in files else None  # type: ignore[attr-defined]
            inner = obj.cr_await  # type: ignore[attr-defined]
        elif kind is _GEN:
            code = obj.gi_code  # type: ignore[attr-defined]
            frame = obj.gi_frame if code.co_filename in files else None  # type: ignore[attr-defined]
            inner = obj.gi_yieldfrom  # type: ignore[attr-defined]
        else:
            frame, inner = _other_kind(obj)
            if frame is not None:
                code = frame.f_code
                if code.co_filename not in files:
                    frame = None
        if frame is not None:
            innermost = frame
            name, line = code.co_name, frame.f_lineno
            seen = node.get(name)
            entry = None if seen is None else seen.get(line)
            if entry is None:
                entry = _grow(node, chain, name, line)
            chain, node = entry
        if inner is None:
            break
        obj = inner
    awaiting = _AWAITING.get(kind)
    if awaiting is None:
        awaiting = _describe(kind)
    return chain, awaiting, innermost


# Every chain read so far, as a tree: function name -> line -> (the chain to here, the
# tree below). A rush suspends thousands of times at a few lines: a chain seen before is
# found by a few dict lookups and shared, not built again (fewer objects made and kept).
_Node = dict[str, dict[int, tuple[tuple[Frame, ...], "_Node"]]]
_CHAINS: _Node = {}
_MAX_CHAINS = 4096
_grown = 0


def _grow(
    node: _Node, chain: tuple[Frame, ...], name: str, line: int
) -> tuple[tuple[Frame, ...], _Node]:
    """The entry for `chain` + (name, line), kept in the tree while it has room."""
    global _grown
    entry: tuple[tuple[Frame, ...], _Node] = ((*chain, (name, line)), {})
    if _grown < _MAX_CHAINS:
        node.setdefault(name, {})[line] = entry
        _grown += 1
    return entry


_AWAITING: dict[type, str] = {}


def _describe(kind: type) -> str:
    """A short name for the type of what the innermost frame waits on ('' if plain)."""
    name = kind.__name__
    awaiting = "" if name in ("FutureIter", "generator", "coroutine", "NoneType") else name
    if len(_AWAITING) < _MAX_CHAINS:
        _AWAITING[kind] = awaiting
    return awaiting


def snapshot_locals(frame: FrameType | None) -> tuple[tuple[str, str], ...]:
    """The frame's local variables as short reprs (the 'saved spot' card)."""
    if frame is None:
        return ()
    items = []
    for name, value in list(frame.f_locals.items())[:_MAX_LOCALS]:
        if not name.startswith("__"):
            items.append((name, short_repr(value)))
    return tuple(items)
