import asyncio


async def latte():
    await asyncio.sleep(1)  # <latte-sleep>
    return "latte"


async def espresso():
    return "espresso"


async def mocha():
    return "mocha"


async def main():
    handed_in = asyncio.create_task(latte(), name="latte")  # <hand-in>
    awaited = await espresso()  # <await-espresso>
    mocha()  # <drop>
    return awaited, await handed_in
