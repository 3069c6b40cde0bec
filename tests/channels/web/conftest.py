"""The web chat in process (the aiohttp application on the shipped content, through a test
client) and live (`python -m bot web` and Chromium)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from playwright.sync_api import Browser

from bot.channels.web.app import WebChat, WebOptions, build_web_app
from bot.content import Content, ContentStore
from tests.channels.web.live import Sites, browser, live_sites
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


# One server and one browser per test module, never longer: Playwright's synchronous API holds
# an event loop of its own while it is open, and the async tests of other modules need theirs.


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sites]:
    """`python -m bot web` and a neutral site, for one test module."""
    with live_sites(tmp_path_factory.mktemp("web-chat") / "server.log") as running:
        yield running


@pytest.fixture(scope="module")
def chromium_browser() -> Iterator[Browser]:
    """Headless Chromium, for one test module (each test opens its own context)."""
    with browser() as (_, launched):
        yield launched
