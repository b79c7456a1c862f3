"""Three customers, one cashier: each orders, sits down with a buzzer, and comes back.

Every customer is a real asyncio Task. `brew(...)` makes a buzzer (a Future) and awaits
it: the customer's Task hangs its wake-up on it, and the customer sits down until the
espresso machine (a timer) lights it.
The drinks below can be dragged into the shop while it runs.
"""

import asyncio

from coffeeshop_gui.model.shop import brew


async def customer(name, drinks):
    finished = []
    for drink in drinks:
        coffee = await brew(drink)  # a buzzer: sit down
        await asyncio.sleep(1.5)  # enjoy it
        finished.append(coffee)
    return f"{name} had {', '.join(finished)}"


async def espresso():
    """Quick: 1 s at the machine."""
    return await brew("espresso")


async def latte():
    """2.5 s at the machine, then 2 s at a table."""
    coffee = await brew("latte")
    await asyncio.sleep(2)
    return coffee


async def cold_brew():
    """4 s at the machine; if cancelled, hands the buzzer back first."""
    try:
        return await brew("cold brew")
    except asyncio.CancelledError:
        await asyncio.sleep(0.5)  # clean up: hand the buzzer back
        raise


async def main():
    ada = asyncio.create_task(customer("Ada", ["latte", "espresso"]), name="Ada")
    ben = asyncio.create_task(customer("Ben", ["espresso", "mocha"]), name="Ben")
    cy = asyncio.create_task(customer("Cy", ["cold brew"]), name="Cy")
    return await asyncio.gather(ada, ben, cy)
