"""The webhook server refuses anything that is not an update from Telegram."""

from __future__ import annotations

import io
import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from bot.channels.telegram.app import BotApplication
from bot.channels.telegram.webhook import MAX_BODY_BYTES, SECRET_HEADER
from bot.content import Content
from tests.fakes.bot_api.server import FakeBotApi
from tests.helpers.telegram_bot import WEBHOOK_SECRET, running_bot

UPDATE: dict[str, Any] = {
    "update_id": 1,
    "message": {
        "message_id": 1,
        "date": 0,
        "chat": {"id": 42, "type": "private", "first_name": "A"},
        "from": {"id": 42, "is_bot": False, "first_name": "A"},
        "text": "hello",
    },
}


@pytest.fixture
async def webhook_bot(
    fake_bot_api: FakeBotApi, content: Content
) -> AsyncIterator[tuple[BotApplication, str]]:
    async with running_bot(fake_bot_api, content, "webhook") as application:
        assert application.settings.webhook_url is not None
        yield application, application.settings.webhook_url


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def post(
    http: aiohttp.ClientSession,
    url: str,
    body: bytes | io.BytesIO | AsyncIterator[bytes],
    *,
    secret: str | None = WEBHOOK_SECRET,
    content_type: str = "application/json",
) -> int:
    headers = {"Content-Type": content_type}
    if secret is not None:
        headers[SECRET_HEADER] = secret
    async with http.post(url, data=body, headers=headers) as response:
        await response.read()
        return response.status


async def test_the_webhook_is_registered_with_the_secret_and_two_update_types(
    fake_bot_api: FakeBotApi, webhook_bot: tuple[BotApplication, str]
) -> None:
    _, url = webhook_bot
    [call] = fake_bot_api.calls_to("setWebhook")

    assert call.params["url"] == url
    assert call.params["secret_token"] == WEBHOOK_SECRET
    assert call.params["allowed_updates"] == ["message", "callback_query"]


@pytest.mark.parametrize("secret", [None, "", "wrong-secret", WEBHOOK_SECRET + "x", "test"])
async def test_a_missing_or_wrong_secret_is_forbidden(
    webhook_bot: tuple[BotApplication, str], http: aiohttp.ClientSession, secret: str | None
) -> None:
    application, url = webhook_bot
    status = await post(http, url, json.dumps(UPDATE).encode(), secret=secret)

    assert status == 403
    assert application.update_queue.qsize() == 0


async def test_only_json_is_accepted(
    webhook_bot: tuple[BotApplication, str], http: aiohttp.ClientSession
) -> None:
    _, url = webhook_bot
    body = json.dumps(UPDATE).encode()

    assert await post(http, url, body, content_type="text/plain") == 415
    assert await post(http, url, body, content_type="application/x-www-form-urlencoded") == 415


async def test_an_oversized_body_is_refused_whether_its_size_is_declared_or_not(
    webhook_bot: tuple[BotApplication, str], http: aiohttp.ClientSession
) -> None:
    application, url = webhook_bot
    body = json.dumps({**UPDATE, "padding": "x" * MAX_BODY_BYTES}).encode()

    async def chunks() -> AsyncIterator[bytes]:  # sent chunked: no Content-Length
        for start in range(0, len(body), 65536):
            yield body[start : start + 65536]

    assert await post(http, url, io.BytesIO(body)) == 413
    assert await post(http, url, chunks()) == 413
    assert application.update_queue.qsize() == 0


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"",
        b"[1, 2]",
        b'"text"',
        b'{"update_id": "1"}',
        b'{"message": {}}',
        # Regression: these were queued and failed in a handler (update_shape.py).
        b'{"update_id": true}',
        json.dumps({**UPDATE, "message": {**UPDATE["message"], "text": 5}}).encode(),
        json.dumps({**UPDATE, "message": {**UPDATE["message"], "chat": "42"}}).encode(),
        json.dumps({**UPDATE, "message": {**UPDATE["message"], "message_id": 2**70}}).encode(),
    ],
)
async def test_malformed_json_or_not_an_update_is_a_bad_request(
    webhook_bot: tuple[BotApplication, str], http: aiohttp.ClientSession, body: bytes
) -> None:
    _, url = webhook_bot
    assert await post(http, url, body) == 400


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"{not json", "not JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "not JSON"),
        (b'{"update_id": 1, "message": {"message_id": 1}}', "message.chat: not an object"),
        (b'{"update_id": 1, "message": {"chat": 5, "message_id": 1, "date": "x"}}', "message"),
    ],
)
async def test_a_bad_request_says_why(
    webhook_bot: tuple[BotApplication, str],
    http: aiohttp.ClientSession,
    body: bytes,
    reason: str,
) -> None:
    _, url = webhook_bot
    headers = {"Content-Type": "application/json", SECRET_HEADER: WEBHOOK_SECRET}
    async with http.post(url, data=body, headers=headers) as response:
        assert response.status == 400
        assert (await response.text()).startswith(f"not an update: {reason}")


async def test_healthz_answers_while_the_bot_runs(
    webhook_bot: tuple[BotApplication, str], http: aiohttp.ClientSession
) -> None:
    _, url = webhook_bot
    async with http.get(url.replace("/telegram", "/healthz")) as response:
        assert response.status == 200
        assert await response.text() == "ok"


async def test_a_good_update_is_answered_200_once_it_is_handled(
    fake_bot_api: FakeBotApi, webhook_bot: tuple[BotApplication, str]
) -> None:
    person = fake_bot_api.user()
    await person.send_text("hello")
    reply = await person.wait_for_reply()
    await fake_bot_api.wait_for(lambda: fake_bot_api.webhook_attempts)

    assert [a.status for a in fake_bot_api.webhook_attempts] == [200]
    [sent] = fake_bot_api.calls_to("sendMessage")
    assert sent.result["message_id"] == reply.message_id
    assert fake_bot_api.webhook_attempts[0].time >= sent.time  # the 200 came after the screen
