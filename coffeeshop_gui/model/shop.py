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
