"""The bounds `python -m app` serves with: a header deadline and a connection cap that sheds
idle connections first (app/core/connections.py), on a real uvicorn server."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
import uvicorn
from starlette.types import Receive, Scope, Send

from app.core import connections
from app.core.connections import BoundedH11Protocol


async def hello(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] != "http":
        return
    while (await receive()).get("more_body"):  # the whole body first, as routes read it
        pass
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"ok"})


@asynccontextmanager
async def serving() -> AsyncIterator[int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    config = uvicorn.Config(
        hello,
        host="127.0.0.1",
        port=port,
        http=BoundedH11Protocol,
        lifespan="off",
        log_config=None,
        timeout_graceful_shutdown=1,  # a test that fails leaves connections open
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    for _ in range(500):  # uvicorn offers no start-up event to wait on
        if server.started:
            break
        await asyncio.sleep(0.01)
    try:
        yield port
    finally:
        server.should_exit = True
        await task


async def closed_by_server(reader: asyncio.StreamReader, within: float) -> bool:
    try:
        return await asyncio.wait_for(reader.read(), within) == b""
    except (TimeoutError, ConnectionResetError):
        return False


async def get(port: int) -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
    body = await asyncio.wait_for(reader.read(), 5)
    writer.close()
    return body


def test_silent_and_dripping_connections_are_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(connections, "HEADER_TIMEOUT_SECONDS", 0.3)

    async def scenario() -> None:
        async with serving() as port:
            silent, _ = await asyncio.open_connection("127.0.0.1", port)
            dripping, drip_writer = await asyncio.open_connection("127.0.0.1", port)
            drip_writer.write(b"GET / HTTP/1.1\r\nHost: t\r\n")  # and never the blank line
            assert await closed_by_server(silent, within=3)
            assert await closed_by_server(dripping, within=3)
            assert (await get(port)).startswith(b"HTTP/1.1 200")

    asyncio.run(scenario())


def test_a_dripping_body_is_cut_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(connections, "BODY_TIMEOUT_SECONDS", 0.3)

    async def scenario() -> None:
        async with serving() as port:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(b"POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n12")
            assert await closed_by_server(reader, within=3)
            # A body sent in time is answered, and the connection then waits for the next one.
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(b"POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\n12")
            assert (await asyncio.wait_for(reader.readuntil(b"ok"), 3)).startswith(b"HTTP/1.1 200")
            await asyncio.sleep(0.5)  # past BODY_TIMEOUT_SECONDS: that deadline is gone
            writer.write(b"GET / HTTP/1.1\r\nHost: t\r\n\r\n")
            assert b"HTTP/1.1 200" in await asyncio.wait_for(reader.readuntil(b"ok"), 3)
            writer.close()

    asyncio.run(scenario())


def test_past_the_cap_the_oldest_idle_connection_is_shed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(BoundedH11Protocol, "max_connections", 3)

    async def scenario() -> None:
        async with serving() as port:
            idle = [await asyncio.open_connection("127.0.0.1", port) for _ in range(3)]
            await asyncio.sleep(0.1)
            # A fourth client is served, and the first idle connection pays for it.
            assert (await get(port)).startswith(b"HTTP/1.1 200")
            assert await closed_by_server(idle[0][0], within=3)
            for _, writer in idle:
                writer.close()

    asyncio.run(scenario())


def test_the_cap_fits_the_open_file_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    resource = pytest.importorskip("resource")
    monkeypatch.setattr(BoundedH11Protocol, "max_connections", connections.MAX_CONNECTIONS)
    raised: list[tuple[int, int]] = []
    monkeypatch.setattr(resource, "setrlimit", lambda _which, limits: raised.append(limits))
    # A hard limit of 1000 files: raised to it, and the cap shrinks to fit below it.
    monkeypatch.setattr(resource, "getrlimit", lambda _which: (100, 1000))
    assert connections.fit_to_open_file_limit() == 1000 - connections.BACKLOG - 256
    assert raised == [(1000, 1000)]
    # Room for every connection: the cap stays, after raising the soft limit to fit it.
    monkeypatch.setattr(BoundedH11Protocol, "max_connections", connections.MAX_CONNECTIONS)
    monkeypatch.setattr(resource, "getrlimit", lambda _which: (1024, 1_000_000))
    assert connections.fit_to_open_file_limit() == connections.MAX_CONNECTIONS
    assert raised[-1] == (connections.MAX_CONNECTIONS + connections.BACKLOG + 256, 1_000_000)
