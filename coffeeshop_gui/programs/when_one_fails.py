"""When one customer fails: the exception goes to whoever awaits that task.

`gather` passes the first exception on to main and leaves the other customers running.
A `TaskGroup` (Python 3.11+) cancels the others, and raises them all as an ExceptionGroup.
"""

import asyncio

from coffeeshop_gui.model.shop import brew


async def spill(drink):
    await brew(drink)
    raise ValueError(f"spilled the {drink}")  # fails this customer, and reaches its awaiter


async def sip(drink):
    return await brew(drink)


async def with_gather():
    ada = asyncio.create_task(spill("espresso"), name="Ada")
    ben = asyncio.create_task(sip("mocha"), name="Ben")
    try:
        await asyncio.gather(ada, ben)  # Ada's ValueError comes out here, at 1 s
    except ValueError as error:
        print(f"gather passed on: {error!r}; Ben goes on")
    return await ben  # Ben was left running: his mocha is done at 3 s


async def with_task_group():
    if not hasattr(asyncio, "TaskGroup"):
        return "TaskGroup needs Python 3.11"
    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(spill("espresso"), name="Cy")
            group.create_task(sip("mocha"), name="Di")  # cancelled when Cy fails
    except Exception as errors:  # an ExceptionGroup holding Cy's ValueError
        return f"TaskGroup raised {errors!r}; Di was cancelled"


async def main():
    return [await with_gather(), await with_task_group()]
