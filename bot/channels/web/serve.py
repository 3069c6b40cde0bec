"""The web chat on a server of its own (`python -m bot web`): no token, no Telegram.

It reloads the content as the Telegram bot does (on SIGHUP, and when its files change unless
WATCH_FILES is off), serves `/metrics` only on METRICS_PORT (never on the public port), keeps no
access log, holds at most CONNECTIONS connections, none idle for long, and stops cleanly on
SIGTERM or Ctrl-C (bot/channels/serving.py, shared with the Telegram bot).
"""

from __future__ import annotations

import contextlib
import logging
import signal
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web

from bot.channels.serving import STOP_SIGNALS, Server, reloading, serve, until_signalled
from bot.channels.web.app import WebChat, build_web_app
from bot.channels.web.health import health_handler
from bot.observability.metrics import CONTENT_TYPE

logger = logging.getLogger(__name__)

SHUTDOWN_SECONDS = 5.0  # a page takes milliseconds: whatever is in flight is done by then
# Connections open at once. A browser keeps one or two open while a person reads, each closed
# after IDLE_SECONDS without a request (listener.py): a thousand is far more people than one
# process serves at once. One more is closed as soon as it is accepted, so a flood of
# connections cannot use up the process's file descriptors.
CONNECTIONS = 1000


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
async def serving(chat: WebChat, listen: Listen) -> AsyncIterator[Server]:
    """Serves the web chat inside the block (yielding its server, whose listener says the port
    when `listen.port` is 0), reloading its content as files change."""
    async with reloading(
        chat.store,
        listen.resources_dir,
        listen.conversations_dir,
        chat.metrics,
        watch_files=listen.watch_files,
    ):
        servers = [await _serve(build_web_app(chat), listen.host, listen.port)]
        try:
            if listen.metrics_port is not None:
                metrics_app = _metrics_app(chat)
                servers.append(await _serve(metrics_app, listen.host, listen.metrics_port))
            logger.info("Web chat on http://%s:%d/", listen.host, servers[0].listener.port)
            yield servers[0]
        finally:
            for server in servers:
                await server.close()
            logger.info("Web chat stopped")


async def serve_until_signalled(
    chat: WebChat, listen: Listen, signals: Sequence[signal.Signals] = STOP_SIGNALS
) -> None:
    """Serves the web chat until one of `signals` arrives."""
    await until_signalled(serving(chat, listen), signals)


async def _serve(app: web.Application, host: str, port: int) -> Server:
    return await serve(app, host, port, cap=CONNECTIONS, shutdown_seconds=SHUTDOWN_SECONDS)


def _metrics_app(chat: WebChat) -> web.Application:
    metrics = chat.metrics

    async def report_metrics(request: web.Request) -> web.Response:
        """The anonymous counters, in Prometheus' text format."""
        response = web.Response(body=metrics.exposition())
        response.headers["Content-Type"] = CONTENT_TYPE
        return response

    app = web.Application()
    app.router.add_get("/metrics", report_metrics)
    app.router.add_get("/healthz", health_handler(chat))
    return app
