"""How every channel's server runs: listening, reloading the content, and stopping on a signal.

The Telegram bot (telegram/run.py) and the web chat on its own (web/serve.py) share these:
- `serve` starts an aiohttp application on host:port with no access log (it would record
  client addresses and queries), at most `cap` connections and none idle for longer than
  IDLE_SECONDS (listener.py);
- `reloading` reloads the content on SIGHUP and, unless file watching is off, when its files
  change, and counts each reload;
- `until_signalled` stays inside a running block until SIGTERM or SIGINT.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import AsyncIterator, Sequence
from contextlib import AbstractAsyncContextManager
from pathlib import Path

from aiohttp import web

from bot.channels.listener import IDLE_SECONDS, Listener
from bot.content import ContentStore
from bot.observability.metrics import Metrics
from bot.reload import Reloader

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class Server:
    """An aiohttp application being served, and its listening socket."""

    def __init__(self, runner: web.AppRunner, listener: Listener) -> None:
        self.runner = runner
        self.listener = listener

    async def close(self) -> None:
        """Stops listening, then lets the requests in flight finish (within the shutdown time)."""
        self.listener.stop_listening()
        await self.runner.cleanup()


async def serve(
    app: web.Application, host: str, port: int, *, cap: int, shutdown_seconds: float
) -> Server:
    """Serves `app` on host:port (see the module); `shutdown_seconds` bound the wait for the
    requests in flight when it is cleaned up."""
    runner = web.AppRunner(
        app,
        access_log=None,
        handle_signals=False,
        shutdown_timeout=shutdown_seconds,
        keepalive_timeout=IDLE_SECONDS,
        # After refusing a request whose body is still coming (408, 413), read what still
        # comes for a moment only, then close.
        lingering_time=min(IDLE_SECONDS, 2.0),
    )
    await runner.setup()
    listener = Listener(runner, cap)
    try:
        await listener.start(host, port)
    except BaseException:
        await runner.cleanup()
        raise
    return Server(runner, listener)


@contextlib.asynccontextmanager
async def reloading(
    store: ContentStore,
    resources_dir: Path,
    conversations_dir: Path,
    metrics: Metrics,
    *,
    watch_files: bool,
) -> AsyncIterator[None]:
    """Reloads the content inside the block, on SIGHUP and (if `watch_files`) on every edit."""
    metrics.content_version.set(store.version)

    def count(applied: bool) -> None:
        metrics.reloads.labels(result="applied" if applied else "refused").inc()
        metrics.content_version.set(store.version)

    reloader = Reloader(store, resources_dir, conversations_dir, on_result=count)
    # What the first typed search would make, made beside serving (a reload makes it before
    # the new content is served): see Understanding.prepare.
    preparing = asyncio.create_task(asyncio.to_thread(store.current.engine.understanding.prepare))
    loop = asyncio.get_running_loop()
    reloader.reload_on_sighup(loop)
    stop = asyncio.Event()
    watcher = asyncio.create_task(reloader.watch(stop)) if watch_files else None
    try:
        yield
    finally:
        stop.set()
        # A thread cannot be cancelled: it takes a fraction of a second. Were it to fail, the
        # first search would fail the same way and say so; the stop goes on regardless.
        with contextlib.suppress(Exception):
            await preparing
        if watcher is not None:
            await watcher
        loop.remove_signal_handler(signal.SIGHUP)


async def until_signalled(
    running: AbstractAsyncContextManager[object],
    signals: Sequence[signal.Signals] = STOP_SIGNALS,
) -> None:
    """Enters `running` and stays inside it until one of `signals` arrives."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in signals:
        loop.add_signal_handler(signum, stop.set)
    try:
        async with running:
            await stop.wait()
    finally:
        for signum in signals:
            loop.remove_signal_handler(signum)
