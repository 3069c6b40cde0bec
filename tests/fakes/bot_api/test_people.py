"""Playing the person: starts, presses, callback queries, waiting for replies; formatting."""

from __future__ import annotations

import html

import pytest
from hypothesis import given
from hypothesis import strategies as st
from telegram import Bot, KeyboardButton, ReplyKeyboardMarkup, ReplyKeyboardRemove
from telegram.error import BadRequest
from telegram.helpers import escape_markdown

from tests.fakes.bot_api.client import menu, raw_call
from tests.fakes.bot_api.markup import parse_text
from tests.fakes.bot_api.server import (
    DEFAULT_TOKEN,
    FakeBotApi,
    FakeUser,
    NoReplyError,
    NoSuchButtonError,
)

# Playing the user and callback queries


async def test_start_sends_the_deep_link_payload_as_a_command(
    bot: Bot, fake_bot_api: FakeBotApi
) -> None:
    person = fake_bot_api.user(language_code="en")
    await person.start(payload="legal_wa-king_en")

    (update,) = await bot.get_updates()
    assert update.message is not None
    assert update.message.text == "/start legal_wa-king_en"
    assert update.message.entities[0].type == "bot_command"
    assert update.message.entities[0].length == len("/start")
    assert update.message.from_user is not None
    assert update.message.from_user.language_code == "en"
    with pytest.raises(ValueError, match="never send"):
        await person.start(payload="has spaces")


async def test_pressing_a_button_creates_a_callback_query_to_answer(
    bot: Bot, fake_bot_api: FakeBotApi, user: FakeUser
) -> None:
    sent = await bot.send_message(user.id, "Pick", reply_markup=menu(("Legal", "v1:legal")))
    await bot.get_updates()  # the /start

    query_id = await user.press("Legal")
    (update,) = await bot.get_updates(offset=fake_bot_api.updates[-1].update_id)
    assert update.callback_query is not None
    assert update.callback_query.id == query_id
    assert update.callback_query.data == "v1:legal"
    assert update.callback_query.message is not None
    assert update.callback_query.message.message_id == sent.message_id
    assert [q.id for q in fake_bot_api.unanswered_callback_queries()] == [query_id]

    assert await bot.answer_callback_query(query_id, text="Opening…")
    assert fake_bot_api.unanswered_callback_queries() == []
    assert fake_bot_api.callback_queries[query_id].answer == {
        "text": "Opening…",
        "show_alert": False,
        "url": None,
        "cache_time": 0,
    }
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(query_id)
    with pytest.raises(BadRequest, match=r"(?i)query id is invalid"):
        await bot.answer_callback_query("12345")


async def test_pressing_a_missing_button_says_what_is_there(bot: Bot, user: FakeUser) -> None:
    with pytest.raises(NoSuchButtonError, match="no visible bot message with buttons"):
        await user.press("Legal")
    await bot.send_message(user.id, "Pick", reply_markup=menu(("Legal", "v1:legal")))

    with pytest.raises(NoSuchButtonError, match="'Legal' \\(data='v1:legal'\\)"):
        await user.press("Shelter")
    assert await user.press("v1:legal")  # found by callback_data too


async def test_forged_callback_data_reaches_the_bot_as_is(
    bot: Bot, fake_bot_api: FakeBotApi, user: FakeUser
) -> None:
    sent = await bot.send_message(user.id, "Plain")
    await bot.delete_message(user.id, sent.message_id)

    query_id = await user.press_raw("v9:../../etc", message=sent)

    update = (await bot.get_updates())[-1]
    assert update.callback_query is not None
    assert update.callback_query.data == "v9:../../etc"
    assert update.callback_query.message is not None
    assert update.callback_query.message.date.timestamp() == 0  # inaccessible: it was deleted
    assert fake_bot_api.callback_queries[query_id].forged


async def test_a_reply_keyboard_and_a_shared_location(bot: Bot, user: FakeUser) -> None:
    await bot.send_message(
        user.id,
        "Share where you are?",
        reply_markup=ReplyKeyboardMarkup(
            [[KeyboardButton("Send my location", request_location=True)], ["No thanks"]]
        ),
    )
    assert user.reply_keyboard() == (("Send my location",), ("No thanks",))

    shared = await user.send_location(47.6062, -122.3321)

    update = (await bot.get_updates())[-1]
    assert update.message is not None
    assert update.message.location is not None
    assert update.message.location.latitude == pytest.approx(47.6062)
    assert shared.location == (47.6062, -122.3321)
    await bot.send_message(user.id, "Ok", reply_markup=ReplyKeyboardRemove())
    assert user.reply_keyboard() == ()


async def test_forget_history_keeps_what_is_still_pending(
    bot: Bot, fake_bot_api: FakeBotApi, user: FakeUser
) -> None:
    await bot.send_message(user.id, "hello")
    await user.send_text("still unread")

    fake_bot_api.forget_history()

    assert fake_bot_api.calls == []
    assert [u.status for u in fake_bot_api.updates] == ["pending", "pending"]
    assert [m.text for m in user.visible_messages()] == ["/start", "hello", "still unread"]


async def test_wait_for_reply_fails_with_the_recent_calls(bot: Bot, user: FakeUser) -> None:
    with pytest.raises(BadRequest):
        await bot.send_message(user.id, "<oops>", parse_mode="HTML")

    with pytest.raises(NoReplyError, match="sendMessage -> 400 Bad Request: can't parse"):
        await user.wait_for_reply(timeout=0.05)


async def test_post_raw_update_injects_anything(bot: Bot, fake_bot_api: FakeBotApi) -> None:
    update_id = fake_bot_api.post_raw_update({"message": {"weird": True}})

    status, body = await raw_call(fake_bot_api, f"/bot{DEFAULT_TOKEN}/getUpdates")

    assert status == 200
    assert body["result"] == [{"update_id": update_id, "message": {"weird": True}}]


# Formatting, as a property


@given(st.text(min_size=1, max_size=200))
def test_escaped_html_reads_back_as_the_plain_text(text: str) -> None:
    assert parse_text(html.escape(text), "HTML") == (text, [])
    assert parse_text(escape_markdown(text, version=2), "MarkdownV2") == (text, [])
    assert parse_text(text, None) == (text, [])
