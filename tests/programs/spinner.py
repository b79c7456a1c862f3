import asyncio


async def spin(turns):
    for _ in range(turns):
        await asyncio.sleep(0)  # <yield>
    return turns


async def main():
    return await asyncio.gather(*(spin(5) for _ in range(3)))  # <gather>
