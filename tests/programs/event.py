import asyncio


async def waiter(doors_open):
    await doors_open.wait()  # <wait>
    return "in"


async def opener(doors_open):
    await asyncio.sleep(2)  # <open-sleep>
    doors_open.set()
    return "opened"


async def main():
    doors_open = asyncio.Event()
    return await asyncio.gather(waiter(doors_open), opener(doors_open))  # <gather>
