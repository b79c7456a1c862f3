import asyncio


async def grind():
    await asyncio.sleep(1)  # <grind-sleep>
    return "ground"


async def make_coffee():
    beans = await grind()  # <make-grind>
    return f"coffee from {beans} beans"


async def main():
    return await make_coffee()  # <main-make>
