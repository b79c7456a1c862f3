import asyncio


async def espresso():
    await asyncio.sleep(2)
    return "espresso"


async def regular():
    while True:
        await asyncio.sleep(1.5)


BUZZERS = []  # held here: a task awaiting a Future nothing else holds is garbage-collected


async def waits_for_a_buzzer():
    buzzer = asyncio.get_running_loop().create_future()
    BUZZERS.append(buzzer)
    return await buzzer


async def stubborn():
    try:
        await asyncio.sleep(60)
    except asyncio.CancelledError:
        await asyncio.sleep(0.5)  # cleans up before it leaves
        raise


async def sour():
    await asyncio.sleep(1)
    raise ValueError("sour milk")


async def main():
    await asyncio.gather(regular(), waits_for_a_buzzer(), return_exceptions=True)
