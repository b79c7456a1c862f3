import asyncio


async def slow_order():
    await asyncio.sleep(10)  # <slow>
    return "too late"


async def main():
    try:
        await asyncio.wait_for(slow_order(), timeout=1)  # <wait-for>
    except asyncio.TimeoutError:
        return "gave up"
    return "served"
