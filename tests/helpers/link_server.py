"""A local web server with one of every kind of link the checker must tell apart.

It listens on 127.0.0.1 only and records every request (method, host, path, User-Agent) and the
most requests it ever served at once, per host and in total, so tests can check both what the
checker concluded and what it actually sent.

Paths: /ok, /head-refused (405 to HEAD), /head-reset (drops HEAD), /chain/N (N redirects, then
200), /loop-a <-> /loop-b, /missing (404), /error (500), /slow (answers after SLOW seconds),
/hang (never answers while the test runs), /busy (answers after BUSY seconds), /redirect?to=URL
(a redirect to anywhere).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import pytest
from aiohttp import web
from aiohttp.typedefs import Handler

HOST = "links.test"  # a reserved name (RFC 6761): tests map it to 127.0.0.1 themselves
SLOW = 0.3
BUSY = 0.1


@dataclass(frozen=True, slots=True)
class Seen:
    method: str
    host: str
    path: str
    user_agent: str


@dataclass
class LinkServer:
    port: int
    requests: list[Seen] = field(default_factory=list)
    peak: Counter[str] = field(default_factory=Counter)  # most at once, per host and "*"
    _active: Counter[str] = field(default_factory=Counter)
    _stop: asyncio.Event = field(default_factory=asyncio.Event)

    def url(self, path: str, host: str = HOST) -> str:
        return f"http://{host}:{self.port}{path}"

    def hits(self, path: str) -> list[str]:
        """The methods of the requests for `path`, in order."""
        return [r.method for r in self.requests if r.path == path]

    @web.middleware
    async def record(
        self,
        request: web.Request,
        handler: Handler,
    ) -> web.StreamResponse:
        host = request.headers.get("Host", "").rsplit(":", 1)[0]
        self.requests.append(
            Seen(request.method, host, request.path, request.headers.get("User-Agent", ""))
        )
        for key in (host, "*"):
            self._active[key] += 1
            self.peak[key] = max(self.peak[key], self._active[key])
        try:
            response: web.StreamResponse = await handler(request)
            return response
        finally:
            for key in (host, "*"):
                self._active[key] -= 1

    def app(self) -> web.Application:
        app = web.Application(middlewares=[self.record])
        app.router.add_get("/ok", _ok)
        app.router.add_route("GET", "/head-refused", _ok)  # no HEAD route: aiohttp answers 405
        app.router.add_route("*", "/head-reset", _head_reset)
        app.router.add_get("/chain/{n:\\d+}", _chain)
        app.router.add_get("/loop-a", _redirect_to("/loop-b"))
        app.router.add_get("/loop-b", _redirect_to("/loop-a"))
        app.router.add_get("/missing", _status(404))
        app.router.add_get("/error", _status(500))
        app.router.add_get("/slow", _after(SLOW))
        app.router.add_get("/busy", _after(BUSY))
        app.router.add_get("/hang", self._hang)
        app.router.add_get("/redirect", _redirect_anywhere)
        return app

    async def _hang(self, request: web.Request) -> web.Response:
        await self._stop.wait()
        return web.Response(text="too late")


async def _ok(request: web.Request) -> web.Response:
    return web.Response(text="ok")


async def _head_reset(request: web.Request) -> web.Response:
    if request.method == "HEAD":
        assert request.transport is not None
        request.transport.abort()
        raise asyncio.CancelledError
    return web.Response(text="ok")


async def _chain(request: web.Request) -> web.Response:
    n = int(request.match_info["n"])
    if n == 0:
        return web.Response(text="the end of the chain")
    raise web.HTTPMovedPermanently(f"/chain/{n - 1}")


def _redirect_to(path: str) -> Handler:
    async def handler(request: web.Request) -> web.Response:
        raise web.HTTPFound(path)

    return handler


async def _redirect_anywhere(request: web.Request) -> web.Response:
    raise web.HTTPFound(request.query["to"])


def _status(status: int) -> Handler:
    async def handler(request: web.Request) -> web.Response:
        return web.Response(status=status, text="no")

    return handler


def _after(seconds: float) -> Handler:
    async def handler(request: web.Request) -> web.Response:
        await asyncio.sleep(seconds)
        return web.Response(text="ok")

    return handler


@asynccontextmanager
async def serving_links() -> AsyncIterator[LinkServer]:
    """Serve on a free port of 127.0.0.1 until the block ends."""
    server = LinkServer(port=0)
    runner = web.AppRunner(server.app())
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    server.port = runner.addresses[0][1]
    try:
        yield server
    finally:
        server._stop.set()
        await runner.cleanup()


@pytest.fixture
async def link_server() -> AsyncIterator[LinkServer]:
    """A `LinkServer` on a free port of 127.0.0.1, for the test."""
    async with serving_links() as server:
        yield server
