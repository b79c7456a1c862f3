"""Step 2, the order slip and the buzzer: `await` passes a Future up to the loop."""

import asyncio


async def order(drink, seconds):
    loop = asyncio.get_running_loop()
    buzzer = loop.create_future()  # the buzzer: a Future, pending (dark)
    loop.call_later(seconds, buzzer.set_result, drink)  # the machine will light it
    return await buzzer  # Future.__await__ yields the buzzer up through the Task to the loop


async def main():
    ada = asyncio.create_task(order("latte", 3), name="Ada")
    return await ada
