import asyncio


async def order(seconds):
    await asyncio.sleep(seconds)  # <order-sleep>
    return seconds


async def main():
    async with asyncio.TaskGroup() as tg:  # <tg-with>
        tg.create_task(order(1), name="first")
        tg.create_task(order(2), name="second")
    return "all served"
