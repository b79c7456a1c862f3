import asyncio


async def work():
    await asyncio.sleep(1)  # <work>
    return "done"


async def main():
    helper = asyncio.create_task(work())
    helper.set_name("barista")
    return await helper  # <await-helper>
