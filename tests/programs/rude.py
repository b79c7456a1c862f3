import asyncio
import time


async def rude():
    await asyncio.sleep(1)
    time.sleep(0.4)  # <blocking-call>
    return "finally"


async def polite():
    await asyncio.sleep(2)  # <polite-sleep>
    return "thanks"


async def main():
    return await asyncio.gather(rude(), polite())
