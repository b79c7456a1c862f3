import asyncio
import time

from coffeeshop_gui.model.shop import brew


async def regular():
    return await brew("espresso")  # <regular>


async def clumsy():
    await brew("espresso")
    raise ValueError("dropped the cup")  # <raise>


async def impatient():
    return await asyncio.wait_for(brew("cold brew"), timeout=1)  # <timeout>


async def lingerer():
    await asyncio.sleep(60)  # <linger>


async def rude():
    await brew("espresso")
    time.sleep(0.4)  # <block>: twice the watchdog's notice, so a busy machine still sees it


async def main():
    await asyncio.sleep(0)
