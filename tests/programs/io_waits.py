"""Four customers, each waiting on the outside world its own way: the card's words."""

import asyncio
import sys
import time

BIG = 8 * 1024 * 1024  # more than a socket's buffers hold: drain waits for the reader
HOLD = 0.3  # the kitchen reads nothing this long, the child and the thread take as long


async def kitchen(reader, writer):
    await asyncio.sleep(HOLD)  # <hold>
    await reader.readexactly(BIG)
    writer.write(b"got it\n")
    await writer.drain()
    writer.close()


async def listen(reader):
    return await reader.readline()  # <readline>


async def pour(writer):
    writer.write(b"x" * BIG)
    await writer.drain()  # <drain>


async def child():
    nap = f"import time; time.sleep({HOLD})"
    proc = await asyncio.create_subprocess_exec(sys.executable, "-c", nap)
    return proc.pid, await proc.wait()  # <wait>


async def main():
    server = await asyncio.start_server(kitchen, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    fd = writer.get_extra_info("socket").fileno()
    tasks = [
        asyncio.create_task(listen(reader), name="listen"),
        asyncio.create_task(pour(writer), name="pour"),
        asyncio.create_task(child(), name="child"),
        asyncio.create_task(asyncio.to_thread(time.sleep, HOLD), name="thread"),
    ]
    heard, _, (pid, code), _ = await asyncio.gather(*tasks)
    writer.close()
    server.close()
    return fd, pid, heard, code
