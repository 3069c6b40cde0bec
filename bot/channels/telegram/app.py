"""`build_application`: the one place the Telegram bot is assembled (the CLI and tests use it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any, TypeVar, cast

from telegram.ext import Application, ApplicationBuilder, ExtBot
from telegram.request import HTTPXRequest

from bot.channels.telegram.erase import EraseNotes, SessionMessages
from bot.channels.telegram.handlers import Context, Handlers, Services
from bot.channels.telegram.json_request import JsonBodyRequest
from bot.channels.telegram.ordering import PerChatUpdateProcessor
from bot.channels.telegram.retry import RetryingRateLimiter
from bot.content import ContentStore
from bot.settings import Settings

R = TypeVar("R", bound=HTTPXRequest)
CONCURRENT_UPDATES = 64  # updates handled at once; each waits mostly on Telegram's answers


class BotApplication(
    Application[ExtBot[None], Context, dict[Any, Any], dict[Any, Any], dict[Any, Any], None]
):
    """PTB's Application, with what our handlers work with and the settings it was built from."""

    def __init__(self, services: Services, settings: Settings, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.services = services
        self.settings = settings

    def _mark_for_persistence_update(
        self, *, update: object | None = None, job: Any = None
    ) -> None:
        """Notes nothing. PTB (22.8) adds the user and chat id of every update to two sets for
        the persistence to save, and only a persistence ever empties them: with none, the
        Application would keep every id it ever saw, for as long as it runs."""


def build_application(
    settings: Settings,
    store: ContentStore,
    *,
    clock: Callable[[], dt.datetime] | None = None,
) -> BotApplication:
    """The bot, ready to initialize: no persistence (none is set), no job queue, updates handled
    concurrently but each chat's in turn (ordering.py), every Bot API call rate-limited and
    retried (retry.py). In webhook mode it has no updater: webhook.py puts updates on its queue."""
    messages = SessionMessages(settings.erase_max_chats)
    services = Services(
        store=store,
        messages=messages,
        notes=EraseNotes(messages, settings.erase_note_seconds),
    )
    if clock is not None:
        services = replace(services, clock=clock)
    timeout = settings.api_timeout_seconds
    builder = (
        ApplicationBuilder()
        .application_class(BotApplication, {"services": services, "settings": settings})
        .token(settings.bot_token.get_secret_value())
        .base_url(f"{settings.api_base_url}/bot")
        .base_file_url(f"{settings.api_base_url}/file/bot")
        .rate_limiter(
            RetryingRateLimiter(
                max_sends_per_second=settings.max_sends_per_second,
                retries=settings.api_retries,
                backoff_seconds=settings.api_retry_backoff_seconds,
            )
        )
        .concurrent_updates(PerChatUpdateProcessor(CONCURRENT_UPDATES))  # a chat's in order
        # Parameters as a JSON body: cheaper to encode than a form (json_request.py). Pools as
        # PTB's defaults: 256 connections for calls, 1 for getUpdates.
        .request(_with_timeouts(JsonBodyRequest, 256, timeout))
        .get_updates_request(_with_timeouts(HTTPXRequest, 1, timeout))
        .job_queue(None)
    )
    if settings.webhook_mode:
        builder = builder.updater(None)
    application = cast(BotApplication, builder.build())  # the class set by application_class
    handlers = Handlers(services, queries_answered_by_webhook=settings.webhook_mode)
    for group, handler in handlers.ordered():
        application.add_handler(handler, group)
    application.add_error_handler(handlers.recover)
    return application


def _with_timeouts(kind: type[R], pool: int, timeout: float) -> R:
    """An HTTP client for the Bot API with `pool` connections and every timeout `timeout`."""
    return kind(
        connection_pool_size=pool,
        connect_timeout=timeout,
        read_timeout=timeout,
        write_timeout=timeout,
        pool_timeout=timeout,
    )
