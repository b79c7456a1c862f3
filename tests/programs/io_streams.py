"""TCP and Unix-socket streams: a server and its clients in one program."""

import asyncio
import contextlib
import os
import tempfile

THINK = 0.05  # the server thinks this long first: the line has long arrived when it reads


async def serve(reader, writer):
    await asyncio.sleep(THINK)  # <serve-think>
    name = await reader.readline()
    writer.write(b"hello " + name)
    await writer.drain()
    writer.close()
    await writer.wait_closed()  # <serve-closed>


async def ask(reader, writer, name):
    writer.write(name + b"\n")
    await writer.drain()
    reply = await reader.readline()  # <ask-read>
    writer.close()
    await writer.wait_closed()  # <ask-closed>
    return reply.decode().strip()


async def main():
    server = await asyncio.start_server(serve, "127.0.0.1", 0)  # <tcp-server>
    host, port = server.sockets[0].getsockname()[:2]
    reader, writer = await asyncio.open_connection(host, port)  # <tcp-connect>
    tcp = await ask(reader, writer, b"tcp")  # <tcp-ask>
    server.close()
    path = os.path.join(tempfile.mkdtemp(), "shop.sock")
    server = await asyncio.start_unix_server(serve, path)  # <unix-server>
    reader, writer = await asyncio.open_unix_connection(path)  # <unix-connect>
    unix = await ask(reader, writer, b"unix")  # <unix-ask>
    server.close()
    with contextlib.suppress(FileNotFoundError):  # 3.13's unix server removes it on close
        os.unlink(path)
    return [tcp, unix]
