import asyncio


async def barista(machine, n):
    async with machine:  # <acquire>
        await asyncio.sleep(1)  # <use>
    return n


async def main():
    machine = asyncio.Semaphore(1)
    return await asyncio.gather(*(barista(machine, n) for n in range(3)))  # <gather>
