"""The web chat over HTTP: the real aiohttp application on the shipped content, in process."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.channels.web.app import WebChat, WebOptions, build_web_app
from bot.content import Content, ContentStore
from tests.helpers.content import WEDNESDAY_MORNING

QUICK_EXIT_URL = "https://weather.example/today"
Client = TestClient[web.Request, web.Application]


@pytest.fixture
def chat(content: Content) -> WebChat:
    return WebChat(
        ContentStore(content),
        WebOptions(quick_exit_url=QUICK_EXIT_URL),
        clock=lambda: WEDNESDAY_MORNING,
    )


@pytest.fixture
async def client(chat: WebChat) -> AsyncIterator[Client]:
    async with TestClient(TestServer(build_web_app(chat))) as test_client:
        yield test_client
