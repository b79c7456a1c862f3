"""Step 1, the menu: `async def` is a recipe. Calling it writes an order slip and runs nothing."""

import asyncio

from coffeeshop_gui.model.shop import brew


async def latte(name):
    drink = await brew("latte")  # runs only once the slip is handed in
    return f"{drink} for {name}"


async def main():
    slip = latte("Ada")  # a coroutine object: an order slip; no line of latte() has run
    await asyncio.sleep(2)  # look: the slip is in main's hand, nothing is marked in latte()
    ada = asyncio.create_task(slip, name="Ada")  # handed in: now a Task, Ada joins the line
    forgotten = latte("Bo")  # a second slip that nobody hands in...
    del forgotten  # ...is thrown away: Python warns it was never awaited
    return await ada
