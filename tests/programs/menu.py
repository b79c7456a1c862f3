import asyncio

from coffeeshop_gui.model.shop import brew, report


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    drinks = [await brew("latte"), await brew("a drink not on the menu")]
    drinks.append(await brew("espresso", seconds=0.25))
    report("three drinks", loop.time() - start)
    report("a fine measurement", 1.23456789)
    return drinks
