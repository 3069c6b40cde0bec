"""The real Telegram bot, built by `build_application`, running against the fake Bot API server.

    async with running_bot(fake_bot_api, content, mode) as application:
        person = fake_bot_api.user(language_code="es")
        await person.start()
        screen = await person.wait_for_reply()

`mode` is "polling" or "webhook" (a real aiohttp webhook server on a free port of 127.0.0.1,
registered with the fake, which then POSTs every update to it).
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import AsyncIterator
from typing import Any, Literal

from pydantic import SecretStr

from bot.channels.telegram.app import BotApplication, build_application
from bot.channels.telegram.run import running
from bot.channels.telegram.webhook import WEBHOOK_PATH
from bot.content import Content, ContentStore
from bot.settings import Settings
from tests.fakes.bot_api.server import FakeBotApi, FakeUser

Mode = Literal["polling", "webhook"]
MODES: tuple[Mode, ...] = ("polling", "webhook")
WEBHOOK_SECRET = "test-secret_0123456789"


def free_port() -> int:
    """A port of 127.0.0.1 nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def answers(person: FakeUser) -> int:
    """How many of the bot's messages `person` sees in the chat now."""
    return sum(1 for message in person.visible_messages() if message.from_bot)


def bot_settings(fake: FakeBotApi, mode: Mode = "polling", **changes: Any) -> Settings:
    """Settings for a bot talking to the fake: fast timeouts, retries and sends."""
    settings = Settings(
        bot_token=SecretStr(fake.token),
        api_base_url=fake.base_url,
        host="127.0.0.1",
        port=free_port(),  # polling mode serves /healthz on it, for the healthcheck
        api_timeout_seconds=2.0,
        api_retries=3,
        api_retry_backoff_seconds=0.02,
        max_sends_per_second=10_000,
    )
    if mode == "webhook":
        port = free_port()
        settings = settings.model_copy(
            update={
                "webhook_url": f"http://127.0.0.1:{port}{WEBHOOK_PATH}",
                "webhook_secret": SecretStr(WEBHOOK_SECRET),
                "port": port,
            }
        )
    return settings.model_copy(update=changes)


@contextlib.asynccontextmanager
async def running_bot(
    fake: FakeBotApi,
    content: Content | ContentStore,
    mode: Mode = "polling",
    **changes: Any,
) -> AsyncIterator[BotApplication]:
    """Builds the bot with `build_application` and runs it as `python -m bot run` would."""
    store = content if isinstance(content, ContentStore) else ContentStore(content)
    application = build_application(bot_settings(fake, mode, **changes), store)
    async with running(application):
        yield application
