import asyncio


async def sitter():
    try:
        await asyncio.sleep(100)  # <sit>
    except asyncio.CancelledError:
        await asyncio.sleep(0.5)  # <clean-up>
        raise


async def main():
    guest = asyncio.create_task(sitter(), name="sitter")
    await asyncio.sleep(1)  # <before-cancel>
    guest.cancel()
    try:
        await guest  # <await-cancelled>
    except asyncio.CancelledError:
        return "cancelled"
