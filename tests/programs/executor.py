import asyncio
import time


def grind_beans(seconds):
    time.sleep(seconds)
    return "ground"


async def main():
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, grind_beans, 0.2)  # <executor>
