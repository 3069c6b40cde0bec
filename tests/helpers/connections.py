"""Raw TCP connections to a server under test: what it sends before it closes one."""

from __future__ import annotations

import asyncio
import contextlib

CLOSED_WITHIN = 10.0  # generous: the limits the tests set are half a second


async def closed(reader: asyncio.StreamReader) -> bytes:
    """Everything the server sends until it closes the connection."""
    async with asyncio.timeout(CLOSED_WITHIN):
        return await reader.read()


async def sent_then_closed(port: int, data: bytes) -> bytes:
    """Sends `data` on a new connection; what came back once the server closed it."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(data)
        return await closed(reader)
    finally:
        writer.close()
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()


async def beyond_the_cap(port: int, cap: int, path: str) -> tuple[bytes, bytes]:
    """Holds `cap` connections open and GETs `path` on one more, then lets them go and GETs it
    again: what came back each time (b"" for a connection closed unanswered)."""
    held = [await asyncio.open_connection("127.0.0.1", port) for _ in range(cap)]
    await asyncio.sleep(0.2)  # all accepted
    over = await sent_then_closed(port, f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    for _, writer in held:
        writer.close()
        await writer.wait_closed()
    await asyncio.sleep(0.2)
    request = f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode()
    return over, await sent_then_closed(port, request)
