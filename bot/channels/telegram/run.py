"""Running the bot: polling by default, a webhook server when WEBHOOK_URL is set, and a clean
stop on SIGTERM/SIGINT (stop taking updates, finish the ones in flight, delete Erase's waiting
notes, exit 0)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator, Sequence

from aiohttp import web
from telegram import BotCommand

from bot.channels.telegram.app import BotApplication
from bot.channels.telegram.webhook import build_monitoring_app, build_webhook_app
from bot.flows.flow import Flow
from bot.reload import Reloader

logger = logging.getLogger(__name__)

ALLOWED_UPDATES = ("message", "callback_query")
MENU_COMMANDS = ("start", "help", "emergency", "language", "privacy", "erase")
POLL_TIMEOUT_SECONDS = 10
WEBHOOK_SHUTDOWN_SECONDS = 10.0  # how long an update already being received may take to arrive


def menu(flow: Flow, language: str) -> list[BotCommand]:
    """The command menu in `language`, with descriptions from the locale's `commands` texts."""
    return [
        BotCommand(name, flow.translations.text(language, f"commands.{name}"))
        for name in MENU_COMMANDS
        if name in flow.settings.commands
    ]


async def announce_commands(application: BotApplication) -> None:
    """Sets the command menu: the default language for everyone, then each language's own."""
    flow = application.services.store.current.flow
    default = flow.settings.default_language
    await application.bot.set_my_commands(menu(flow, default))
    for language in flow.settings.languages:
        await application.bot.set_my_commands(menu(flow, language), language_code=language)


@contextlib.asynccontextmanager
async def running(application: BotApplication) -> AsyncIterator[web.AppRunner | None]:
    """Runs the bot inside the block (yielding the webhook server's runner, if any); leaving
    the block stops taking updates, finishes the ones in flight and shuts everything down."""
    settings = application.settings
    runner: web.AppRunner | None = None
    monitoring: web.AppRunner | None = None
    await application.initialize()
    async with _reloading(application):
        try:
            await announce_commands(application)
            await application.start()
            if settings.metrics_port is not None:
                monitoring = await _serve(
                    build_monitoring_app(application), settings.host, settings.metrics_port
                )
            if settings.webhook_url is not None and settings.webhook_secret is not None:
                secret = settings.webhook_secret.get_secret_value()
                app = build_webhook_app(
                    application, secret, with_metrics=settings.metrics_port is None
                )
                if settings.web_chat:
                    _mount_web_chat(app, application)
                runner = await _serve(app, settings.host, settings.port)
                await application.bot.set_webhook(
                    settings.webhook_url,
                    secret_token=secret,
                    allowed_updates=ALLOWED_UPDATES,
                )
                logger.info("Taking updates by webhook on port %d", _port(runner))
            elif application.updater is not None:
                await application.updater.start_polling(
                    timeout=POLL_TIMEOUT_SECONDS, allowed_updates=ALLOWED_UPDATES
                )
                logger.info("Taking updates by polling")
            yield runner
        finally:
            logger.info("Stopping: no new updates; finishing the ones in flight")
            for server in (runner, monitoring):
                if server is not None:
                    await server.cleanup()
            if application.updater is not None and application.updater.running:
                await application.updater.stop()
            if application.running:
                await application.stop()
            await application.services.notes.delete_now(application.bot)
            await application.shutdown()
            logger.info("Stopped")


async def run_until_signalled(
    application: BotApplication, signals: Sequence[signal.Signals] = (signal.SIGTERM, signal.SIGINT)
) -> None:
    """Runs the bot until one of `signals` arrives."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in signals:
        loop.add_signal_handler(signum, stop.set)
    try:
        async with running(application):
            await stop.wait()
    finally:
        for signum in signals:
            loop.remove_signal_handler(signum)


async def _serve(app: web.Application, host: str, port: int) -> web.AppRunner:
    """Starts `app` on host:port, with no access log (it would record client addresses)."""
    runner = web.AppRunner(
        app, access_log=None, handle_signals=False, shutdown_timeout=WEBHOOK_SHUTDOWN_SECONDS
    )
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner


@contextlib.asynccontextmanager
async def _reloading(application: BotApplication) -> AsyncIterator[None]:
    """Reloads the content on SIGHUP and, unless WATCH_FILES is off, when its files change."""
    settings = application.settings
    services = application.services
    metrics = services.metrics
    metrics.content_version.set(services.store.version)

    def count(applied: bool) -> None:
        metrics.reloads.labels(result="applied" if applied else "refused").inc()
        metrics.content_version.set(services.store.version)

    reloader = Reloader(
        services.store, settings.resources_dir, settings.conversations_dir, on_result=count
    )
    loop = asyncio.get_running_loop()
    reloader.reload_on_sighup(loop)
    stop = asyncio.Event()
    watcher = asyncio.create_task(reloader.watch(stop)) if settings.watch_files else None
    try:
        yield
    finally:
        stop.set()
        if watcher is not None:
            await watcher
        loop.remove_signal_handler(signal.SIGHUP)


def _mount_web_chat(app: web.Application, application: BotApplication) -> None:
    """WEB_CHAT: the web chat (bot/channels/web) at / of the webhook server, on the same
    content and counters as the bot."""
    from bot.channels.web.app import mount_web_chat, web_chat_from

    services = application.services
    chat = web_chat_from(application.settings, services.store, services.metrics, services.clock)
    mount_web_chat(app, chat)


def _port(runner: web.AppRunner) -> int:
    addresses = runner.addresses
    return int(addresses[0][1]) if addresses else 0
