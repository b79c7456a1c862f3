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
from types import FrameType

from coffeeshop_gui.model.events import Frame

_repr = reprlib.Repr()
_repr.maxstring = 40
_repr.maxother = 40
_repr.maxlist = _repr.maxtuple = _repr.maxdict = _repr.maxset = 4
_MAX_LOCALS = 12


def short_repr(value: object) -> str:
    """A repr short enough for a card on screen; never raises."""
    try:
        return _repr.repr(value)
    except Exception as exc:  # a user's __repr__ may fail
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
) -> tuple[tuple[Frame, ...], object, FrameType | None]:
    """The program frames from outer to inner, the innermost awaited object, its frame.

    The returned frame is the innermost program frame, for a locals snapshot taken at once.
    Runs after every task step, so it asks each object's type once instead of trying
    attributes (a failed getattr costs an exception), and reads the code before the frame:
    since 3.11 asking for a frame object creates one, and asyncio's own frames are not shown.
    """
    frames: list[Frame] = []
    innermost: FrameType | None = None
    obj: object = coro
    for _ in range(64):  # an await chain deeper than this is a bug elsewhere
        kind = type(obj)
        if kind is _CORO:
            inner = obj.cr_await  # type: ignore[attr-defined]
            ours = obj.cr_code.co_filename in files  # type: ignore[attr-defined]
            frame = obj.cr_frame if ours else None  # type: ignore[attr-defined]
        elif kind is _GEN:
            inner = obj.gi_yieldfrom  # type: ignore[attr-defined]
            ours = obj.gi_code.co_filename in files  # type: ignore[attr-defined]
            frame = obj.gi_frame if ours else None  # type: ignore[attr-defined]
        else:
            frame, inner = _other_kind(obj)
        if frame is not None:
            code = frame.f_code
            if code.co_filename in files:
                frames.append((code.co_name, frame.f_lineno))
                innermost = frame
        if inner is None:
            break
        obj = inner
    return _interned(tuple(frames)), obj, innermost


_CHAINS: dict[tuple[Frame, ...], tuple[Frame, ...]] = {}
_MAX_CHAINS = 4096


def _interned(chain: tuple[Frame, ...]) -> tuple[Frame, ...]:
    """One shared tuple per distinct chain: a rush suspends thousands of times at few lines,
    and every step's chain is kept in the log (fewer objects kept, fewer collections)."""
    kept = _CHAINS.get(chain)
    if kept is None:
        if len(_CHAINS) < _MAX_CHAINS:
            _CHAINS[chain] = chain
        kept = chain
    return kept


def snapshot_locals(frame: FrameType | None) -> tuple[tuple[str, str], ...]:
    """The frame's local variables as short reprs (the 'saved spot' card)."""
    if frame is None:
        return ()
    items = []
    for name, value in list(frame.f_locals.items())[:_MAX_LOCALS]:
        if not name.startswith("__"):
            items.append((name, short_repr(value)))
    return tuple(items)


def describe_awaitable(obj: object) -> str:
    """A short name for what the innermost frame is waiting on."""
    name = type(obj).__name__
    if name in ("FutureIter", "generator", "coroutine") or obj is None:
        return ""
    return name
