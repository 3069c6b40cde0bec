"""getUpdates' HTTP client in polling mode: a heartbeat for the healthcheck, and the backlog
bound.

A `BaseRequest` (python-telegram-bot's extension point for the HTTP layer) around the real
one, used for getUpdates only:
- it notes when each round comes back answered (200), so /healthz can tell a working poller
  from a wedged one (health.py) without any file or any state about anyone;
- before asking for more updates, it waits while the bot already holds `max_pending` (the
  updater would otherwise fetch as fast as Telegram answers, however far behind the bot is).
  The final "mark as read" call of a stop never waits.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from telegram.request import BaseRequest, RequestData

ROOM_CHECK_SECONDS = 0.05


class PollingRequest(BaseRequest):
    """Another BaseRequest, with a heartbeat and a wait for room before each round."""

    def __init__(self, inner: BaseRequest, *, stale_after: float) -> None:
        self._inner = inner
        self.stale_after = stale_after  # no round back for this long: wedged (health.py)
        self.has_room: Callable[[], bool] = lambda: True
        self.stopping = False
        self._last_round = time.monotonic()  # a fresh start counts as a round

    def seconds_since_round(self) -> float:
        """How long since getUpdates last came back with an answer."""
        return time.monotonic() - self._last_round

    @property
    def read_timeout(self) -> float | None:
        return self._inner.read_timeout

    async def initialize(self) -> None:
        await self._inner.initialize()

    async def shutdown(self) -> None:
        await self._inner.shutdown()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        # PTB's queue and the update processor have no event to wait on: look every 50 ms.
        while not self.stopping and not self.has_room():  # noqa: ASYNC110
            await asyncio.sleep(ROOM_CHECK_SECONDS)
        status, body = await self._inner.do_request(
            url,
            method,
            request_data,
            read_timeout=read_timeout,
            write_timeout=write_timeout,
            connect_timeout=connect_timeout,
            pool_timeout=pool_timeout,
        )
        if status == HTTPStatus.OK:
            self._last_round = time.monotonic()
        return status, body
