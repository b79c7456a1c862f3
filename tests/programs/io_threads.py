"""Work handed to threads: asyncio.to_thread and loop.run_in_executor."""

import asyncio
import time


def grind(seconds):
    time.sleep(seconds)
    return "ground"


async def main():
    loop = asyncio.get_running_loop()
    first = await asyncio.to_thread(grind, 0.05)  # <to-thread>
    second = await loop.run_in_executor(None, grind, 0.05)  # <executor>
    return [first, second]
