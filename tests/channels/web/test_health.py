"""The web chat's health (bot/channels/web/health.py), as `python -m bot healthcheck` asks it
of `python -m bot web`: healthy while its start page renders, unhealthy when it does not.

Regression: the web chat's /healthz answered "ok" whatever happened, so the healthcheck only
proved that a socket was open.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt

import aiohttp
import pytest

from bot.channels.web import serve
from bot.channels.web.app import WebChat, WebOptions
from bot.content import DEFAULT_CONVERSATIONS, DEFAULT_RESOURCES, Content, ContentStore
from bot.flows.engine import Engine
from bot.flows.events import Event
from bot.flows.screen import Screen
from bot.healthcheck import check
from tests.helpers.content import WEDNESDAY_MORNING


class BrokenEngine(Engine):
    """An engine that fails every event, as a bug would."""

    def handle(self, event: Event, now: dt.datetime) -> Screen:
        raise RuntimeError("a bug")


def listen() -> serve.Listen:
    return serve.Listen("127.0.0.1", 0, DEFAULT_RESOURCES, DEFAULT_CONVERSATIONS, watch_files=False)


async def healthcheck(chat: WebChat) -> int:
    """What `python -m bot healthcheck` says of the web chat served on its own."""
    async with serve.serving(chat, listen()) as server:
        return await asyncio.to_thread(check, {"PORT": str(server.listener.port)})


async def test_the_web_chat_is_healthy_while_its_start_page_renders(
    chat: WebChat, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await healthcheck(chat) == 0
    assert capsys.readouterr().out == "healthy\n"


async def test_a_web_chat_that_cannot_render_its_start_page_is_unhealthy(
    content: Content, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = dataclasses.replace(
        content, engine=BrokenEngine(content.flow, content.directory, content.index)
    )
    chat = WebChat(ContentStore(broken), WebOptions(), clock=lambda: WEDNESDAY_MORNING)
    assert await healthcheck(chat) == 1
    assert capsys.readouterr().out == (
        "unhealthy: HTTP 503 the start page does not render (RuntimeError)\n"
    )


def pages_shown(chat: WebChat) -> float:
    return sum(
        sample.value
        for metric in chat.metrics.registry.collect()
        for sample in metric.samples
        if sample.name == "bot_screens_shown_total"
    )


async def test_the_check_is_not_counted_as_a_page_shown(chat: WebChat) -> None:
    async with serve.serving(chat, listen()) as server:
        port = server.listener.port
        assert await asyncio.to_thread(check, {"PORT": str(port)}) == 0
        assert pages_shown(chat) == 0
        async with aiohttp.ClientSession() as session, session.get(f"http://127.0.0.1:{port}/"):
            pass
        assert pages_shown(chat) == 1  # a person's page is
