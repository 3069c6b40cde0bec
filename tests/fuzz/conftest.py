"""The live bot that hostile inputs are sent to (see live_bot.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.content import Content
from tests.fakes.bot_api.server import FakeBotApi
from tests.fuzz.live_bot import LiveBot, live_bot
from tests.helpers.content import WEDNESDAY_MORNING


@pytest.fixture
async def live(
    fake_bot_api: FakeBotApi, content: Content, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[LiveBot]:
    """One running bot (webhook mode) for all the examples of a test."""
    monkeypatch.setenv("PTB_TIMEDELTA", "true")  # as `python -m bot run` does
    async with live_bot(fake_bot_api, content, WEDNESDAY_MORNING) as bot:
        yield bot
