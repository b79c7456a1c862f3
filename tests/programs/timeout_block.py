import asyncio


async def main():
    try:
        async with asyncio.timeout(1):
            await asyncio.sleep(5)  # <sleep-in-timeout>
    except TimeoutError:
        return "timed out"
    return "served"
