"""The fake_bot_api pytest fixture: a fresh fake Telegram Bot API server for each test."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from tests.fakes.bot_api.server import FakeBotApi


@pytest_asyncio.fixture
async def fake_bot_api() -> AsyncIterator[FakeBotApi]:
    """Serves a fake api.telegram.org on 127.0.0.1; fails the test if the fake itself broke."""
    server = FakeBotApi()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()
    if server.internal_errors:
        pytest.fail(f"the fake Bot API server had internal errors: {server.internal_errors!r}")
