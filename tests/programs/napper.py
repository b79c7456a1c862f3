import asyncio
import contextlib


async def nap():
    await asyncio.sleep(5)  # <nap>


async def main():
    napper = asyncio.create_task(nap(), name="napper")
    await asyncio.sleep(1)  # <wait>
    napper.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await napper
    return "woke the napper"
