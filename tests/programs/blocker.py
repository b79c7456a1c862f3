import asyncio
import threading
import time


async def sleeper():
    await asyncio.sleep(0.1)
    time.sleep(10**6)  # <sleeps>


async def waiter():
    await asyncio.sleep(0.2)
    threading.Event().wait()  # <waits>


async def patient():
    await asyncio.sleep(1)
    return "served"


async def main():
    tasks = [
        asyncio.create_task(sleeper(), name="sleeper"),
        asyncio.create_task(waiter(), name="waiter"),
        asyncio.create_task(patient(), name="patient"),
    ]
    done = await asyncio.gather(*tasks, return_exceptions=True)
    return [r if isinstance(r, str) else type(r).__name__ for r in done]
