"""A reader that takes one byte per readiness: three bytes, three turns at the counter."""

import asyncio
import socket

PAIR = socket.socketpair()  # the test writes to PAIR[1]


async def main():
    loop = asyncio.get_running_loop()
    left = PAIR[0]
    left.setblocking(False)
    got = []
    readable = loop.create_future()

    def on_readable():
        got.append(left.recv(1))
        if len(got) == 3:
            loop.remove_reader(left)
            readable.set_result(b"".join(got))

    loop.add_reader(left, on_readable)
    return await readable  # <read>
