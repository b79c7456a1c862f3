"""More ways to wait on the outside world, each named on the card in asyncio's words."""

import asyncio
import os
import socket
import sys
import time

HOLD = 0.2  # each wait's other end answers after this long


async def receive(left):
    loop = asyncio.get_running_loop()
    return await loop.sock_recv(left, 10)  # <sock_recv>


async def accept(server):
    loop = asyncio.get_running_loop()
    client, _ = await loop.sock_accept(server)  # <sock_accept>
    client.close()


async def talk():
    code = f"import sys, time; time.sleep({HOLD}); print(sys.stdin.read())"
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", code, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE
    )
    out, _ = await proc.communicate(b"hello")  # <communicate>
    return proc.pid, out


async def pipe_read(read_end):
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    transport, _ = await loop.connect_read_pipe(
        lambda: asyncio.StreamReaderProtocol(reader), os.fdopen(read_end, "rb")
    )
    try:
        return await reader.readline()  # <pipe_readline>
    finally:
        transport.close()


async def hang_up(writer):
    writer.close()
    await writer.wait_closed()  # <wait_closed>


async def cook():
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, time.sleep, HOLD)  # <executor>


async def main():
    loop = asyncio.get_running_loop()
    left, right = socket.socketpair()
    left.setblocking(False)
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.setblocking(False)
    read_end, write_end = os.pipe()
    shop = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    _reader, writer = await asyncio.open_connection(*shop.sockets[0].getsockname())
    fds = left.fileno(), server.fileno(), read_end
    tasks = [
        asyncio.create_task(receive(left), name="receive"),
        asyncio.create_task(accept(server), name="accept"),
        asyncio.create_task(talk(), name="talk"),
        asyncio.create_task(pipe_read(read_end), name="pipe"),
        asyncio.create_task(hang_up(writer), name="hang_up"),
        asyncio.create_task(cook(), name="cook"),
    ]
    await asyncio.sleep(HOLD)
    right.send(b"hi")
    os.write(write_end, b"line\n")
    client = socket.socket()
    client.setblocking(False)
    await loop.sock_connect(client, server.getsockname())
    got, _, (pid, out), line, _, _ = await asyncio.gather(*tasks)
    for s in (left, right, server, client):
        s.close()
    os.close(write_end)
    shop.close()
    return fds, pid, got, out, line
