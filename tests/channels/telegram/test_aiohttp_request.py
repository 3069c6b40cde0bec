"""The Bot API over aiohttp: what goes on the wire, and every failure as PTB's error.

PTB's own `Bot` drives the request class against the fake Bot API server, whose injected
faults play Telegram's bad moments: a 429 with retry_after, 5xx answers, slow answers, a
dropped connection; a closed port plays a Bot API that is down. What goes on the wire (content
type, body, connections) is read by a small recording server.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import socket
import traceback
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError, TimedOut

from bot.channels.telegram.aiohttp_request import AiohttpRequest
from tests.fakes.bot_api.server import FakeBotApi, FakeUser

BOT_USER = {"id": 123, "is_bot": True, "first_name": "Bot", "username": "a_bot"}
MARKUP = InlineKeyboardMarkup([[InlineKeyboardButton("Legal help", callback_data="1.x")]])


def bot_for(fake: FakeBotApi, request: AiohttpRequest) -> Bot:
    return Bot(fake.token, base_url=fake.api_url, base_file_url=fake.file_url, request=request)


@pytest.fixture
async def person(fake_bot_api: FakeBotApi) -> FakeUser:
    """Someone who has opened the bot, so it may write to them."""
    someone = fake_bot_api.user(language_code="en")
    someone.account.started = True
    return someone


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def leaks_token(error: BaseException, token: str) -> bool:
    """Whether the error, printed with its whole chain as a log would, shows the token."""
    return token in "".join(traceback.format_exception(error))


# --- calls that work ---------------------------------------------------------------------


async def test_a_call_reaches_telegram_with_its_parameters_and_returns_its_answer(
    fake_bot_api: FakeBotApi, person: FakeUser
) -> None:
    async with bot_for(fake_bot_api, AiohttpRequest()) as bot:
        sent = await bot.send_message(
            person.chat_id,
            "<b>Hi</b> & bye",
            parse_mode="HTML",
            reply_markup=MARKUP,
            disable_notification=True,
        )

    [call] = fake_bot_api.calls_to("sendMessage")
    assert call.params["chat_id"] == person.chat_id
    assert call.params["parse_mode"] == "HTML"
    assert call.params["disable_notification"] is True
    assert call.params["reply_markup"] == MARKUP.to_dict()
    assert sent.message_id == call.result["message_id"]
    assert sent.text == "Hi & bye"
    assert sent.reply_markup is None  # dropped from the answer: the bot never reads it
    assert fake_bot_api.calls_to("getMe")[0].ok  # PTB's initialize asked who the bot is


async def test_a_file_goes_as_a_multipart_form(fake_bot_api: FakeBotApi) -> None:
    certificate = InputFile(b"-----BEGIN CERTIFICATE-----", "bot.pem")
    async with bot_for(fake_bot_api, AiohttpRequest()) as bot:
        await bot.set_webhook("http://127.0.0.1:9/telegram", certificate=certificate)

    [call] = fake_bot_api.calls_to("setWebhook")
    assert call.ok
    assert call.params["url"] == "http://127.0.0.1:9/telegram"
    [(part, upload)] = call.files.items()
    assert part == "certificate" and upload.filename == "bot.pem"
    assert upload.size == len(b"-----BEGIN CERTIFICATE-----")


# --- Telegram's answers that are errors ---------------------------------------------------


async def test_a_429_is_retry_after_with_telegrams_delay(
    fake_bot_api: FakeBotApi, person: FakeUser
) -> None:
    fake_bot_api.inject("sendMessage", status=429, retry_after=7)
    async with bot_for(fake_bot_api, AiohttpRequest()) as bot:
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(person.chat_id, "hello")
        await bot.send_message(person.chat_id, "hello")  # the next call goes through

    assert caught.value.retry_after == dt.timedelta(seconds=7)


@pytest.mark.parametrize("status", [500, 502, 503])
async def test_a_5xx_is_a_network_error_that_is_no_timeout(
    fake_bot_api: FakeBotApi, person: FakeUser, status: int
) -> None:
    fake_bot_api.inject("sendMessage", status=status)
    async with bot_for(fake_bot_api, AiohttpRequest()) as bot:
        with pytest.raises(NetworkError) as caught:
            await bot.send_message(person.chat_id, "hello")

    assert not isinstance(caught.value, TimedOut)


async def test_a_400_is_a_bad_request(fake_bot_api: FakeBotApi, person: FakeUser) -> None:
    async with bot_for(fake_bot_api, AiohttpRequest()) as bot:
        with pytest.raises(BadRequest, match="Message text is empty"):
            await bot.send_message(person.chat_id, "")


# --- the network's failures ---------------------------------------------------------------


async def test_an_answer_slower_than_the_read_timeout_times_out_and_the_next_call_works(
    fake_bot_api: FakeBotApi, person: FakeUser
) -> None:
    fake_bot_api.inject("sendMessage", delay=3.0)
    async with bot_for(fake_bot_api, AiohttpRequest(read_timeout=10.0)) as bot:
        with pytest.raises(TimedOut) as caught:
            await bot.send_message(person.chat_id, "hello", read_timeout=0.2)  # the call's own
        await bot.send_message(person.chat_id, "hello")

    assert "not* sent" not in caught.value.message  # it was sent: only the answer was late
    assert not leaks_token(caught.value, fake_bot_api.token)


async def test_a_default_read_timeout_applies_and_none_means_no_limit(
    fake_bot_api: FakeBotApi, person: FakeUser
) -> None:
    async with bot_for(fake_bot_api, AiohttpRequest(read_timeout=0.2)) as bot:
        fake_bot_api.inject("sendMessage", delay=1.0)
        with pytest.raises(TimedOut):
            await bot.send_message(person.chat_id, "hello")
        fake_bot_api.inject("sendMessage", delay=0.5)
        await bot.send_message(person.chat_id, "hello", read_timeout=None)


async def test_a_dropped_connection_is_a_network_error_and_the_next_call_works(
    fake_bot_api: FakeBotApi, person: FakeUser
) -> None:
    fake_bot_api.inject("sendMessage", drop=True)
    async with bot_for(fake_bot_api, AiohttpRequest()) as bot:
        with pytest.raises(NetworkError) as caught:
            await bot.send_message(person.chat_id, "hello")
        await bot.send_message(person.chat_id, "hello")

    assert not isinstance(caught.value, TimedOut)
    assert "closed the connection" in caught.value.message
    assert not leaks_token(caught.value, fake_bot_api.token)


async def test_a_bot_api_that_refuses_connections_is_a_network_error(
    fake_bot_api: FakeBotApi,
) -> None:
    request = AiohttpRequest()
    await request.initialize()
    url = f"http://127.0.0.1:{closed_port()}/bot{fake_bot_api.token}/getMe"
    try:
        with pytest.raises(NetworkError) as caught:
            await request.post(url)
    finally:
        await request.shutdown()

    assert not isinstance(caught.value, TimedOut)
    assert "ClientConnectorError" in caught.value.message
    assert not leaks_token(caught.value, fake_bot_api.token)


async def test_when_every_connection_is_busy_a_call_waits_then_times_out_unsent(
    fake_bot_api: FakeBotApi, person: FakeUser
) -> None:
    async with bot_for(fake_bot_api, AiohttpRequest(connections=1)) as bot:
        fake_bot_api.inject("sendMessage", delay=1.0)
        busy = asyncio.create_task(bot.send_message(person.chat_id, "slow"))
        await fake_bot_api.wait_for(lambda: fake_bot_api.calls_to("sendMessage"))
        with pytest.raises(TimedOut) as caught:
            await bot.send_message(person.chat_id, "waits", pool_timeout=0.1, connect_timeout=0.1)
        await busy

    assert "not* sent" in caught.value.message
    assert [c.params["text"] for c in fake_bot_api.calls_to("sendMessage")] == ["slow"]
    assert not leaks_token(caught.value, fake_bot_api.token)


async def test_a_cancelled_call_is_cancelled_and_frees_its_connection(
    fake_bot_api: FakeBotApi, person: FakeUser
) -> None:
    async with bot_for(fake_bot_api, AiohttpRequest(connections=1)) as bot:
        fake_bot_api.inject("sendMessage", delay=30.0)
        call = asyncio.create_task(bot.send_message(person.chat_id, "never mind"))
        await fake_bot_api.wait_for(lambda: fake_bot_api.calls_to("sendMessage"))
        call.cancel()
        with pytest.raises(asyncio.CancelledError):
            await call
        # The only connection was left mid-answer: closed, not reused, and free again.
        sent = await bot.send_message(person.chat_id, "next", pool_timeout=10, connect_timeout=10)

    assert sent.text == "next"


# --- start and stop -----------------------------------------------------------------------


async def test_shutdown_fails_calls_in_flight_and_later_ones_until_initialized_again(
    fake_bot_api: FakeBotApi, person: FakeUser
) -> None:
    request = AiohttpRequest()
    bot = bot_for(fake_bot_api, request)
    await bot.initialize()
    fake_bot_api.inject("sendMessage", delay=30.0)
    in_flight = asyncio.create_task(bot.send_message(person.chat_id, "late"))
    await fake_bot_api.wait_for(lambda: fake_bot_api.calls_to("sendMessage"))
    await request.shutdown()
    with pytest.raises(NetworkError):
        await asyncio.wait_for(in_flight, 10)
    with pytest.raises(NetworkError, match="not initialized"):
        await bot.send_message(person.chat_id, "after")
    await request.shutdown()  # a second shutdown does nothing

    await request.initialize()
    sent = await bot.send_message(person.chat_id, "again")
    await request.shutdown()
    assert sent.text == "again"


async def test_the_read_timeout_ptb_builds_the_long_poll_on_is_the_default() -> None:
    assert AiohttpRequest(read_timeout=7.5).read_timeout == 7.5
    assert AiohttpRequest(read_timeout=None).read_timeout is None


# --- the wire -----------------------------------------------------------------------------


@dataclass
class Seen:
    """What a recording server saw: each request's content type, body, headers and the client
    port it came from (one port: one connection)."""

    requests: list[tuple[str, bytes, dict[str, str], int]] = field(default_factory=list)


@pytest.fixture
async def recorder() -> AsyncIterator[tuple[str, Seen]]:
    seen = Seen()

    async def handle(request: web.Request) -> web.Response:
        assert request.transport is not None
        _, port = request.transport.get_extra_info("peername")
        body = await request.read()
        seen.requests.append((request.content_type, body, dict(request.headers), port))
        if request.path.endswith("/getMe"):
            return web.json_response({"ok": True, "result": BOT_USER})
        message = {"message_id": 1, "date": 0, "chat": {"id": 42, "type": "private"}}
        return web.json_response({"ok": True, "result": message})

    app = web.Application()
    app.router.add_post("/{tail:.*}", handle)
    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    await web.SockSite(runner, sock).start()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/bot", seen
    finally:
        await runner.cleanup()


async def test_parameters_go_as_one_json_body_of_the_values_ptb_would_put_in_a_form(
    recorder: tuple[str, Seen],
) -> None:
    url, seen = recorder
    async with Bot("123:abc", base_url=url, request=AiohttpRequest()) as bot:  # getMe
        await bot.send_message(42, "<b>Hi</b>", reply_markup=MARKUP)
        await bot.send_message(42, "again")

    (_, no_parameters, _, first_port), (content_type, body, headers, _), rest = seen.requests
    assert no_parameters == b""  # getMe has no parameters: no body, as PTB sends it
    assert content_type == "application/json"
    sent = json.loads(body)
    assert sent == {
        "chat_id": "42",
        "text": "<b>Hi</b>",
        "reply_markup": json.dumps(MARKUP.to_dict()),
    }
    assert headers["User-Agent"].startswith("python-telegram-bot")
    assert rest[3] == first_port  # kept alive: every call on the one connection


async def test_a_proxy_the_environment_names_carries_the_calls(
    recorder: tuple[str, Seen], monkeypatch: pytest.MonkeyPatch
) -> None:
    proxy, seen = recorder  # the recording server plays the proxy
    monkeypatch.setenv("HTTP_PROXY", proxy.removesuffix("/bot"))
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    async with Bot("123:abc", base_url="http://bot-api.invalid/bot", request=AiohttpRequest()):
        pass  # getMe, through the proxy: bot-api.invalid is never looked up

    [(_, _, headers, _)] = seen.requests
    assert headers["Host"] == "bot-api.invalid"


def test_no_proxy_for_a_server_no_proxy_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:3128")
    monkeypatch.setenv("NO_PROXY", "bot-api.internal")
    request = AiohttpRequest()

    assert request._proxy("https://api.telegram.org/bot1:x/getMe") == "http://127.0.0.1:3128"
    assert request._proxy("https://bot-api.internal:8081/bot1:x/getMe") is None


def test_a_message_in_an_answer_loses_only_what_the_bot_never_reads() -> None:
    message = {
        "message_id": 7,
        "date": 0,
        "chat": {"id": 42, "type": "private"},
        "text": "Find help, safely",
        "entities": [{"type": "bold", "offset": 0, "length": 4}],
        "reply_markup": {"inline_keyboard": [[{"text": "Erase", "callback_data": "e"}]]},
        "link_preview_options": {"is_disabled": True},
    }
    answer = AiohttpRequest.parse_json_payload(json.dumps({"ok": True, "result": message}).encode())

    assert answer == {
        "ok": True,
        "result": {
            "message_id": 7,
            "date": 0,
            "chat": {"id": 42, "type": "private"},
            "text": "Find help, safely",
        },
    }


@pytest.mark.parametrize(
    "answer",
    [
        {"ok": True, "result": True},
        {"ok": True, "result": {"id": 1, "is_bot": True, "first_name": "Bot"}},  # getMe
        {"ok": True, "result": [{"update_id": 1}]},
        {"ok": False, "error_code": 429, "description": "Too Many Requests",
         "parameters": {"retry_after": 1}},
    ],
)  # fmt: skip
def test_any_other_answer_is_read_as_it_came(answer: dict[str, Any]) -> None:
    assert AiohttpRequest.parse_json_payload(json.dumps(answer).encode()) == answer


def test_an_answer_that_is_not_json_is_telegrams_error() -> None:
    with pytest.raises(TelegramError, match="Invalid server response"):
        AiohttpRequest.parse_json_payload(b"<html>502 Bad Gateway</html>")
