"""The loop's low-level socket calls (sock_*) and add_reader / add_writer."""

import asyncio
import socket

THINK = 0.05  # the client thinks this long before it speaks: the server surely waits


async def server(loop, listener):
    conn, _ = await loop.sock_accept(listener)  # <accept>
    with conn:
        data = await loop.sock_recv(conn, 100)  # <recv>
        await loop.sock_sendall(conn, data.upper())


async def client(loop, address):
    with socket.socket() as sock:
        sock.setblocking(False)
        await loop.sock_connect(sock, address)  # <connect>
        await asyncio.sleep(THINK)  # <think>
        await loop.sock_sendall(sock, b"ping")
        return await loop.sock_recv(sock, 100)  # <reply>


async def watch_a_pair(loop):
    left, right = socket.socketpair()
    left.setblocking(False)
    readable = loop.create_future()

    def on_readable():
        loop.remove_reader(left)
        readable.set_result(left.recv(100))

    loop.add_reader(left, on_readable)
    loop.call_later(THINK, right.send, b"x")
    data = await readable  # <reader>
    writable = loop.create_future()

    def on_writable():
        loop.remove_writer(right)
        writable.set_result(True)

    loop.add_writer(right, on_writable)
    await writable  # <writer>
    left.close()
    right.close()
    return data


async def main():
    loop = asyncio.get_running_loop()
    with socket.create_server(("127.0.0.1", 0)) as listener:
        listener.setblocking(False)
        address = listener.getsockname()
        served = asyncio.create_task(server(loop, listener), name="server")
        reply = await client(loop, address)  # <client>
        await served  # <served>
    return [reply, await watch_a_pair(loop)]  # <pair>
