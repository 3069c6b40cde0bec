"""Calls to the Bot API that survive Telegram's bad moments.

PTB's `AIORateLimiter` keeps the bot under Telegram's flood limits and, on a 429, waits the
`retry_after` Telegram asked for and tries again. This adds the other transient failures: a
network error, a timeout, a dropped connection or a 5xx answer is retried with exponential
backoff; a 4xx answer (bad request, blocked by the person, bad token) is final.

Every method the bot calls is retried, which is safe because all but one are idempotent:
answerCallbackQuery (a second answer is refused, and refusals are ignored), editMessageText
(a repeat is "not modified", treated as success), deleteMessage(s), setWebhook, setMyCommands.
sendMessage is not: if Telegram stored the message but the answer was lost, the retry sends it
again. We accept that, because a person in trouble who gets no answer is worse off than one
who sees a screen twice, and Erase still finds the duplicate (see erase.py: small gaps between
a chat's known message ids are taken as the session's). getUpdates does not pass through here:
PTB's updater retries it on its own.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import BadRequest, NetworkError
from telegram.ext import AIORateLimiter

logger = logging.getLogger(__name__)
MAX_BACKOFF_SECONDS = 30.0

Result = bool | dict[str, Any] | list[dict[str, Any]]


class RetryingRateLimiter(AIORateLimiter):
    """AIORateLimiter, plus retries with backoff for network errors, timeouts and 5xx."""

    def __init__(
        self,
        *,
        max_sends_per_second: int,
        retries: int,
        backoff_seconds: float,
        retry_after_retries: int = 3,
    ) -> None:
        super().__init__(overall_max_rate=max_sends_per_second, max_retries=retry_after_retries)
        self.retries = retries
        self.backoff_seconds = backoff_seconds

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Result:
        delay = self.backoff_seconds
        for attempt in range(self.retries + 1):
            try:
                return await super().process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args
                )
            except BadRequest:
                raise  # a 400: the same call would fail the same way
            except NetworkError as error:  # includes TimedOut and 5xx answers
                if attempt == self.retries:
                    logger.warning(
                        "Bot API %s failed after %d attempts (%s)",
                        endpoint,
                        attempt + 1,
                        type(error).__name__,
                    )
                    raise
                logger.info(
                    "Bot API %s failed (%s); retry %d of %d in %.2f s",
                    endpoint,
                    type(error).__name__,
                    attempt + 1,
                    self.retries,
                    delay,
                )
                await asyncio.sleep(delay)
                delay = min(delay * 2, MAX_BACKOFF_SECONDS)
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises
