import asyncio


async def spinner():
    turns = 0
    while True:  # <loop>
        turns += 1  # <never-awaits>


async def main():
    runaway = asyncio.create_task(spinner(), name="spinner")
    try:
        await runaway
    except RuntimeError as error:
        return type(error).__name__
