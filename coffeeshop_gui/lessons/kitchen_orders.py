"""Step 5, ten orders to the kitchen at once: real sockets, one thread, the waits overlapping.

The kitchen is a small server this program starts on this machine (no internet needed):
each order is a line sent over a TCP connection, and the kitchen answers after it has
cooked for a moment. The same ten orders are sent one after another, then all together
with gather, and both are timed on the loop's clock (loop.time()). While an order is out,
its customer waits on a socket: the loop watches it and serves others meanwhile.
"""

import asyncio

from coffeeshop_gui.model.shop import report

ORDERS = 10
COOKING = 0.2  # seconds the kitchen takes per order (it can cook them all at once)


async def kitchen(reader, writer):
    order = await reader.readline()  # the order arrives over the socket
    await asyncio.sleep(COOKING)  # cooking
    writer.write(b"ready: " + order)
    await writer.drain()
    writer.close()
    await writer.wait_closed()


async def order(port, dish):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(dish.encode() + b"\n")
    await writer.drain()
    reply = await reader.readline()  # waiting on a socket: the loop serves others
    writer.close()
    await writer.wait_closed()
    return reply.decode().strip()


async def main():
    server = await asyncio.start_server(kitchen, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    loop = asyncio.get_running_loop()

    start = loop.time()
    for n in range(ORDERS):
        await order(port, f"soup {n}")  # one after another: each waits for the last
    report(f"{ORDERS} orders, one after another", loop.time() - start)

    start = loop.time()
    dishes = [order(port, f"soup {n}") for n in range(ORDERS)]
    await asyncio.gather(*dishes)  # all out at once: the waits overlap
    report(f"{ORDERS} orders, together (gather)", loop.time() - start)

    server.close()
    await server.wait_closed()
