"""Fixtures for the fake Bot API server's own tests: a PTB Bot on it, a person who started it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio
from telegram import Bot

from tests.fakes.bot_api.client import ptb_bot
from tests.fakes.bot_api.server import FakeBotApi, FakeUser


@pytest_asyncio.fixture
async def bot(fake_bot_api: FakeBotApi) -> AsyncIterator[Bot]:
    async with ptb_bot(fake_bot_api) as ready:
        yield ready


@pytest_asyncio.fixture
async def user(fake_bot_api: FakeBotApi) -> FakeUser:
    person = fake_bot_api.user(first_name="Ana", username="ana_w", language_code="es")
    await person.start()
    return person
