import asyncio


async def nap(seconds):
    await asyncio.sleep(seconds)  # <nap>


async def main():
    await asyncio.gather(nap(60), nap(30))  # <gather>
