"""What the shop offers a customer's coroutine: order a drink, get a buzzer, await it.

`brew()` is the story's step 2 in code: the order creates a Future (the buzzer) that the
espresso machine (a timer on the loop) sets when the drink is ready.
"""

from __future__ import annotations

import asyncio

MENU: dict[str, float] = {
    "espresso": 1.0,
    "cortado": 1.5,
    "cappuccino": 2.0,
    "latte": 2.5,
    "flat white": 2.0,
    "mocha": 3.0,
    "cold brew": 4.0,
}


def _ready(buzzer: asyncio.Future[str], drink: str) -> None:
    if not buzzer.done():
        buzzer.set_result(drink)


async def brew(drink: str, seconds: float | None = None) -> str:
    """Order `drink`; wait on its buzzer until the machine has brewed it."""
    loop = asyncio.get_running_loop()
    buzzer: asyncio.Future[str] = loop.create_future()
    loop.call_later(MENU.get(drink, 2.0) if seconds is None else seconds, _ready, buzzer, drink)
    return await buzzer


def grind(grams: int) -> int:
    """Python CPU work (grinding beans): no await helps it, and threads take turns at it (the
    GIL); only another core, in another process (or a free-threaded 3.13 build), runs it
    alongside.

    It lives here, in an importable module, so that a process pool can pickle it.
    """
    total = 0
    for i in range(grams * 2_500_000):
        total += i % 7
    return total


def report(label: str, seconds: float) -> None:
    """Put a measured time on the shop's timings board (or print it, outside the shop)."""
    loop = asyncio.get_running_loop()
    note = getattr(loop, "note_measurement", None)
    if note is not None:
        note(label, seconds)
    else:
        print(f"{label}: {seconds:.2f} s")
