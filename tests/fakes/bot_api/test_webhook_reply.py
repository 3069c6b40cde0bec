"""The fake carries out a Bot API call that a webhook's answer holds, as Telegram does."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from urllib.parse import urlencode

import pytest
from aiohttp import web
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup

from tests.fakes.bot_api.client import receiver
from tests.fakes.bot_api.server import FakeBotApi, FakeUser
from tests.fakes.bot_api.webhook_reply import ReplyCall, reply_call

Handle = Callable[[web.Request], Awaitable[web.StreamResponse]]


async def person_with_a_button(fake_bot_api: FakeBotApi, bot: Bot) -> FakeUser:
    person = fake_bot_api.user()
    await person.start()
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Legal help", callback_data="legal")]])
    await bot.send_message(person.chat_id, "Pick one", reply_markup=markup)
    return person


def answering(body: Callable[[dict[str, object]], web.Response]) -> Handle:
    """A webhook that answers each update with body(update)."""

    async def handle(request: web.Request) -> web.Response:
        return body(await request.json())

    return handle


def answer_query(update: dict[str, object]) -> web.Response:
    query = update.get("callback_query")
    if not isinstance(query, dict):
        return web.Response(text="ok")
    return web.json_response({"method": "answerCallbackQuery", "callback_query_id": query["id"]})


async def test_a_callback_query_answered_in_the_webhook_reply_is_answered(
    fake_bot_api: FakeBotApi, bot: Bot
) -> None:
    person = await person_with_a_button(fake_bot_api, bot)
    async with receiver(answering(answer_query)) as url:
        await bot.set_webhook(url)
        query_id = await person.press("Legal help")
        await fake_bot_api.wait_for(lambda: fake_bot_api.updates[-1].status == "confirmed")

    [call] = fake_bot_api.calls_to("answerCallbackQuery")
    assert call.via_webhook_reply and call.ok
    assert call.params == {"callback_query_id": query_id}
    assert fake_bot_api.callback_queries[query_id].answered
    # /start, then the press
    assert [a.reply_method for a in fake_bot_api.webhook_attempts] == [None, "answerCallbackQuery"]


async def test_a_form_encoded_reply_is_carried_out_too(fake_bot_api: FakeBotApi, bot: Bot) -> None:
    person = fake_bot_api.user()
    await person.start()

    def say_hello(update: dict[str, object]) -> web.Response:
        body = urlencode({"method": "sendMessage", "chat_id": person.chat_id, "text": "Hello"})
        return web.Response(body=body.encode(), content_type="application/x-www-form-urlencoded")

    async with receiver(answering(say_hello)) as url:
        await bot.set_webhook(url)
        await person.send_text("hi")
        reply = await person.wait_for_reply()

    assert reply.text == "Hello"
    [call] = fake_bot_api.calls_to("sendMessage")
    assert call.via_webhook_reply


async def test_a_refused_reply_call_is_recorded_and_the_update_still_delivered(
    fake_bot_api: FakeBotApi, bot: Bot
) -> None:
    person = await person_with_a_button(fake_bot_api, bot)

    def answer_another(update: dict[str, object]) -> web.Response:
        if "callback_query" not in update:
            return web.Response(text="ok")
        return web.json_response({"method": "answerCallbackQuery", "callback_query_id": "12345"})

    async with receiver(answering(answer_another)) as url:
        await bot.set_webhook(url)
        await person.press("Legal help")
        await fake_bot_api.wait_for(lambda: fake_bot_api.updates[-1].status == "confirmed")

    [call] = fake_bot_api.calls_to("answerCallbackQuery")
    assert call.via_webhook_reply and call.status == 400
    assert len(fake_bot_api.unanswered_callback_queries()) == 1
    assert fake_bot_api.webhook_attempts[-1].status == 200  # Telegram never tells the bot


async def test_injected_faults_never_hit_a_reply_call(fake_bot_api: FakeBotApi, bot: Bot) -> None:
    person = await person_with_a_button(fake_bot_api, bot)
    fault = fake_bot_api.inject("answerCallbackQuery", status=500)
    async with receiver(answering(answer_query)) as url:
        await bot.set_webhook(url)
        await person.press("Legal help")
        await fake_bot_api.wait_for(lambda: not fake_bot_api.unanswered_callback_queries())

    assert fault.hits == [] and fault.remaining == 1


async def test_a_plain_ok_carries_no_call(fake_bot_api: FakeBotApi, bot: Bot) -> None:
    person = fake_bot_api.user()
    async with receiver(answering(lambda update: web.Response(text="ok"))) as url:
        await bot.set_webhook(url)
        await person.send_text("hi")
        await fake_bot_api.wait_for(lambda: fake_bot_api.updates[-1].status == "confirmed")

    assert [a.reply_method for a in fake_bot_api.webhook_attempts] == [None]
    assert [c.method for c in fake_bot_api.calls if c.via_webhook_reply] == []


@pytest.mark.parametrize(
    ("content_type", "body", "expected"),
    [
        ("application/json", b'{"method": "answerCallbackQuery", "callback_query_id": "7"}',
         ReplyCall("answerCallbackQuery", {"callback_query_id": "7"})),
        ("application/json", b'{"method": "sendMessage", "chat_id": 5, "text": "x"}',
         ReplyCall("sendMessage", {"chat_id": "5", "text": "x"})),
        ("application/json", json.dumps({"method": "x", "reply_markup": {"a": 1}}).encode(),
         ReplyCall("x", {"reply_markup": '{"a": 1}'})),
        ("application/x-www-form-urlencoded", b"method=deleteMessage&chat_id=5&message_id=2",
         ReplyCall("deleteMessage", {"chat_id": "5", "message_id": "2"})),
        ("text/plain", b"ok", None),
        ("application/json", b"not json", None),
        ("application/json", b"[1, 2]", None),
        ("application/json", b'{"callback_query_id": "7"}', None),
        ("application/json", b"", None),
    ],
)  # fmt: skip
def test_reply_call_reads_what_telegram_would(
    content_type: str, body: bytes, expected: ReplyCall | None
) -> None:
    assert reply_call(content_type, body) == expected
