"""Redis going away, coming back, or answering slowly: the bot keeps answering everyone, says
so once in the log (not once per update), and goes back to Redis by itself."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.content import Content
from tests.fakes.bot_api.server import FakeBotApi, FakeUser
from tests.helpers.redis_server import RedisServer
from tests.helpers.telegram_bot import running_bot

DOWN = "Redis cannot be reached"
BACK = "Redis is reachable again"


def lines(caplog: pytest.LogCaptureFixture, text: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if text in r.getMessage()]


async def search(person: FakeUser, text: str) -> None:
    await person.send_text(text)
    reply = await person.wait_for_reply(timeout=10)
    assert reply.text.startswith("Here is what I found"), reply.text


async def test_an_outage_costs_no_answer_is_logged_once_and_heals_itself(
    fake_bot_api: FakeBotApi, content: Content, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    people = [fake_bot_api.user() for _ in range(3)]
    with RedisServer(tmp_path) as redis:
        async with running_bot(
            fake_bot_api,
            content,
            "webhook",
            redis_url=SecretStr(redis.url),
            redis_timeout_seconds=0.5,
            erase_note_seconds=600,
        ):
            for person in people:
                await search(person, "lawyer")
            redis.stop()
            for round_ in range(4):  # every update answered, in process meanwhile
                for person in people:
                    await search(person, f"clinic {round_}")
            assert len(lines(caplog, DOWN)) == 1
            assert lines(caplog, BACK) == []

            redis.start()  # back, on the same port, empty (as after a crash)
            for _ in range(40):  # the next call after the pause (at most 5 s) finds it
                await search(people[1], "therapist")
                if lines(caplog, BACK):
                    break
                await asyncio.sleep(0.25)
            await search(people[0], "shelter")
            await people[0].send_text("/erase")
            note = await people[0].wait_for_reply(timeout=10)
            # Erase found what the replica kept itself during the outage and what went to
            # Redis after: the whole session but the two messages Redis lost in its crash.
            assert [m.message_id for m in people[0].visible_messages()] == [1, 2, note.message_id]

    assert len(lines(caplog, DOWN)) == 1
    assert len(lines(caplog, BACK)) == 1
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


class SlowProxy:
    """A TCP proxy to Redis that holds every answer for `delay` seconds while `slow`."""

    def __init__(self, port: int, delay: float) -> None:
        self.port_to = port
        self.delay = delay
        self.slow = False
        self.port = 0

    @contextlib.asynccontextmanager
    async def serving(self) -> AsyncIterator[SlowProxy]:
        server = await asyncio.start_server(self._connection, "127.0.0.1", 0)
        self.port = server.sockets[0].getsockname()[1]
        async with server:
            yield self

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.port_to)

        async def pipe(
            source: asyncio.StreamReader, sink: asyncio.StreamWriter, hold: bool
        ) -> None:
            with contextlib.suppress(ConnectionError, asyncio.CancelledError):
                while data := await source.read(65536):
                    if hold and self.slow:
                        await asyncio.sleep(self.delay)
                    sink.write(data)
                    await sink.drain()
            sink.close()

        await asyncio.gather(pipe(reader, up_writer, False), pipe(up_reader, writer, True))


async def test_a_slow_redis_never_holds_an_update_past_its_timeout(
    fake_bot_api: FakeBotApi,
    content: Content,
    redis_url: str,
    redis_server: RedisServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    people = [fake_bot_api.user() for _ in range(4)]
    async with SlowProxy(redis_server.port, delay=30).serving() as proxy:
        url = f"redis://127.0.0.1:{proxy.port}/0"
        async with running_bot(
            fake_bot_api, content, "webhook", redis_url=SecretStr(url), redis_timeout_seconds=0.3
        ):
            await search(people[0], "lawyer")
            proxy.slow = True  # every answer from Redis now takes 30 s
            for person in people:  # each answered long before a single Redis answer comes
                await search(person, "clinic")
                await search(person, "legal aid")

    assert len(lines(caplog, DOWN)) == 1
