"""Step 3, go sit down: a suspended coroutine keeps its frame, its line and its locals."""

import asyncio

from coffeeshop_gui.model.shop import brew


async def customer(name, drinks):
    tab = 0.0
    for drink in drinks:
        price = 3.5 if drink == "latte" else 2.0
        tab += price
        coffee = await brew(drink)  # the frame is saved here: name, drink, price, tab
        await asyncio.sleep(1)  # and here, with `coffee` in hand too
    return f"{name} paid {tab:.2f} for {len(drinks)} drinks, last a {coffee}"


async def main():
    ada = asyncio.create_task(customer("Ada", ["latte", "espresso"]), name="Ada")
    ben = asyncio.create_task(customer("Ben", ["espresso"]), name="Ben")
    return await asyncio.gather(ada, ben)
