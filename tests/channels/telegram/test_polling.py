"""getUpdates' client in polling mode (polling.py): it asks for more only while the bot has
room (the backlog bound), never waits for room on a stop's last call, and notes each round."""

from __future__ import annotations

import asyncio
from typing import Any

from telegram.request import BaseRequest, RequestData

from bot.channels.telegram.polling import PollingRequest


class Answering(BaseRequest):
    """A BaseRequest that answers every call at once, counting them."""

    def __init__(self) -> None:
        self.calls = 0

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None, *_: Any, **__: Any
    ) -> tuple[int, bytes]:
        self.calls += 1
        return 200, b'{"ok": true, "result": []}'


async def test_a_round_waits_for_room_and_a_stop_does_not() -> None:
    inner = Answering()
    poller = PollingRequest(inner, stale_after=30)
    room = False
    poller.has_room = lambda: room
    asking = asyncio.create_task(poller.do_request("http://api/getUpdates", "POST"))
    await asyncio.sleep(0.2)
    assert not asking.done() and inner.calls == 0  # the bot holds too many: no more asked for
    room = True
    assert await asyncio.wait_for(asking, 5) == (200, b'{"ok": true, "result": []}')
    assert poller.seconds_since_round() < 5

    room = False
    poller.stopping = True  # the stop's "mark as read" call goes out at once
    assert await asyncio.wait_for(poller.do_request("http://api/getUpdates", "POST"), 5)
    assert inner.calls == 2
