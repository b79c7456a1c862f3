"""Regulars: each customer stays a while, ordering again and again.

frame_time's rush: still in motion (in line, served, seated, woken) for the frames it
measures, after the seconds it takes to draw ten thousand of them in full.
"""

import asyncio

from coffeeshop_gui.model.shop import brew


async def regular():
    for drink in ("espresso", "latte", "espresso", "cortado", "espresso", "latte"):
        await brew(drink)
        await asyncio.sleep(0.5)  # a sip, then the next order


async def main():
    await asyncio.sleep(0)
