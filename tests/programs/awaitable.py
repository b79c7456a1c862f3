import asyncio


class Buzzer:
    """A hand-written awaitable: its __await__ yields a Future up to the Task."""

    def __init__(self):
        self.future = asyncio.get_running_loop().create_future()

    def __await__(self):
        value = yield from self.future  # <buzzer-yield>
        return value


async def main():
    buzzer = Buzzer()
    asyncio.get_running_loop().call_later(2, buzzer.future.set_result, "latte")
    return await buzzer  # <await-buzzer>
