import asyncio


async def latte():
    await asyncio.sleep(1)  # <latte-sleep>
    return "latte"


async def cortado():
    await asyncio.sleep(0.5)  # <cortado-sleep>
    return "cortado"


async def espresso():
    return "espresso"


async def mocha():
    return "mocha"


async def main():
    handed_in = asyncio.create_task(latte(), name="latte")  # <hand-in>
    slow = await cortado()  # <await-cortado>: main's step ends inside it
    mocha()  # <drop>
    first = await espresso()  # <await-espresso>: done before the step ends
    second = await espresso()  # another, made just after the first is gone
    return slow, first, second, await handed_in
