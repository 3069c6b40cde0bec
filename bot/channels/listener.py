"""A server's sockets: a cap on connections, and no connection held open for nothing.

aiohttp bounds a request's size but, left to its defaults, not its time: a client that sends
half its headers, half its body, or nothing at all after a request keeps a connection (and a
file descriptor) for an hour. Here:
- a connection that has sent no complete request head within `idle_seconds` of connecting or of
  its last answer is closed (aiohttp's keep-alive timeout, which also runs before the first
  request, covers both partial headers and idle keep-alives);
- a webhook body must arrive within its own timeout (telegram/webhook.py: BODY_SECONDS);
- at most `cap` connections at once: one more is closed as soon as it is accepted, unanswered,
  so a flood of connections costs a few microseconds each and never a file descriptor for long.
"""

from __future__ import annotations

import asyncio
import socket

from aiohttp import web

IDLE_SECONDS = 10.0


class _Refused(asyncio.Protocol):
    """A connection over the cap: closed at once."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        transport.close()


class _Counted(asyncio.Protocol):
    """One of aiohttp's connections, counted while open."""

    def __init__(self, inner: asyncio.Protocol, listener: Listener) -> None:
        self._inner = inner
        self._listener = listener

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._inner.connection_made(transport)

    def connection_lost(self, exc: Exception | None) -> None:
        self._listener.open_connections -= 1
        self._inner.connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        self._inner.data_received(data)

    def eof_received(self) -> bool | None:
        return self._inner.eof_received()

    def pause_writing(self) -> None:
        self._inner.pause_writing()

    def resume_writing(self) -> None:
        self._inner.resume_writing()


class Listener:
    """Listens on host:port for `runner`'s application, at most `cap` connections at once."""

    def __init__(self, runner: web.AppRunner, cap: int) -> None:
        self._runner = runner
        self.cap = cap
        self.open_connections = 0
        self._server: asyncio.Server | None = None

    def _connection(self) -> asyncio.Protocol:
        if self.open_connections >= self.cap:
            return _Refused()
        server = self._runner.server
        if server is None:  # the runner is set up before listening: never
            return _Refused()
        self.open_connections += 1
        return _Counted(server(), self)

    async def start(self, host: str, port: int) -> None:
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(
            self._connection, host, port, family=socket.AF_UNSPEC, reuse_address=True
        )

    @property
    def port(self) -> int:
        """The port listened on (the one chosen, when asked for port 0)."""
        if self._server is None or not self._server.sockets:
            return 0
        return int(self._server.sockets[0].getsockname()[1])

    def stop_listening(self) -> None:
        """Accepts no new connection; those open are left to finish."""
        if self._server is not None:
            self._server.close()
