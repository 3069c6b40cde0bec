"""Delivering pending updates to a webhook, as Telegram does.

Up to `max_connections` POSTs at once (setWebhook's parameter, 40 by default), a chat's updates
strictly one after another (a chat's next update waits until the one before it got its 2xx);
a POST that fails (no answer in time, refused, not 2xx) is retried after a backoff of its own,
doubling, while other chats' updates go on. An update is confirmed (removed) on its first 2xx.

For tests of several replicas: `targets` spreads the POSTs over several URLs at random (as a
load balancer would), and `duplicates` delivers that share of updates a second time at once to
another target (as Telegram does when it retries an answer that was slow to come).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import aiohttp

from tests.fakes.bot_api.webhook_reply import ReplyCall, reply_call

if TYPE_CHECKING:
    from tests.fakes.bot_api.delivery import UpdateDelivery, UpdateRecord, WebhookConfig


@dataclass
class WebhookAttempt:
    """One POST of an update to the webhook."""

    update_id: int
    time: float
    status: int | None
    error: str | None
    headers: dict[str, str]
    reply_method: str | None = None  # a Bot API method the webhook's answer carried out
    url: str = ""


@dataclass
class Spread:
    """Where POSTs go when several replicas take them, and how many go twice."""

    targets: list[str] = field(default_factory=list)
    duplicates: float = 0.0
    rng: random.Random = field(default_factory=lambda: random.Random(7))


def chat_of(payload: dict[str, Any]) -> object:
    """The chat an update belongs to (None when it names none: no order to keep)."""
    message = payload.get("message")
    if isinstance(message, dict):
        return (message.get("chat") or {}).get("id")
    query = payload.get("callback_query")
    if isinstance(query, dict):
        return (query.get("from") or {}).get("id")
    return None


class WebhookWorker:
    """POSTs `delivery`'s pending updates to `config`'s URL until cancelled."""

    def __init__(
        self,
        delivery: UpdateDelivery,
        config: WebhookConfig,
        session: aiohttp.ClientSession,
        on_reply: Callable[[ReplyCall], Awaitable[None]] | None,
    ) -> None:
        self.delivery = delivery
        self.config = config
        self.session = session
        self.on_reply = on_reply
        self._in_flight: set[int] = set()
        self._retry_at: dict[int, float] = {}
        self._delays: dict[int, float] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._finished = 0  # attempts finished: each may change what can go next, and when

    def _next(self) -> UpdateRecord | None:
        """The oldest pending update that may go now: its chat has nothing earlier pending,
        it is not in flight or waiting for its retry, and a connection is free."""
        if len(self._in_flight) >= self.config.max_connections:
            return None
        now = asyncio.get_running_loop().time()
        chats: set[object] = set()
        for record in self.delivery.pending:
            chat = chat_of(record.payload)
            first_of_chat = chat is None or chat not in chats
            if chat is not None:
                chats.add(chat)
            if not first_of_chat or record.update_id in self._in_flight:
                continue
            if self._retry_at.get(record.update_id, 0.0) <= now:
                return record
        return None

    async def run(self) -> None:
        world = self.delivery.world
        try:
            while True:
                record = self._next()
                if record is None:
                    soonest = min(self._retry_at.values(), default=None)
                    timeout = None
                    if soonest is not None:
                        timeout = max(0.005, soonest - asyncio.get_running_loop().time())
                    seen = self._finished

                    def ready(seen: int = seen) -> bool:
                        return self._finished != seen or self._next() is not None

                    with contextlib.suppress(TimeoutError):
                        await world.notifier.wait_until(ready, timeout)
                    continue
                self._start(record)
                spread = self.delivery.spread
                if spread.targets and spread.rng.random() < spread.duplicates:
                    self._start(record, duplicate=True)
        finally:
            for task in list(self._tasks):
                task.cancel()
            for task in list(self._tasks):
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    def _start(self, record: UpdateRecord, *, duplicate: bool = False) -> None:
        if not duplicate:
            self._in_flight.add(record.update_id)
        task = asyncio.create_task(self._attempt(record, duplicate))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _attempt(self, record: UpdateRecord, duplicate: bool) -> None:
        delivery, world = self.delivery, self.delivery.world
        error = await self._post(record)
        self._finished += 1
        if duplicate:
            world.changed()
            return
        self._in_flight.discard(record.update_id)
        if error is None:
            if record in delivery.pending:
                delivery.pending.remove(record)
            record.status = "confirmed"
            self._retry_at.pop(record.update_id, None)
            self._delays.pop(record.update_id, None)
        else:
            self.config.last_error_date = world.clock.unix()
            self.config.last_error_message = error
            delay = self._delays.get(record.update_id, delivery.retry_delay[0])
            self._retry_at[record.update_id] = asyncio.get_running_loop().time() + delay
            self._delays[record.update_id] = min(delay * 2, delivery.retry_delay[1])
        world.changed()

    async def _post(self, record: UpdateRecord) -> str | None:
        config, delivery = self.config, self.delivery
        headers = {"Content-Type": "application/json"}
        if config.secret_token:
            headers["X-Telegram-Bot-Api-Secret-Token"] = config.secret_token
        targets = delivery.spread.targets
        url = delivery.spread.rng.choice(targets) if targets else config.url
        record.attempts += 1
        status: int | None = None
        error: str | None = None
        reply: ReplyCall | None = None
        try:
            async with self.session.post(
                url,
                data=json.dumps(record.payload),
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=delivery.webhook_timeout),
                allow_redirects=False,
            ) as response:
                body = await response.read()
                status = response.status
                if not 200 <= status < 300:
                    error = f"Wrong response from the webhook: {status} {response.reason}"
                else:
                    reply = reply_call(response.content_type, body)
        except TimeoutError:
            error = "Read timeout expired"
        except aiohttp.ClientConnectorError:
            error = "Connection refused"
        except aiohttp.ClientError as exc:
            error = f"Connection error: {exc.__class__.__name__}"
        attempt = WebhookAttempt(
            record.update_id,
            delivery.world.clock.now(),
            status,
            error,
            headers,
            reply.method if reply is not None else None,
            url,
        )
        config.attempts.append(attempt)
        delivery.webhook_attempts.append(attempt)
        if reply is not None and self.on_reply is not None:
            await self.on_reply(reply)
        return error
