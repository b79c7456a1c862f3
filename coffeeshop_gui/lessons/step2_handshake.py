"""Step 2, the order slip and the buzzer: `await` hands a Future to the Task, not to the loop."""

import asyncio


def light(buzzer, drink):
    # Only a pending buzzer can be lit: if Ada was cancelled (dragged to the door), her
    # buzzer is already done, and set_result() would raise InvalidStateError. asyncio.sleep
    # guards its own timer the same way.
    if not buzzer.done():
        buzzer.set_result(drink)


async def order(drink, seconds):
    loop = asyncio.get_running_loop()
    buzzer = loop.create_future()  # the buzzer: a Future, made here, pending (dark)
    loop.call_later(seconds, light, buzzer, drink)  # the machine will light it
    return await buzzer  # Future.__await__ yields the buzzer to Ada's Task, which keeps it


async def main():
    ada = asyncio.create_task(order("latte", 3), name="Ada")
    return await ada
