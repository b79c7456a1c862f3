"""Step 3, go sit down: a suspended coroutine keeps its frame, its line and its locals.

Only an await of something not done yet gives the loop back: `price_of()` returns at once,
so awaiting it never lets Ben in.
"""

import asyncio

from coffeeshop_gui.model.shop import brew


async def price_of(drink):
    return 3.5 if drink == "latte" else 2.0  # no await inside: it returns at once


async def customer(name, drinks):
    tab = 0.0
    for drink in drinks:
        price = await price_of(drink)  # never suspends: nothing pending, the cashier stays
        tab += price
        coffee = await brew(drink)  # the frame is saved here: name, drink, price, tab
        await asyncio.sleep(1)  # and here, with `coffee` in hand too
    return f"{name} paid {tab:.2f} for {len(drinks)} drinks, last a {coffee}"


async def main():
    ada = asyncio.create_task(customer("Ada", ["latte", "espresso"]), name="Ada")
    ben = asyncio.create_task(customer("Ben", ["espresso"]), name="Ben")
    return await asyncio.gather(ada, ben)
