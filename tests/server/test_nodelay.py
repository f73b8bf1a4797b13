"""How the office server keeps its connections. Its listening socket says it is TCP, so asyncio turns Nagle's
algorithm off on every connection it accepts (TCP_NODELAY). Left at protocol 0 it did not: every answer on a
kept-alive connection after the first waited for the client's delayed ACK, ~40 ms a request (a page of 100
invoices: 48 ms instead of 4 over httpx). And it keeps an idle connection longer than any client does."""

from __future__ import annotations

import asyncio
import socket

from desktop_app.server.run import bind


def test_accepted_connections_have_nagle_off():
    listener = bind("127.0.0.1", 0)
    port = listener.getsockname()[1]
    assert listener.proto == socket.IPPROTO_TCP

    async def scenario() -> int:
        seen: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        def accepted(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            sock = writer.get_extra_info("socket")
            seen.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        server = await asyncio.start_server(accepted, sock=listener)
        async with server:
            _reader, writer = await asyncio.open_connection("127.0.0.1", port)
            try:
                return await asyncio.wait_for(seen, 10)
            finally:
                writer.close()

    assert asyncio.run(scenario()) != 0


def test_the_server_keeps_idle_connections_longer_than_clients_do():
    """An idle kept-alive connection must be closed by the client (httpx: after 5 s), never by the server at the same
    moment: uvicorn's default of 5 s raced a desk's next request into "connection reset by peer"."""
    import httpx

    from desktop_app.server.run import ServeOptions, uvicorn_config

    config = uvicorn_config(object(), ServeOptions())
    client_expiry = httpx.Limits().keepalive_expiry
    assert client_expiry is not None and config.timeout_keep_alive >= 10 * client_expiry
