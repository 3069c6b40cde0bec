"""Bot API calls go out as JSON bodies holding what PTB would have put in a form."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.error import NetworkError, TimedOut
from telegram.request import RequestData
from telegram.request._requestparameter import RequestParameter  # how PTB builds a call

from bot.channels.telegram.json_request import JsonBodyRequest, _given
from bot.content import Content
from tests.fakes.bot_api.server import FakeBotApi
from tests.helpers.telegram_bot import running_bot

Seen = list[tuple[str, bytes]]


@pytest.fixture
async def server() -> AsyncIterator[tuple[str, Seen]]:
    """A server that records each request's content type and body, and answers ok."""
    seen: Seen = []

    async def handle(request: web.Request) -> web.Response:
        seen.append((request.content_type, await request.read()))
        if request.path.endswith("/slow"):
            await asyncio.sleep(1)
        return web.json_response({"ok": True, "result": True})

    app = web.Application()
    app.router.add_post("/{tail:.*}", handle)
    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    await web.SockSite(runner, sock).start()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}", seen
    finally:
        await runner.cleanup()


def data(**parameters: Any) -> RequestData:
    """The RequestData PTB builds for a call with these parameters."""
    return RequestData([RequestParameter.from_input(k, v) for k, v in parameters.items()])


async def test_parameters_go_as_json_with_the_values_ptb_would_put_in_a_form(
    server: tuple[str, Seen],
) -> None:
    url, seen = server
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Legal help", callback_data="1.x")]])
    sent = data(chat_id=42, text="<b>Hi</b> & bye", reply_markup=markup, disable_notification=True)
    async with JsonBodyRequest() as request:
        status, body = await request.do_request(f"{url}/sendMessage", "POST", sent)

    assert status == 200 and json.loads(body) == {"ok": True, "result": True}
    [(content_type, raw)] = seen
    assert content_type == "application/json"
    assert json.loads(raw) == sent.json_parameters  # strings, objects JSON-encoded, as a form
    assert json.loads(json.loads(raw)["reply_markup"]) == markup.to_dict()


async def test_a_call_with_a_file_still_goes_as_a_multipart_form(
    server: tuple[str, Seen],
) -> None:
    url, seen = server
    async with JsonBodyRequest() as request:
        await request.do_request(
            f"{url}/sendDocument", "POST", data(chat_id=42, document=InputFile(b"x", "a.txt"))
        )
        await request.do_request(f"{url}/getMe", "POST")

    (file_type, _), (_, no_parameters) = seen
    assert file_type == "multipart/form-data"
    assert no_parameters == b""  # a call without parameters: as PTB sends it, an empty body


async def test_timeouts_and_failures_become_ptbs_errors(server: tuple[str, Seen]) -> None:
    url, _ = server
    async with JsonBodyRequest(read_timeout=5) as request:
        with pytest.raises(TimedOut):
            await request.do_request(f"{url}/slow", "POST", data(chat_id=1), read_timeout=0.1)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    async with JsonBodyRequest() as request:
        with pytest.raises(NetworkError):
            await request.do_request(f"http://127.0.0.1:{closed}/x", "POST", data(chat_id=1))


def test_a_timeout_left_to_the_default_is_the_clients() -> None:
    assert _given(JsonBodyRequest.DEFAULT_NONE, 7.0) == 7.0
    assert _given(0.5, 7.0) == 0.5
    assert _given(2, 7.0) == 2
    assert _given(None, 7.0) is None  # None: no limit, as asked


async def test_the_bot_sends_json_and_the_fake_reads_the_same_parameters(
    fake_bot_api: FakeBotApi, content: Content
) -> None:
    person = fake_bot_api.user(language_code="en")
    async with running_bot(fake_bot_api, content, "polling"):
        await person.start()
        welcome = await person.wait_for_reply()

    [call] = fake_bot_api.calls_to("sendMessage")
    assert call.params["chat_id"] == person.chat_id
    assert call.params["parse_mode"] == "HTML"
    assert call.params["disable_notification"] is True
    assert call.params["link_preview_options"] == {"is_disabled": True}
    assert welcome.buttons and welcome.text.startswith("Find help, safely")


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
    answer = JsonBodyRequest.parse_json_payload(
        json.dumps({"ok": True, "result": message}).encode()
    )

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
    assert JsonBodyRequest.parse_json_payload(json.dumps(answer).encode()) == answer
