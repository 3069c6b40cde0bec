"""The real bot, running against the fake Bot API server, sent hundreds of hostile inputs by a
synchronous Hypothesis test: one bot for all the examples of a test, since that it keeps
serving is part of what is tested.

The bot runs on the test's event loop (as `python -m bot run` would: signal handlers need the
main thread); the Hypothesis test runs in a worker thread (`await live.explore(check)`) and
hands each step to the bot's loop with `live.run`, bounded by a timeout: an input that makes
the bot hang fails its example.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import io
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

import aiohttp

from bot.channels.telegram.app import BotApplication, build_application
from bot.channels.telegram.run import running
from bot.channels.telegram.webhook import SECRET_HEADER
from bot.content import Content, ContentStore
from tests.fakes.bot_api.server import FakeBotApi
from tests.helpers.telegram_bot import WEBHOOK_SECRET, bot_settings

T = TypeVar("T")


@dataclass(frozen=True)
class Answer:
    """The webhook server's answer to one POST, and how long it took."""

    status: int
    text: str
    seconds: float


class LiveBot:
    """A running bot in webhook mode, its fake Telegram, and the loop they run on."""

    def __init__(
        self,
        fake: FakeBotApi,
        application: BotApplication,
        content: Content,
        now: dt.datetime,
        loop: asyncio.AbstractEventLoop,
        http: aiohttp.ClientSession,
    ) -> None:
        self.fake = fake
        self.application = application
        self.content = content
        self.now = now
        self._loop = loop
        self._http = http
        assert application.settings.webhook_url is not None
        self.webhook_url = application.settings.webhook_url

    async def explore(self, check: Callable[[], None]) -> None:
        """Runs a Hypothesis test (a function decorated with @given) in a worker thread."""
        await asyncio.to_thread(check)

    def run(self, make: Callable[[], Awaitable[T]], timeout: float) -> T:
        """From the worker thread: runs `make()` on the bot's loop, within `timeout` seconds."""

        async def bounded() -> T:
            async with asyncio.timeout(timeout):
                return await make()

        return asyncio.run_coroutine_threadsafe(bounded(), self._loop).result(timeout + 5)

    async def post(
        self,
        body: bytes | io.BytesIO | AsyncIterator[bytes],
        *,
        content_type: str = "application/json",
        secret: str | None = WEBHOOK_SECRET,
    ) -> Answer:
        """POSTs `body` to the webhook as anyone who knows (or not) its URL and secret."""
        headers = {"Content-Type": content_type}
        if secret is not None:
            headers[SECRET_HEADER] = secret
        started = time.perf_counter()
        async with self._http.post(self.webhook_url, data=body, headers=headers) as response:
            text = await response.text(errors="replace")
            return Answer(response.status, text, time.perf_counter() - started)

    # --- what the tests check after each input --------------------------------------------

    def bot_errors(self) -> float:
        """Exceptions that escaped a handler, other than the Bot API's own refusals."""
        registry = self.application.services.metrics.registry
        return registry.get_sample_value("bot_errors_total", {"kind": "bot"}) or 0.0

    async def idle(self) -> None:
        """Waits until every update sent so far has reached the bot and been handled, and
        every call the bot made has its answer."""
        await self.fake.wait_for(lambda: not self.fake.pending_updates, timeout=10)
        application = self.application
        processor = application.update_processor
        while application.update_queue.qsize() or processor.current_concurrent_updates:  # noqa: ASYNC110
            await asyncio.sleep(0.002)
        await self.fake.wait_for(lambda: all(c.finished for c in self.fake.calls), timeout=10)


@contextlib.asynccontextmanager
async def live_bot(fake: FakeBotApi, content: Content, now: dt.datetime) -> AsyncIterator[LiveBot]:
    """The bot by webhook, on a fixed clock, as `python -m bot run` runs it."""
    settings = bot_settings(fake, "webhook", erase_note_seconds=600)
    application = build_application(settings, ContentStore(content), clock=lambda: now)
    async with running(application), aiohttp.ClientSession() as http:
        yield LiveBot(fake, application, content, now, asyncio.get_running_loop(), http)
