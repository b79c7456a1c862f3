"""A rush that leaves early while main goes on: the past shows it by the door, then gone."""

import asyncio


async def quick():
    await asyncio.sleep(0.1)  # one wait, then out


async def main():
    for _ in range(40):
        await asyncio.sleep(0.25)  # steps on, long after the rush has left
