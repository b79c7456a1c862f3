"""A crowd in which every other customer drops the cup: faults too many to draw large."""

from coffeeshop_gui.model.shop import brew


async def regular():
    return await brew("espresso")


async def clumsy():
    await brew("espresso")
    raise ValueError("dropped the cup")


async def main():
    return await regular()
