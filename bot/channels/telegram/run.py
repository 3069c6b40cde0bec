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
from bot.channels.telegram.webhook import build_webhook_app
from bot.flows.load import Flow

logger = logging.getLogger(__name__)

ALLOWED_UPDATES = ("message", "callback_query")
MENU_COMMANDS = ("start", "help", "language", "privacy", "erase")
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
    await application.initialize()
    try:
        await announce_commands(application)
        await application.start()
        if settings.webhook_url is not None and settings.webhook_secret is not None:
            secret = settings.webhook_secret.get_secret_value()
            runner = web.AppRunner(
                build_webhook_app(application, secret),
                access_log=None,
                handle_signals=False,
                shutdown_timeout=WEBHOOK_SHUTDOWN_SECONDS,
            )
            await runner.setup()
            await web.TCPSite(runner, settings.host, settings.port).start()
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
        if runner is not None:
            await runner.cleanup()
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


def _port(runner: web.AppRunner) -> int:
    addresses = runner.addresses
    return int(addresses[0][1]) if addresses else 0
