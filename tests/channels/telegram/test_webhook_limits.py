"""The webhook server's limits: how many updates it holds, how long a connection may idle or a
body take, how many connections at once; and routine trouble logged as one line.

Regressions: updates were queued without limit (10,000 people at once: 7,700 waiting, 263 MB);
partial headers, partial bodies and idle keep-alives held a connection for 150 s and more; a
caller hanging up mid-body logged a traceback at ERROR; a person who blocked the bot cost two
ERROR lines and a second send; each transient getUpdates failure logged a traceback.
"""

from __future__ import annotations

import asyncio
import json
import logging

import pytest

from bot.channels import serving
from bot.channels.telegram import run, webhook
from bot.content import Content
from tests.fakes.bot_api.server import FakeBotApi
from tests.helpers.connections import sent_then_closed
from tests.helpers.telegram_bot import WEBHOOK_SECRET, running_bot


def update(update_id: int, chat: int) -> bytes:
    return json.dumps(
        {
            "update_id": update_id,
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": chat, "type": "private", "first_name": "A"},
                "from": {"id": chat, "is_bot": False, "first_name": "A"},
                "text": "/start",
                "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
            },
        }
    ).encode()


def head(length: int) -> bytes:
    return (
        "POST /telegram HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\n"
        f"X-Telegram-Bot-Api-Secret-Token: {WEBHOOK_SECRET}\r\nContent-Length: {length}\r\n\r\n"
    ).encode()


@pytest.fixture
def short_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serving, "IDLE_SECONDS", 0.5)
    monkeypatch.setattr(webhook, "BODY_SECONDS", 0.5)


def errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.usefixtures("short_limits")
async def test_slow_and_idle_connections_are_closed(
    fake_bot_api: FakeBotApi, content: Content
) -> None:
    async with running_bot(fake_bot_api, content, "webhook") as application:
        port = application.settings.port
        half_head = b"POST /telegram HTTP/1.1\r\nHost: bot\r\n"  # never finished
        assert await sent_then_closed(port, half_head) == b""
        half_body = head(1000) + b'{"update_id":'  # the rest never comes
        assert (await sent_then_closed(port, half_body)).startswith(b"HTTP/1.1 408")
        idle = b"GET /healthz HTTP/1.1\r\nHost: bot\r\n\r\n"  # then nothing: a keep-alive
        assert (await sent_then_closed(port, idle)).startswith(b"HTTP/1.1 200")


async def test_connections_beyond_the_cap_are_closed_at_once(
    fake_bot_api: FakeBotApi, content: Content, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(run, "SPARE_CONNECTIONS", 3)
    async with running_bot(fake_bot_api, content, "webhook", max_pending_updates=2) as bot:
        port = bot.settings.port
        streams = [await asyncio.open_connection("127.0.0.1", port) for _ in range(5)]
        await asyncio.sleep(0.2)  # all five accepted
        over = [sent_then_closed(port, b"GET /healthz HTTP/1.1\r\n\r\n") for _ in range(4)]
        assert await asyncio.gather(*over) == [b""] * 4  # over the cap of 2 + 3: unanswered
        for _, writer in streams:
            writer.close()
            await writer.wait_closed()
        await asyncio.sleep(0.2)
        person = fake_bot_api.user()  # and the bot serves again as usual
        await person.start()
        await person.wait_for_reply()


async def test_updates_beyond_max_pending_get_503_and_come_back(
    fake_bot_api: FakeBotApi, content: Content
) -> None:
    async with running_bot(fake_bot_api, content, "webhook", max_pending_updates=3) as bot:
        port = bot.settings.port
        fake_bot_api.inject("sendMessage", delay=1.5, times=6)  # each update takes a while

        async def deliver(number: int) -> bytes:
            body = update(900 + number, 5000 + number)
            return await sent_then_closed(
                port, head(len(body)).replace(b"HTTP/1.1", b"HTTP/1.0") + body
            )

        first = [asyncio.create_task(deliver(n)) for n in range(3)]
        await fake_bot_api.wait_for(lambda: len(fake_bot_api.calls_to("sendMessage")) == 3)
        refused = await asyncio.gather(*(deliver(n) for n in range(3, 6)))
        answered = await asyncio.gather(*first)
    assert all(a.startswith(b"HTTP/1.0 503") and b"too many updates" in a for a in refused)
    assert all(a.startswith(b"HTTP/1.0 200") for a in answered)


async def test_a_caller_hanging_up_mid_body_is_one_line(
    fake_bot_api: FakeBotApi, content: Content, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    async with running_bot(fake_bot_api, content, "webhook") as bot:
        _, writer = await asyncio.open_connection("127.0.0.1", bot.settings.port)
        writer.write(head(1000) + b'{"update_id": 1')
        await writer.drain()
        writer.close()
        await writer.wait_closed()
        await fake_bot_api.wait_for(lambda: "before its body arrived" in caplog.text)
    assert "Traceback" not in caplog.text
    assert errors(caplog) == []
    assert caplog.text.count("before its body arrived") == 1


async def test_a_person_who_blocked_the_bot_is_one_line_and_no_second_send(
    fake_bot_api: FakeBotApi, content: Content, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    person = fake_bot_api.user()
    async with running_bot(fake_bot_api, content, "webhook"):
        fake_bot_api.inject(
            "sendMessage", status=403, description="Forbidden: bot was blocked by the user"
        )
        await person.start()
        await fake_bot_api.wait_for(lambda: "blocked the bot" in caplog.text)
        await fake_bot_api.wait_for(lambda: fake_bot_api.webhook_attempts)
    assert len(fake_bot_api.calls_to("sendMessage")) == 1
    assert errors(caplog) == []
    assert caplog.text.count("blocked the bot") == 1


async def test_a_transient_get_updates_failure_is_one_line(
    fake_bot_api: FakeBotApi, content: Content, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    person = fake_bot_api.user()
    # Before the start: the first round fails, whenever the poller sends it (it may be in
    # flight already when the start is over).
    fake_bot_api.inject("getUpdates", status=502, times=1)
    async with running_bot(fake_bot_api, content, "polling"):
        await person.start()
        await person.wait_for_reply(timeout=10)
    failures = [r for r in caplog.records if "getUpdates failed" in r.getMessage()]
    assert len(failures) == 1 and failures[0].levelno == logging.WARNING
    assert failures[0].exc_info is None
    assert errors(caplog) == []
