import asyncio


async def job(seconds):
    await asyncio.sleep(seconds)  # <job-sleep>
    return seconds


async def main():
    order = []
    for next_done in asyncio.as_completed([job(3), job(1), job(2)]):
        order.append(await next_done)  # <as-completed>
    return order
