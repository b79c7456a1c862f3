import asyncio
import time


class Stubborn:
    def __repr__(self):
        time.sleep(10**6)  # <repr>
        return "never"


async def holder():
    thing = Stubborn()
    await asyncio.sleep(1)  # <holds>
    return repr(type(thing).__name__)


async def main():
    return await asyncio.create_task(holder(), name="holder")
