"""Order slips: coroutine objects from the moment a recipe is called, before any task exists.

Calling an `async def` runs nothing and involves no loop, so nothing in asyncio can see it.
The program's own top-level recipes are therefore wrapped when it is loaded: the wrapper
calls the real function, reports the coroutine object it returned, and returns it untouched.
Python's own "coroutine ... was never awaited" warning tells a thrown-away slip from one
that was awaited and finished unseen.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import re
import warnings
import weakref
from collections.abc import Callable
from typing import Any

NEVER_AWAITED = re.compile(r"coroutine '(?P<name>[^']+)' was never awaited")
_listeners: weakref.WeakSet[Any] = weakref.WeakSet()
_installed: list[Callable[..., Any]] = []


def write_slips(recipe: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a coroutine function so that each coroutine it makes is reported as a slip."""

    @functools.wraps(recipe)
    def write_slip(*args: Any, **kwargs: Any) -> Any:
        coro = recipe(*args, **kwargs)
        loop = asyncio.events._get_running_loop()
        note = getattr(loop, "note_slip", None)
        if note is not None:
            note(coro, recipe.__qualname__)
        return coro

    if hasattr(inspect, "markcoroutinefunction"):  # 3.12+: still looks like an async def
        inspect.markcoroutinefunction(write_slip)
    return write_slip


def listen_for_unawaited(listener: Any) -> None:
    """Tell `listener.unawaited(id(coro), message)` of each coroutine dropped unawaited.

    CPython finalizes an unstarted coroutine by calling `warnings._warn_unawaited_coroutine`
    with it; wrapping that hook identifies the very object, whatever `showwarning` is.
    """
    _listeners.add(listener)
    # Shown every time, not once per place: each thrown-away slip is its own lesson. Put
    # first again by each listener (filterwarnings replaces its twin): a `catch_warnings`
    # block since the last one, as pytest runs each test in, has put the old filters back.
    warnings.filterwarnings("always", message=NEVER_AWAITED.pattern, category=RuntimeWarning)
    original = getattr(warnings, "_warn_unawaited_coroutine", None)
    if _installed or original is None:
        return
    _installed.append(original)

    def warn_unawaited(coro: Any) -> None:
        message = f"coroutine '{getattr(coro, '__qualname__', '?')}' was never awaited"
        for each in list(_listeners):
            each.unawaited(id(coro), message)
        # Warned from here, not through `original`: its stacklevel=2 would name this
        # wrapper; ours names the caller, the program's line that dropped the coroutine.
        # That frame may have no builtins to warn with (a namedtuple's __new__ has none,
        # and a collection can run anywhere): then asyncio's own words, from here.
        try:
            text = _unawaited_text(coro, message)
            warnings.warn(text, RuntimeWarning, stacklevel=2, source=coro)
        except Exception:
            original(coro)

    warnings._warn_unawaited_coroutine = warn_unawaited  # type: ignore[attr-defined]


def _unawaited_text(coro: Any, message: str) -> str:
    """CPython's own words for it, with where the coroutine was made if that is tracked."""
    origin = getattr(coro, "cr_origin", None)
    if not origin:
        return message
    import linecache
    import traceback

    made = [(f, n, fn, linecache.getline(f, n)) for f, n, fn in reversed(origin)]
    lines = [message, "\nCoroutine created at (most recent call last)\n"]
    lines += traceback.format_list(made)
    return "".join(lines).rstrip("\n")
