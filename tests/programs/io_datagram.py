"""A datagram (UDP) echo server and a client that waits for its reply."""

import asyncio


class Echo(asyncio.DatagramProtocol):
    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, addr):
        self.transport.sendto(data.upper(), addr)


class Client(asyncio.DatagramProtocol):
    def __init__(self, reply):
        self.reply = reply

    def datagram_received(self, data, addr):
        self.reply.set_result(data)


async def main():
    loop = asyncio.get_running_loop()
    local = ("127.0.0.1", 0)
    server, _ = await loop.create_datagram_endpoint(Echo, local_addr=local)  # <udp-server>
    reply = loop.create_future()
    client, _ = await loop.create_datagram_endpoint(  # <udp-client>
        lambda: Client(reply), remote_addr=server.get_extra_info("sockname")
    )
    client.sendto(b"ping")
    data = await reply  # <udp-reply>
    client.close()
    server.close()
    return data
