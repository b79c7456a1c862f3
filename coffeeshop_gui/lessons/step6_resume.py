"""Step 6, the buzzer lights: the Future is done, the wake-up is queued, the value comes back."""

import asyncio

from coffeeshop_gui.model.shop import brew


async def customer(name, drink):
    coffee = await brew(drink)  # resumes here, and `coffee` is what the Future was set to
    return f"{name} drinks a {coffee}"


async def main():
    ada = asyncio.create_task(customer("Ada", "cortado"), name="Ada")
    ben = asyncio.create_task(customer("Ben", "espresso"), name="Ben")
    return await asyncio.gather(ada, ben)
