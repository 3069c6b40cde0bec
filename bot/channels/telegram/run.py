"""Running the bot: polling by default, a webhook server when WEBHOOK_URL is set, and a clean,
bounded stop on SIGTERM/SIGINT.

A stop takes no new update first (the webhook answers 503 and /healthz says "stopping", so
Telegram and the load balancer turn to another replica; the poller stops asking), finishes the
updates in hand, deletes Erase's waiting notes and lets go of everything, all within
SHUTDOWN_SECONDS (stopping.py): what is not done by then is given up (by webhook, answered 503:
Telegram delivers it again) and counted in one line.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator, Awaitable, Sequence

from aiohttp import web
from telegram import BotCommand
from telegram.error import TelegramError

from bot.channels.serving import STOP_SIGNALS, Server, reloading, serve, until_signalled
from bot.channels.telegram.app import POLL_TIMEOUT_SECONDS, BotApplication
from bot.channels.telegram.ordering import PerChatUpdateProcessor
from bot.channels.telegram.stopping import Stop
from bot.channels.telegram.webhook import build_monitoring_app, build_webhook_app
from bot.flows.flow import Flow

logger = logging.getLogger(__name__)

ALLOWED_UPDATES = ("message", "callback_query")
MENU_COMMANDS = ("start", "help", "emergency", "language", "privacy", "erase")
# Telegram's most webhook POSTs at once (its default is 40): each waits for its update to be
# handled, so this is how many updates the bot (all replicas together) is given at a time.
WEBHOOK_CONNECTIONS = 100
SPARE_CONNECTIONS = 64  # beyond the updates in hand: health checks, metrics, idle keep-alives


def menu(flow: Flow, language: str) -> list[BotCommand]:
    """The command menu in `language`, with descriptions from the locale's `commands` texts."""
    return [
        BotCommand(name, flow.translations.text(language, f"commands.{name}"))
        for name in MENU_COMMANDS
        if name in flow.settings.commands
    ]


async def announce_commands(application: BotApplication) -> None:
    """Sets the command menu: the default language for everyone, and each language's own (all
    at once: each is a round trip to Telegram, and none depends on another)."""
    flow = application.services.store.current.flow
    default = flow.settings.default_language
    await together(
        application.bot.set_my_commands(menu(flow, default)),
        *(
            application.bot.set_my_commands(menu(flow, language), language_code=language)
            for language in flow.settings.languages
        ),
    )


async def together(*calls: Awaitable[object]) -> None:
    """Runs the calls at once. The first to fail cancels the others, and its error goes on as
    it was (asyncio.TaskGroup would wrap it in an ExceptionGroup)."""
    tasks = [asyncio.ensure_future(call) for call in calls]
    try:
        await asyncio.gather(*tasks)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


@contextlib.asynccontextmanager
async def running(application: BotApplication) -> AsyncIterator[None]:
    """Runs the bot inside the block; leaving the block stops it (see the module)."""
    settings = application.settings
    servers: list[Server] = []
    stopped = False
    await application.initialize()
    logger.info("Shared state: %s", application.shared.where)
    try:
        async with reloading(
            application.services.store,
            settings.resources_dir,
            settings.conversations_dir,
            application.services.metrics,
            watch_files=settings.watch_files,
        ):
            await application.start()
            if settings.metrics_port is not None:
                monitoring = build_monitoring_app(application)
                servers.append(await _serve(monitoring, settings.host, settings.metrics_port))
            if settings.webhook_url is not None and settings.webhook_secret is not None:
                secret = settings.webhook_secret.get_secret_value()
                webhook = build_webhook_app(
                    application,
                    application.intake,
                    secret,
                    with_metrics=settings.metrics_port is None,
                )
                if settings.web_chat:
                    _mount_web_chat(webhook, application)
                cap = settings.max_pending_updates + SPARE_CONNECTIONS
                servers.append(server := await _serve(webhook, settings.host, settings.port, cap))
                await together(
                    announce_commands(application),
                    application.bot.set_webhook(
                        settings.webhook_url,
                        secret_token=secret,
                        allowed_updates=ALLOWED_UPDATES,
                        max_connections=WEBHOOK_CONNECTIONS,
                    ),
                )
                logger.info("Taking updates by webhook on port %d", server.listener.port)
            elif application.updater is not None:
                if settings.metrics_port != settings.port:
                    servers.extend(await _serve_health(application))
                await together(
                    announce_commands(application),
                    application.updater.start_polling(
                        timeout=POLL_TIMEOUT_SECONDS,
                        allowed_updates=ALLOWED_UPDATES,
                        error_callback=_poll_failed,
                    ),
                )
                logger.info("Taking updates by polling")
            else:
                await announce_commands(application)
            try:
                yield
            finally:
                stopped = True
                await _stop(application, servers)
    finally:
        if not stopped:  # the start failed half way: let go of what it took
            for server in servers:
                await server.close()
            with contextlib.suppress(Exception):
                if application.running:
                    await application.stop()
                await application.shutdown()
                await application.shared.close()


async def _stop(application: BotApplication, servers: list[Server]) -> None:
    """Stops taking updates, finishes what is in hand and lets go of everything, in time."""
    logger.info("Stopping: no new updates; finishing the ones in flight")
    stop = Stop(application.settings.shutdown_seconds)
    application.intake.close()
    for server in servers:
        server.listener.stop_listening()
    updater, poller = application.updater, application.poller
    if updater is not None and updater.running:
        if poller is not None:
            poller.stopping = True
        # Its last call confirms what was taken; if Telegram does not answer, the updates in
        # hand still get the rest of the time.
        await stop.step("the poller", updater.stop, at_most=stop.left / 2)
    webhook_left = await application.intake.drain(stop.left)
    stop.unanswered += webhook_left
    processor = application.update_processor
    if application.running:
        finished = await stop.step("finishing the updates in hand", application.stop)
        if not finished and isinstance(processor, PerChatUpdateProcessor):
            # application.stop() was left waiting for them: once they end, so does it.
            left = await processor.cancel_all()
            stop.unanswered += left
    for server in servers:
        await stop.step("closing a server", server.runner.cleanup, closing=True)
    notes = application.services.notes
    await stop.step("deleting Erase's notes", lambda: notes.delete_now(application.bot))
    await stop.step("closing connections", application.shutdown, closing=True)
    await stop.step("closing shared state", application.shared.close, closing=True)
    stop.report(redelivered=application.updater is None)


async def _serve_health(application: BotApplication) -> list[Server]:
    """/healthz on 127.0.0.1:PORT in polling mode, for `python -m bot healthcheck` (loopback
    only: nothing outside the machine or container can reach it)."""
    port = application.settings.port
    try:
        return [
            await _serve(build_monitoring_app(application, with_metrics=False), _LOOPBACK, port)
        ]
    except OSError as error:
        logger.warning(
            "Cannot serve /healthz on %s:%d (%s): the healthcheck will say unhealthy",
            _LOOPBACK,
            port,
            error.strerror or type(error).__name__,
        )
        return []


_LOOPBACK = "127.0.0.1"


class _RoutineStop(logging.Filter):
    """A stop that lands between a long poll's return and its updates being queued makes PTB
    log CRITICAL "Updater stopped unexpectedly": those updates are only left at Telegram (not
    confirmed) for the next start. Routine: INFO."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.CRITICAL and record.getMessage().startswith(
            "Updater stopped unexpectedly"
        ):
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


_UPDATER_LOGGER = logging.getLogger("telegram.ext.Updater")
if not any(isinstance(f, _RoutineStop) for f in _UPDATER_LOGGER.filters):
    _UPDATER_LOGGER.addFilter(_RoutineStop())


def _poll_failed(error: TelegramError) -> None:
    """A getUpdates round that failed (PTB's updater tries again by itself): one line."""
    logger.warning("getUpdates failed (%s); trying again", type(error).__name__)


async def run_until_signalled(
    application: BotApplication, signals: Sequence[signal.Signals] = STOP_SIGNALS
) -> None:
    """Runs the bot until one of `signals` arrives."""
    await until_signalled(running(application), signals)


async def _serve(
    app: web.Application, host: str, port: int, cap: int = SPARE_CONNECTIONS
) -> Server:
    """Serves one of the bot's applications (the stop has already waited for the updates in
    hand: a second for the rest)."""
    return await serve(app, host, port, cap=cap, shutdown_seconds=1.0)


def _mount_web_chat(app: web.Application, application: BotApplication) -> None:
    """WEB_CHAT: the web chat (bot/channels/web) at / of the webhook server, on the same
    content and counters as the bot."""
    from bot.channels.web.app import mount_web_chat, web_chat_from

    services = application.services
    chat = web_chat_from(application.settings, services.store, services.metrics, services.clock)
    mount_web_chat(app, chat)
