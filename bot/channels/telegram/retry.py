"""Calls to the Bot API that keep under Telegram's limits and survive its bad moments.

A `BaseRateLimiter` (python-telegram-bot's extension point for exactly this):
- every call to a chat (send, edit, delete) first takes a slot of the bot-wide send rate
  (`SendRate`: in this process, or shared by every replica through Redis);
- a 429 is waited out as long as Telegram asks, and pauses the whole send rate meanwhile, so
  the other calls (on every replica) wait too instead of earning 429s of their own;
- a network error, a timeout, a dropped connection or a 5xx answer is retried with exponential
  backoff; any other 4xx answer (bad request, blocked by the person, bad token) is final.

Every method the bot calls is retried, which is safe because all but one are idempotent:
answerCallbackQuery (a second answer is refused, and refusals are ignored), editMessageText
(a repeat is "not modified", treated as success), deleteMessage(s), setWebhook, setMyCommands.
sendMessage is not: if Telegram stored the message but the answer was lost, the retry sends it
again. We accept that, because a person in trouble who gets no answer is worse off than one
who sees a screen twice, and Erase still finds the duplicate (small gaps between a chat's known
message ids are taken as the session's). getUpdates does not pass through here: PTB's updater
retries it on its own.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import BadRequest, NetworkError, RetryAfter
from telegram.ext import BaseRateLimiter

from bot.shared_state.stores import SendRate

logger = logging.getLogger(__name__)
MAX_BACKOFF_SECONDS = 30.0
RETRY_AFTER_SLACK_SECONDS = 0.1

Result = bool | dict[str, Any] | list[dict[str, Any]]


class RetryingRateLimiter(BaseRateLimiter[int]):
    """The bot-wide send rate, 429s waited out, network errors and 5xx retried."""

    def __init__(
        self,
        send_rate: SendRate,
        *,
        retries: int,
        backoff_seconds: float,
        retry_after_retries: int = 3,
    ) -> None:
        self.send_rate = send_rate
        self.retries = retries
        self.backoff_seconds = backoff_seconds
        self.retry_after_retries = retry_after_retries

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to free."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Result:
        to_a_chat = data.get("chat_id") is not None  # what Telegram's message limit counts
        delay = self.backoff_seconds
        failures = waits = 0
        while True:
            if to_a_chat:
                await self.send_rate.take()
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                if waits == (rate_limit_args or self.retry_after_retries):
                    logger.warning("Bot API %s: still 429 after %d waits", endpoint, waits)
                    raise
                waits += 1
                seconds = _seconds(error.retry_after) + RETRY_AFTER_SLACK_SECONDS
                logger.info("Bot API %s: 429, waiting %.1f s as Telegram asks", endpoint, seconds)
                await self.send_rate.pause(seconds)
                if not to_a_chat:
                    await asyncio.sleep(seconds)
            except BadRequest:
                raise  # a 400: the same call would fail the same way
            except NetworkError as error:  # includes TimedOut and 5xx answers
                if failures == self.retries:
                    logger.warning(
                        "Bot API %s failed after %d attempts (%s)",
                        endpoint,
                        failures + 1,
                        type(error).__name__,
                    )
                    raise
                failures += 1
                logger.info(
                    "Bot API %s failed (%s); retry %d of %d in %.2f s",
                    endpoint,
                    type(error).__name__,
                    failures,
                    self.retries,
                    delay,
                )
                await asyncio.sleep(delay)
                delay = min(delay * 2, MAX_BACKOFF_SECONDS)


def _seconds(period: int | dt.timedelta) -> float:
    return period.total_seconds() if isinstance(period, dt.timedelta) else float(period)
