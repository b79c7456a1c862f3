import asyncio
import sys


async def quitter():
    await asyncio.sleep(0.5)
    sys.exit("bye")  # <exit>


async def stayer():
    await asyncio.sleep(1.5)
    return "still here"


async def main():
    q = asyncio.create_task(quitter(), name="quitter")
    s = asyncio.create_task(stayer(), name="stayer")
    return await s, q.done()
