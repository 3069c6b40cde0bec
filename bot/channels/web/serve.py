"""The web chat on a server of its own (`python -m bot web`): no token, no Telegram.

It reloads the content as the Telegram bot does (on SIGHUP, and when its files change unless
WATCH_FILES is off), serves `/metrics` only on METRICS_PORT (never on the public port), keeps no
access log, and stops cleanly on SIGTERM or Ctrl-C.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web

from bot.channels.web.app import WebChat, build_web_app, report_health
from bot.observability.metrics import CONTENT_TYPE, Metrics
from bot.reload import Reloader

logger = logging.getLogger(__name__)

SHUTDOWN_SECONDS = 5.0  # a page takes milliseconds: whatever is in flight is done by then


@dataclass(frozen=True)
class Listen:
    """Where the web chat listens, and what it watches."""

    host: str
    port: int
    resources_dir: Path
    conversations_dir: Path
    watch_files: bool = True
    metrics_port: int | None = None


@contextlib.asynccontextmanager
async def serving(chat: WebChat, listen: Listen) -> AsyncIterator[web.AppRunner]:
    """Serves the web chat inside the block (yielding its runner, whose addresses say the
    port when `listen.port` is 0), reloading its content as files change."""
    servers = [await _serve(build_web_app(chat), listen.host, listen.port)]
    if listen.metrics_port is not None:
        servers.append(await _serve(_metrics_app(chat.metrics), listen.host, listen.metrics_port))
    address = servers[0].addresses[0]
    logger.info("Web chat on http://%s:%d/", address[0], address[1])
    metrics = chat.metrics
    metrics.content_version.set(chat.store.version)

    def count(applied: bool) -> None:
        metrics.reloads.labels(result="applied" if applied else "refused").inc()
        metrics.content_version.set(chat.store.version)

    reloader = Reloader(chat.store, listen.resources_dir, listen.conversations_dir, on_result=count)
    loop = asyncio.get_running_loop()
    reloader.reload_on_sighup(loop)
    stop = asyncio.Event()
    watcher = asyncio.create_task(reloader.watch(stop)) if listen.watch_files else None
    try:
        yield servers[0]
    finally:
        stop.set()
        if watcher is not None:
            await watcher
        loop.remove_signal_handler(signal.SIGHUP)
        for server in servers:
            await server.cleanup()
        logger.info("Web chat stopped")


async def serve_until_signalled(
    chat: WebChat,
    listen: Listen,
    signals: Sequence[signal.Signals] = (signal.SIGTERM, signal.SIGINT),
) -> None:
    """Serves the web chat until one of `signals` arrives."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in signals:
        loop.add_signal_handler(signum, stop.set)
    try:
        async with serving(chat, listen):
            await stop.wait()
    finally:
        for signum in signals:
            loop.remove_signal_handler(signum)


async def _serve(app: web.Application, host: str, port: int) -> web.AppRunner:
    """Starts `app` on host:port with no access log (it would record addresses and queries)."""
    runner = web.AppRunner(
        app, access_log=None, handle_signals=False, shutdown_timeout=SHUTDOWN_SECONDS
    )
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner


def _metrics_app(metrics: Metrics) -> web.Application:
    async def report_metrics(request: web.Request) -> web.Response:
        """The anonymous counters, in Prometheus' text format."""
        response = web.Response(body=metrics.exposition())
        response.headers["Content-Type"] = CONTENT_TYPE
        return response

    app = web.Application()
    app.router.add_get("/metrics", report_metrics)
    app.router.add_get("/healthz", report_health)
    return app
