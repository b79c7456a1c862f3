"""Step 7, the bottom line: hundreds of customers, one cashier, one thread."""

import asyncio
import random

from coffeeshop_gui.model.shop import MENU, brew

CUSTOMERS = 300


async def regular(drink):
    return await brew(drink, MENU[drink] * random.uniform(1, 3))


async def main():
    random.seed(6)
    drinks = [random.choice(list(MENU)) for _ in range(CUSTOMERS)]
    served = await asyncio.gather(*(regular(d) for d in drinks))
    return f"{len(served)} served by one cashier on one thread"
