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
