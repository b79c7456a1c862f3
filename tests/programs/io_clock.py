"""The shop clock and the outside world: a slow peer's reply, an idle server, a long sleep.

The peer is a plain thread with a blocking socket: it answers 0.2 s (real) after it is
asked. Skipping waits must not jump past that reply to the 30 s timeout; with nothing
open, the two minute-long sleeps are skipped, even while a server listens.
"""

import asyncio
import socket
import threading
import time

REPLY_AFTER = 0.2


def slow_peer(listener):
    conn, _ = listener.accept()
    with conn:
        conn.recv(100)
        time.sleep(REPLY_AFTER)
        conn.sendall(b"pong\n")


async def nobody_calls(reader, writer):
    writer.close()


async def main():
    listener = socket.create_server(("127.0.0.1", 0))
    threading.Thread(target=slow_peer, args=(listener,), daemon=True).start()
    reader, writer = await asyncio.open_connection(*listener.getsockname())  # <connect>
    writer.write(b"ping\n")
    reply = await asyncio.wait_for(reader.readline(), timeout=30)  # <reply>
    writer.close()
    await writer.wait_closed()  # <closed>
    listener.close()
    await asyncio.sleep(60)  # <nothing-open>
    server = await asyncio.start_server(nobody_calls, "127.0.0.1", 0)  # <server>
    await asyncio.sleep(60)  # <idle-server>
    server.close()
    return reply.decode().strip()
