import asyncio


async def producer(queue):
    for item in range(3):
        await asyncio.sleep(1)  # <produce>
        await queue.put(item)  # <put>
    await queue.put(None)  # <put-end>


async def consumer(queue):
    got = []
    while True:
        item = await queue.get()  # <get>
        if item is None:
            return got
        got.append(item)


async def main():
    queue = asyncio.Queue(maxsize=1)
    made = asyncio.create_task(producer(queue), name="producer")
    eaten = asyncio.create_task(consumer(queue), name="consumer")
    await made  # <await-producer>
    return await eaten  # <await-consumer>
