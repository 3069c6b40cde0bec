"""`build_application`: the one place the Telegram bot is assembled (the CLI and tests use it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any, cast

from telegram.ext import Application, ApplicationBuilder, ExtBot

from bot.channels.telegram.aiohttp_request import AiohttpRequest
from bot.channels.telegram.erase import EraseNotes
from bot.channels.telegram.handlers import Context, Handlers, Services
from bot.channels.telegram.intake import Intake
from bot.channels.telegram.ordering import PerChatUpdateProcessor
from bot.channels.telegram.polling import PollingRequest
from bot.channels.telegram.retry import RetryingRateLimiter
from bot.content import ContentStore
from bot.settings import Settings
from bot.shared_state.build import build_shared_state
from bot.shared_state.stores import SharedState

CONCURRENT_UPDATES = 64  # updates handled at once; each waits mostly on Telegram's answers
# Each update being handled makes one Bot API call at a time; the few more are for Erase's
# timed deletions, which run beside them.
API_CONNECTIONS = CONCURRENT_UPDATES + 16
POLL_TIMEOUT_SECONDS = 10  # getUpdates' long poll
STALE_MARGIN_SECONDS = 15.0


class BotApplication(
    Application[ExtBot[None], Context, dict[Any, Any], dict[Any, Any], dict[Any, Any], None]
):
    """PTB's Application, with what our handlers work with and the settings it was built from."""

    def __init__(
        self, services: Services, settings: Settings, shared: SharedState, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.services = services
        self.settings = settings
        self.shared = shared  # Erase's memory, update marks, chats' turns, the send rate
        self.intake = Intake(self, shared.marks)  # webhook updates in hand
        self.intake.max_pending = settings.max_pending_updates
        self.poller: PollingRequest | None = None  # getUpdates' client, in polling mode

    async def initialize(self) -> None:
        """PTB's; when it fails (Telegram refuses the token, or cannot be reached), the Bot API
        connections it opened are closed before the error goes on (PTB leaves them open)."""
        try:
            await super().initialize()
        except BaseException:
            await self.bot.shutdown()
            raise

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
    shared: SharedState | None = None,
) -> BotApplication:
    """The bot, ready to initialize: no persistence (none is set), no job queue, updates handled
    concurrently but each chat's in turn (ordering.py), every Bot API call rate-limited and
    retried (retry.py), what replicas share in `shared` (in process, or Redis with REDIS_URL).
    In webhook mode it has no updater: webhook.py hands updates to its intake (intake.py)."""
    shared = shared if shared is not None else build_shared_state(settings)
    services = Services(
        store=store,
        messages=shared.messages,
        notes=EraseNotes(settings.erase_note_seconds),
    )
    if clock is not None:
        services = replace(services, clock=clock)
    timeout = settings.api_timeout_seconds
    processor = PerChatUpdateProcessor(CONCURRENT_UPDATES, shared.turns)  # a chat's in order
    # getUpdates gets two connections: a stop's final "mark as read" call must never wait
    # for the one the cancelled long poll is still giving back (a 1 ms race that cost the
    # whole pool timeout and an ERROR).
    poller = PollingRequest(
        _bot_api_request(2, timeout),
        # A round takes the long poll plus at most the call's timeout; then a margin.
        stale_after=POLL_TIMEOUT_SECONDS + timeout + STALE_MARGIN_SECONDS,
    )
    builder = (
        ApplicationBuilder()
        .application_class(
            BotApplication, {"services": services, "settings": settings, "shared": shared}
        )
        .token(settings.bot_token.get_secret_value())
        .base_url(f"{settings.api_base_url}/bot")
        .base_file_url(f"{settings.api_base_url}/file/bot")
        .rate_limiter(
            RetryingRateLimiter(
                shared.send_rate,
                retries=settings.api_retries,
                backoff_seconds=settings.api_retry_backoff_seconds,
            )
        )
        .concurrent_updates(processor)
        # On aiohttp rather than PTB's httpx (aiohttp_request.py).
        .request(_bot_api_request(API_CONNECTIONS, timeout))
        .get_updates_request(poller)
        .job_queue(None)
    )
    if settings.webhook_mode:
        builder = builder.updater(None)
    application = cast(BotApplication, builder.build())  # the class set by application_class
    if not settings.webhook_mode:
        application.poller = poller
        limit = settings.max_pending_updates
        poller.has_room = lambda: processor.pending + application.update_queue.qsize() < limit
    handlers = Handlers(services, queries_answered_by_webhook=settings.webhook_mode)
    for group, handler in handlers.ordered():
        application.add_handler(handler, group)
    application.add_error_handler(handlers.recover)
    return application


def _bot_api_request(connections: int, timeout: float) -> AiohttpRequest:
    """A Bot API client with `connections` connections and every timeout `timeout`."""
    return AiohttpRequest(
        connections=connections,
        connect_timeout=timeout,
        read_timeout=timeout,
        write_timeout=timeout,
        pool_timeout=timeout,
    )
