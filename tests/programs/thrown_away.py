import asyncio
import gc


async def forever():
    await asyncio.Event().wait()  # <wait>: nothing else holds the Event, or this task


async def main():
    kept = asyncio.create_task(forever(), name="kept")
    for number in range(2):
        asyncio.create_task(forever(), name=f"dropped {number}")  # noqa: RUF006 <drop>: the lesson
    await asyncio.sleep(0.1)
    gc.collect()  # what a busy program's allocations would do, sooner or later
    await asyncio.sleep(0.1)
    kept.cancel()
