"""`python -m bot web`'s own server (bot/channels/web/serve.py), in process: its pages and
/healthz on the public port, /metrics only on METRICS_PORT, the shared server's limits.

Regression: it served without the webhook server's connection cap and idle timeout.
"""

from __future__ import annotations

import aiohttp
import pytest

from bot.channels import serving as shared
from bot.channels.web import serve
from bot.channels.web.app import WebChat
from bot.content import DEFAULT_CONVERSATIONS, DEFAULT_RESOURCES
from tests.helpers.connections import beyond_the_cap, sent_then_closed
from tests.helpers.telegram_bot import free_port


def listen(metrics_port: int | None = None) -> serve.Listen:
    return serve.Listen(
        "127.0.0.1",
        0,
        DEFAULT_RESOURCES,
        DEFAULT_CONVERSATIONS,
        watch_files=False,
        metrics_port=metrics_port,
    )


async def status(url: str) -> int:
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status


async def test_pages_on_the_public_port_and_metrics_only_on_their_own(chat: WebChat) -> None:
    metrics_port = free_port()
    async with serve.serving(chat, listen(metrics_port)) as server:
        public = f"http://127.0.0.1:{server.listener.port}"
        assert await status(f"{public}/") == 200
        assert await status(f"{public}/healthz") == 200
        assert await status(f"{public}/metrics") == 404
        assert await status(f"http://127.0.0.1:{metrics_port}/metrics") == 200


async def test_a_half_sent_request_is_closed(
    chat: WebChat, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shared, "IDLE_SECONDS", 0.5)
    async with serve.serving(chat, listen()) as server:
        half = b"GET / HTTP/1.1\r\nHost: chat\r\n"  # never finished
        assert await sent_then_closed(server.listener.port, half) == b""


async def test_connections_beyond_the_cap_are_closed_at_once(
    chat: WebChat, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(serve, "CONNECTIONS", 2)
    async with serve.serving(chat, listen()) as server:
        over, again = await beyond_the_cap(server.listener.port, 2, "/healthz")
    assert over == b""
    assert again.startswith(b"HTTP/1.1 200")
