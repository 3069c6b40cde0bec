"""In webhook mode a pressed button's callback query is answered in the webhook's own answer
(one Bot API call fewer per press); in polling mode by an answerCallbackQuery call."""

from __future__ import annotations

import json
from typing import Any

import aiohttp
import pytest

from bot.channels.telegram.webhook import _drop_unread
from bot.content import Content
from tests.fakes.bot_api.server import FakeBotApi
from tests.helpers.telegram_bot import MODES, WEBHOOK_SECRET, Mode, running_bot

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@pytest.mark.parametrize("mode", MODES)
async def test_every_press_is_answered_once_and_the_screen_edited(
    fake_bot_api: FakeBotApi, content: Content, mode: Mode
) -> None:
    person = fake_bot_api.user(language_code="en")
    async with running_bot(fake_bot_api, content, mode):
        await person.start()
        welcome = await person.wait_for_reply()
        first = await person.press("⚖️ Legal help")
        await person.wait_for_reply()
        second = await person.press("Seattle and King County")
        results = await person.wait_for_reply()
        await fake_bot_api.wait_for(lambda: not fake_bot_api.unanswered_callback_queries())

    assert results.message_id == welcome.message_id and results.edited
    answers = fake_bot_api.calls_to("answerCallbackQuery")
    assert [call.params["callback_query_id"] for call in answers] == [first, second]
    assert all(call.ok for call in answers)
    # Webhook mode: carried by the webhook's answer, not a call of the bot's own.
    assert {call.via_webhook_reply for call in answers} == {mode == "webhook"}
    if mode == "webhook":
        replies = [a.reply_method for a in fake_bot_api.webhook_attempts]
        assert replies == [None, "answerCallbackQuery", "answerCallbackQuery"]


async def test_the_webhook_answers_a_callback_query_and_nothing_else(
    fake_bot_api: FakeBotApi, content: Content
) -> None:
    query = {
        "update_id": 7,
        "callback_query": {
            "id": "4242",
            "from": {"id": 42, "is_bot": False, "first_name": "A"},
            "chat_instance": "1",
            "data": "forged",
        },
    }
    message = {
        "update_id": 8,
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": {"id": 42, "type": "private", "first_name": "A"},
            "from": {"id": 42, "is_bot": False, "first_name": "A"},
            "text": "hello",
        },
    }
    headers = {"Content-Type": "application/json", SECRET_HEADER: WEBHOOK_SECRET}
    async with (
        running_bot(fake_bot_api, content, "webhook") as application,
        aiohttp.ClientSession() as http,
    ):
        url = application.settings.webhook_url
        assert url is not None
        async with http.post(url, data=json.dumps(query), headers=headers) as response:
            assert response.status == 200
            assert response.content_type == "application/json"
            assert await response.json() == {
                "method": "answerCallbackQuery",
                "callback_query_id": "4242",
            }
        async with http.post(url, data=json.dumps(message), headers=headers) as response:
            assert response.status == 200
            assert response.content_type == "text/plain"
        async with http.post(url, data=b"{}", headers=headers) as response:
            assert response.status == 400  # refused: nothing answered
            assert response.content_type == "text/plain"


def test_a_pressed_message_keeps_only_what_the_bot_reads() -> None:
    message: dict[str, Any] = {
        "message_id": 3,
        "date": 1700000000,
        "chat": {"id": 42, "type": "private", "first_name": "A"},
        "from": {"id": 1, "is_bot": True, "first_name": "Bot"},
        "text": "Legal help: where?",
        "entities": [{"type": "bold", "offset": 0, "length": 10}],
        "reply_markup": {"inline_keyboard": [[{"text": "Erase", "callback_data": "e"}]]},
        "link_preview_options": {"is_disabled": True},
    }
    query: dict[str, Any] = {"id": "9", "data": "x", "message": message}
    update: dict[str, Any] = {"update_id": 1, "callback_query": query}
    text_update: dict[str, Any] = {"update_id": 2, "message": dict(message)}

    _drop_unread(update)
    _drop_unread(text_update)

    assert update["callback_query"]["message"] == {
        "message_id": 3,
        "date": 1700000000,
        "chat": {"id": 42, "type": "private", "first_name": "A"},
        "from": {"id": 1, "is_bot": True, "first_name": "Bot"},
    }
    assert text_update["message"]["text"] == "Legal help: where?"  # a person's message: whole
