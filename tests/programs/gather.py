import asyncio


async def brew(seconds):
    await asyncio.sleep(seconds)  # <brew-sleep>
    return seconds


async def main():
    results = await asyncio.gather(brew(2), brew(1))  # <gather>
    return results
