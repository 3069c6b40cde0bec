"""How updates reach the bot: the getUpdates queue (long polling) or a webhook, as Telegram does.

One ordered queue of pending updates serves both modes. In polling mode getUpdates reads it and
an offset confirms (removes) everything below it. In webhook mode a worker POSTs pending updates
to the webhook URL, several at once but each chat's in order (webhook_delivery.py), removes each
on a 2xx answer, and otherwise records the error (shown by getWebhookInfo) and retries it with
exponential backoff.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from tests.fakes.bot_api.params import ApiError, JSONDict
from tests.fakes.bot_api.state import World
from tests.fakes.bot_api.webhook_delivery import Spread, WebhookAttempt, WebhookWorker
from tests.fakes.bot_api.webhook_reply import ReplyCall

__all__ = ["Spread", "UpdateDelivery", "UpdateRecord", "WebhookAttempt", "WebhookConfig"]

ALL_UPDATE_TYPES = (
    "message",
    "edited_message",
    "channel_post",
    "edited_channel_post",
    "business_connection",
    "business_message",
    "edited_business_message",
    "deleted_business_messages",
    "message_reaction",
    "message_reaction_count",
    "inline_query",
    "chosen_inline_result",
    "callback_query",
    "shipping_query",
    "pre_checkout_query",
    "purchased_paid_media",
    "poll",
    "poll_answer",
    "my_chat_member",
    "chat_member",
    "chat_join_request",
    "chat_boost",
    "removed_chat_boost",
)
DEFAULT_UPDATE_TYPES = tuple(
    kind
    for kind in ALL_UPDATE_TYPES
    if kind not in ("chat_member", "message_reaction", "message_reaction_count")
)
LONG_POLL_MAX_TIMEOUT = 50
WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
POLL_CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)


@dataclass
class UpdateRecord:
    """One update and its fate: pending, confirmed, filtered (not allowed) or dropped."""

    update_id: int
    payload: JSONDict
    kind: str
    created_at: float
    status: str = "pending"
    attempts: int = 0


@dataclass
class WebhookConfig:
    """The webhook as setWebhook left it."""

    url: str
    secret_token: str
    max_connections: int
    ip_address: str
    last_error_date: int | None = None
    last_error_message: str | None = None
    attempts: list[WebhookAttempt] = field(default_factory=list)

    def same_as(self, other: WebhookConfig) -> bool:
        return (self.url, self.secret_token, self.max_connections) == (
            other.url,
            other.secret_token,
            other.max_connections,
        )


class UpdateDelivery:
    """The pending updates of one bot, and the two ways Telegram hands them out."""

    def __init__(
        self,
        world: World,
        *,
        first_update_id: int,
        retry_delay: tuple[float, float],
        webhook_timeout: float,
    ) -> None:
        self.world = world
        self.next_update_id = first_update_id
        self.retry_delay = retry_delay
        self.webhook_timeout = webhook_timeout
        self.log: list[UpdateRecord] = []
        self.pending: list[UpdateRecord] = []
        self.allowed_updates: tuple[str, ...] | None = None
        self.webhook: WebhookConfig | None = None
        self.webhook_attempts: list[WebhookAttempt] = []
        self.closing = False
        self.spread = Spread()  # several replicas: where POSTs go, and how many twice
        self._poll_generation = 0
        self._worker: asyncio.Task[None] | None = None
        self._session: aiohttp.ClientSession | None = None
        # Carries out a Bot API call found in a webhook's 2xx answer (set by FakeBotApi).
        self.on_reply: Callable[[ReplyCall], Awaitable[None]] | None = None

    def allows(self, kind: str) -> bool:
        return kind in (self.allowed_updates or DEFAULT_UPDATE_TYPES)

    def set_allowed_updates(self, value: Any) -> None:
        """Applies an allowed_updates parameter; absent or malformed keeps the previous one."""
        if isinstance(value, list) and all(isinstance(kind, str) for kind in value):
            self.allowed_updates = tuple(k for k in value if k in ALL_UPDATE_TYPES) or None

    def enqueue(self, payload: JSONDict, kind: str, *, raw: bool = False) -> UpdateRecord:
        """Creates an update; one of a type the bot did not allow is never delivered."""
        given = payload.get("update_id") if raw else None
        update_id = given if isinstance(given, int) and not isinstance(given, bool) else None
        if update_id is None:
            update_id = self.next_update_id
            if not raw or "update_id" not in payload:
                payload = {"update_id": update_id, **payload}
        self.next_update_id = max(self.next_update_id, update_id) + 1
        record = UpdateRecord(update_id, payload, kind, self.world.clock.now())
        self.log.append(record)
        if raw or self.allows(kind):
            self.pending.append(record)
        else:
            record.status = "filtered"
        self.world.changed()
        return record

    def drop_pending(self) -> None:
        for record in self.pending:
            record.status = "dropped"
        self.pending.clear()

    def _confirm_below(self, offset: int) -> None:
        while self.pending and self.pending[0].update_id < offset:
            self.pending.pop(0).status = "confirmed"

    async def get_updates(
        self,
        offset: int,
        limit: int,
        timeout: int,  # noqa: ASYNC109 - getUpdates' own long-poll timeout parameter
    ) -> list[JSONDict]:
        """Answers getUpdates: confirms below offset, long-polls up to timeout seconds."""
        if self.webhook is not None:
            raise ApiError(409, WEBHOOK_CONFLICT)
        self._poll_generation += 1
        generation = self._poll_generation
        self.world.notifier.notify()
        if offset < 0:
            for record in self.pending[:offset]:
                record.status = "dropped"
            del self.pending[:offset]
        elif offset > 0:
            self._confirm_below(offset)

        def ready() -> bool:
            return bool(
                self.pending
                or self.closing
                or self.webhook is not None
                or generation != self._poll_generation
            )

        with contextlib.suppress(TimeoutError):
            await self.world.notifier.wait_until(ready, timeout)
        if self.closing:
            return []
        if generation != self._poll_generation:
            raise ApiError(409, POLL_CONFLICT)
        if self.webhook is not None:
            raise ApiError(409, WEBHOOK_CONFLICT)
        batch = self.pending[:limit]
        for record in batch:
            record.attempts += 1
        return [record.payload for record in batch]

    async def set_webhook(self, config: WebhookConfig, drop_pending_updates: bool) -> str:
        """Sets (or re-sets) the webhook and starts delivering to it; returns the description."""
        if drop_pending_updates:
            self.drop_pending()
        if self.webhook is not None and self.webhook.same_as(config) and not drop_pending_updates:
            return "Webhook is already set"
        await self._stop_worker()
        self.webhook = config
        if self._session is None:
            self._session = aiohttp.ClientSession()
        worker = WebhookWorker(self, config, self._session, self.on_reply)
        self._worker = asyncio.create_task(worker.run(), name="fake-bot-api-webhook")
        self.world.changed()
        return "Webhook was set"

    async def delete_webhook(self, drop_pending_updates: bool) -> str:
        """Removes the webhook (pending updates stay for getUpdates unless dropped)."""
        if drop_pending_updates:
            self.drop_pending()
        if self.webhook is None:
            return "Webhook is already deleted"
        await self._stop_worker()
        self.webhook = None
        self.world.changed()
        return "Webhook was deleted"

    def webhook_info(self) -> JSONDict:
        """Returns getWebhookInfo's WebhookInfo object."""
        info: JSONDict = {
            "url": self.webhook.url if self.webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self.pending),
        }
        if self.webhook is not None:
            info["max_connections"] = self.webhook.max_connections
            info["ip_address"] = self.webhook.ip_address
            if self.webhook.last_error_date is not None:
                info["last_error_date"] = self.webhook.last_error_date
                info["last_error_message"] = self.webhook.last_error_message
        if self.allowed_updates is not None:
            info["allowed_updates"] = list(self.allowed_updates)
        return info

    async def close(self) -> None:
        """Ends long polls and webhook delivery; the server is shutting down."""
        self.closing = True
        self.world.notifier.notify()
        await self._stop_worker()
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _stop_worker(self) -> None:
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await worker
