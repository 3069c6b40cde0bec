"""The fake Bot API server, driven by an unmodified python-telegram-bot over real HTTP."""

from __future__ import annotations

import asyncio
import html
import socket
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from aiohttp import web
from hypothesis import given
from hypothesis import strategies as st
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters
from telegram.helpers import escape_markdown
from telegram.request import HTTPXRequest

from tests.fakes.bot_api.markup import parse_text
from tests.fakes.bot_api.server import (
    DEFAULT_TOKEN,
    ApiCall,
    FakeBotApi,
    FakeUser,
    NoReplyError,
    NoSuchButtonError,
)

TWO_DAYS = 48 * 3600


@pytest_asyncio.fixture
async def bot(fake_bot_api: FakeBotApi) -> AsyncIterator[Bot]:
    async with _bot(fake_bot_api) as ready:
        yield ready


@asynccontextmanager
async def _bot(server: FakeBotApi, token: str | None = None, **request: Any) -> AsyncIterator[Bot]:
    kwargs: dict[str, Any] = {}
    if request:
        kwargs["request"] = HTTPXRequest(**request)
    client = Bot(
        token or server.token, base_url=server.api_url, base_file_url=server.file_url, **kwargs
    )
    async with client:
        yield client


@pytest_asyncio.fixture
async def user(fake_bot_api: FakeBotApi) -> FakeUser:
    person = fake_bot_api.user(first_name="Ana", username="ana_w", language_code="es")
    await person.start()
    return person


def menu(*buttons: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(text, callback_data=data)] for text, data in buttons]
    )


@asynccontextmanager
async def receiver(
    handle: Callable[[web.Request], Awaitable[web.StreamResponse]],
) -> AsyncIterator[str]:
    """Serves a tiny webhook app on 127.0.0.1 and yields its URL."""
    app = web.Application()
    app.router.add_post("/telegram", handle)
    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    port = sock.getsockname()[1]
    await web.SockSite(runner, sock).start()
    try:
        yield f"http://127.0.0.1:{port}/telegram"
    finally:
        await runner.cleanup()


async def raw_call(server: FakeBotApi, path: str, **kwargs: Any) -> tuple[int, dict[str, Any]]:
    async with (
        aiohttp.ClientSession() as session,
        session.post(server.base_url + path, **kwargs) as response,
    ):
        return response.status, await response.json()


# The bot's identity and the HTTP surface


async def test_get_me_describes_the_bot_of_the_token(bot: Bot, fake_bot_api: FakeBotApi) -> None:
    me = await bot.get_me()

    assert me.id == 123456789 == fake_bot_api.bot_id
    assert me.is_bot
    assert me.username == fake_bot_api.bot_username == "SafeHarborTestBot"
    assert fake_bot_api.calls_to("getme")[0].status == 200


async def test_a_wrong_token_is_unauthorized_and_a_malformed_one_not_found(
    fake_bot_api: FakeBotApi,
) -> None:
    wrong = "987654321:AAE-some-other-token-0123456789abcd"
    with pytest.raises(InvalidToken, match="was rejected by the server"):
        async with _bot(fake_bot_api, token=wrong):
            pass  # PTB checks the token with getMe when it starts

    assert await raw_call(fake_bot_api, f"/bot{wrong}/getMe") == (
        401,
        {"ok": False, "error_code": 401, "description": "Unauthorized"},
    )
    assert await raw_call(fake_bot_api, "/botnot-a-token/getMe") == (
        404,
        {"ok": False, "error_code": 404, "description": "Not Found"},
    )


async def test_methods_are_case_insensitive_and_unknown_ones_not_found(
    bot: Bot, fake_bot_api: FakeBotApi
) -> None:
    status, body = await raw_call(fake_bot_api, f"/bot{DEFAULT_TOKEN}/GETME")
    assert (status, body["ok"], body["result"]["id"]) == (200, True, 123456789)

    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("fetchTheWeather")
    assert fake_bot_api.calls_to("fetchTheWeather")[0].status == 404


async def test_json_bodies_and_query_strings_work_like_form_fields(
    fake_bot_api: FakeBotApi, user: FakeUser
) -> None:
    status, body = await raw_call(
        fake_bot_api,
        f"/bot{DEFAULT_TOKEN}/sendMessage",
        json={"chat_id": user.id, "text": "json", "disable_notification": True},
    )
    assert status == 200
    assert body["result"]["text"] == "json"

    status, body = await raw_call(
        fake_bot_api, f"/bot{DEFAULT_TOKEN}/sendMessage?chat_id={user.id}&text=query"
    )
    assert (status, body["result"]["text"]) == (200, "query")
    assert fake_bot_api.calls_to("sendMessage")[0].params == {
        "chat_id": user.id,
        "text": "json",
        "disable_notification": True,
    }


@pytest.mark.parametrize(
    ("data", "description"),
    [
        ({"text": "hi"}, "Bad Request: chat_id is empty"),
        ({"chat_id": "1", "text": ""}, "Bad Request: message text is empty"),
        ({"chat_id": "@nobody", "text": "hi"}, "Bad Request: chat not found"),
        (
            {"chat_id": "7", "text": "hi", "reply_markup": "{not json"},
            "Bad Request: can't parse reply keyboard markup JSON object",
        ),
        (
            {
                "chat_id": "7",
                "text": "hi",
                "reply_markup": '{"inline_keyboard": [[{"text": "x"}]]}',
            },
            "Bad Request: can't parse inline keyboard button: "
            "Text buttons are unallowed in the inline keyboard",
        ),
        (
            {"chat_id": "7", "text": "hi", "parse_mode": "BBCode"},
            "Bad Request: unsupported parse_mode",
        ),
        ({"chat_id": "7", "text": "hi", "message_thread_id": "abc"}, None),
    ],
)
async def test_malformed_calls_are_bad_requests(
    fake_bot_api: FakeBotApi, data: dict[str, str], description: str | None
) -> None:
    status, body = await raw_call(fake_bot_api, f"/bot{DEFAULT_TOKEN}/sendMessage", data=data)

    assert status == 400
    assert body["ok"] is False
    assert body["error_code"] == 400
    if description is not None:
        assert body["description"] == description


# Sending, editing, deleting


async def test_send_edit_delete_round_trip(
    bot: Bot, fake_bot_api: FakeBotApi, user: FakeUser
) -> None:
    sent = await bot.send_message(
        user.id,
        "<b>Legal help</b> in <i>King County</i>",
        parse_mode=ParseMode.HTML,
        reply_markup=menu(("Call", "v1:call"), ("Back", "v1:back")),
        disable_notification=True,
    )
    assert sent.text == "Legal help in King County"
    assert sent.from_user is not None and sent.from_user.id == fake_bot_api.bot_id
    assert [e.type for e in sent.entities] == ["bold", "italic"]

    reply = await user.wait_for_reply()
    assert reply.message_id == sent.message_id == 2  # the /start was message 1
    assert reply.buttons[0][0] == ("Call", "v1:call", None)
    assert reply.button_texts == ["Call", "Back"]
    assert reply.disable_notification
    assert not reply.edited

    edited = await bot.edit_message_text("Updated", chat_id=user.id, message_id=sent.message_id)
    assert isinstance(edited, Message)
    assert edited.edit_date is not None
    after_edit = await user.wait_for_reply()
    assert (after_edit.text, after_edit.edited, after_edit.buttons) == ("Updated", True, ())

    assert await bot.delete_message(user.id, sent.message_id)
    assert [m.text for m in user.visible_messages()] == ["/start"]
    history = fake_bot_api.message_history(user.id, sent.message_id)
    assert [v.text for v in history] == ["Legal help in King County", "Updated"]
    assert fake_bot_api.messages(user.id)[1].deleted


async def test_message_ids_are_shared_by_both_sides_of_a_chat(
    bot: Bot, fake_bot_api: FakeBotApi, user: FakeUser
) -> None:
    first = await bot.send_message(user.id, "one")
    typed = await user.send_text("two")
    second = await bot.send_message(user.id, "three")

    assert (first.message_id, typed.message_id, second.message_id) == (2, 3, 4)
    other = fake_bot_api.user(first_name="Bo")
    await other.start()
    assert (await bot.send_message(other.id, "hi")).message_id == 2


async def test_html_is_checked_like_telegram_does(
    bot: Bot, fake_bot_api: FakeBotApi, user: FakeUser
) -> None:
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.send_message(user.id, "<b>never closed", parse_mode=ParseMode.HTML)
    assert fake_bot_api.calls[-1].description == (
        "Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"b\""
    )
    with pytest.raises(BadRequest):
        await bot.send_message(user.id, "1 < 2", parse_mode=ParseMode.HTML)
    assert fake_bot_api.calls[-1].description == (
        'Bad Request: can\'t parse entities: Unsupported start tag "" at byte offset 2'
    )
    with pytest.raises(BadRequest, match=r"(?i)reserved"):
        await bot.send_message(user.id, "Call 911.", parse_mode=ParseMode.MARKDOWN_V2)


async def test_text_limits_are_checked_after_formatting(bot: Bot, user: FakeUser) -> None:
    longest = await bot.send_message(user.id, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")
    assert len(longest.text or "") == 4096

    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(user.id, "x" * 4097)
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(user.id, "  <b> </b> ", parse_mode="HTML")
    trimmed = await bot.send_message(user.id, "\n  spaced out  \n")
    assert trimmed.text == "spaced out"


async def test_callback_data_longer_than_64_bytes_is_refused(bot: Bot, user: FakeUser) -> None:
    await bot.send_message(user.id, "fits", reply_markup=menu(("ok", "é" * 32)))

    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.send_message(user.id, "too long", reply_markup=menu(("no", "x" * 65)))


async def test_editing_to_the_same_content_is_not_modified(bot: Bot, user: FakeUser) -> None:
    keyboard = menu(("Back", "v1:back"))
    sent = await bot.send_message(user.id, "Menu", reply_markup=keyboard)

    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("Menu", user.id, sent.message_id, reply_markup=keyboard)
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_reply_markup(user.id, sent.message_id, reply_markup=keyboard)

    # Omitting reply_markup removes the keyboard, so that edit does change the message.
    edited = await bot.edit_message_text("Menu", user.id, sent.message_id)
    assert isinstance(edited, Message)
    assert edited.reply_markup is None
    assert user.last_bot_message() is not None
    assert user.last_bot_message().buttons == ()  # type: ignore[union-attr]


async def test_only_the_bots_existing_messages_can_be_edited(
    bot: Bot, fake_bot_api: FakeBotApi, user: FakeUser
) -> None:
    typed = await user.send_text("mine")

    with pytest.raises(BadRequest, match=r"(?i)message can't be edited"):
        await bot.edit_message_text("theirs", user.id, typed.message_id)
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("ghost", user.id, 999)
    assert fake_bot_api.calls[-1].description == "Bad Request: message to edit not found"


async def test_delete_messages_takes_at_most_100_ids(bot: Bot, user: FakeUser) -> None:
    with pytest.raises(BadRequest, match=r"(?i)too many message identifiers"):
        await bot.delete_messages(user.id, list(range(1, 102)))
    with pytest.raises(BadRequest, match=r"(?i)message identifiers are not specified"):
        await bot.delete_messages(user.id, [])


async def test_delete_messages_removes_both_sides_and_skips_missing_ones(
    bot: Bot, user: FakeUser
) -> None:
    await bot.send_message(user.id, "menu")
    await user.send_text("lawyer")
    await bot.send_message(user.id, "results")

    assert await bot.delete_messages(user.id, [1, 2, 3, 4, 77])

    assert user.visible_messages() == []


async def test_deletion_is_refused_after_48_hours(
    bot: Bot, fake_bot_api: FakeBotApi, user: FakeUser
) -> None:
    old = await bot.send_message(user.id, "old")
    fake_bot_api.advance(TWO_DAYS - 60)
    recent = await bot.send_message(user.id, "recent")
    fake_bot_api.advance(60)

    with pytest.raises(BadRequest, match=r"(?i)message can't be deleted for everyone"):
        await bot.delete_message(user.id, old.message_id)
    assert await bot.delete_messages(user.id, [1, old.message_id, recent.message_id])

    assert [m.text for m in user.visible_messages()] == ["/start", "old"]
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await bot.delete_message(user.id, recent.message_id)


async def test_a_blocked_bot_gets_forbidden(bot: Bot, fake_bot_api: FakeBotApi) -> None:
    stranger = fake_bot_api.user()
    with pytest.raises(Forbidden, match=r"(?i)can't initiate conversation"):
        await bot.send_message(stranger.id, "hello?")

    await stranger.start()
    await stranger.block_bot()
    with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
        await bot.send_message(stranger.id, "hello?")
    updates = await bot.get_updates()
    assert updates[-1].my_chat_member is not None
    assert updates[-1].my_chat_member.new_chat_member.status == "kicked"


async def test_get_chat_describes_the_private_chat(bot: Bot, user: FakeUser) -> None:
    chat = await bot.get_chat(user.id)

    assert (chat.id, chat.type, chat.first_name, chat.username) == (
        user.id,
        "private",
        "Ana",
        "ana_w",
    )
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.get_chat(42)


async def test_commands_are_kept_per_scope_and_language(bot: Bot, user: FakeUser) -> None:
    await bot.set_my_commands([BotCommand("start", "Start over")])
    await bot.set_my_commands([BotCommand("start", "Empezar")], language_code="es")
    scope = BotCommandScopeChat(user.id)
    await bot.set_my_commands([BotCommand("erase", "Erase")], scope=scope)

    assert [c.description for c in await bot.get_my_commands()] == ["Start over"]
    assert [c.description for c in await bot.get_my_commands(language_code="es")] == ["Empezar"]
    assert [c.command for c in await bot.get_my_commands(scope=scope)] == ["erase"]
    assert await bot.get_my_commands(language_code="fr") == ()

    assert await bot.delete_my_commands(language_code="es")
    assert await bot.get_my_commands(language_code="es") == ()
    with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Start Over", "no spaces")])


async def test_close_and_log_out_succeed(bot: Bot, fake_bot_api: FakeBotApi) -> None:
    assert await bot.log_out()
    assert await bot.close()
    assert [c.method for c in fake_bot_api.calls[-2:]] == ["logOut", "close"]


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


# getUpdates


async def test_get_updates_offsets_confirm_earlier_updates(
    bot: Bot, fake_bot_api: FakeBotApi
) -> None:
    person = fake_bot_api.user()
    for text in ("one", "two", "three"):
        await person.send_text(text)

    first = await bot.get_updates(limit=2)
    assert [u.message.text for u in first if u.message] == ["one", "two"]
    assert len(await bot.get_updates()) == 3  # nothing confirmed yet

    rest = await bot.get_updates(offset=first[-1].update_id + 1)
    assert [u.message.text for u in rest if u.message] == ["three"]
    assert [u.status for u in fake_bot_api.updates] == ["confirmed", "confirmed", "pending"]

    assert [u.message.text for u in await bot.get_updates(offset=-1) if u.message] == ["three"]


async def test_get_updates_long_polls_until_an_update_or_the_timeout(
    bot: Bot, fake_bot_api: FakeBotApi
) -> None:
    person = fake_bot_api.user()
    started = time.monotonic()
    assert await bot.get_updates(timeout=1) == ()
    assert 0.9 <= time.monotonic() - started < 2

    await person.send_text("waiting already")
    started = time.monotonic()
    assert len(await bot.get_updates(timeout=10)) == 1
    assert time.monotonic() - started < 0.5

    poll = asyncio.create_task(
        bot.get_updates(offset=fake_bot_api.updates[-1].update_id + 1, timeout=10)
    )
    await asyncio.sleep(0.1)
    assert not poll.done()
    await person.send_text("now")
    started = time.monotonic()
    updates = await poll
    assert time.monotonic() - started < 0.5
    assert [u.message.text for u in updates if u.message] == ["now"]


async def test_a_second_poller_terminates_the_first(bot: Bot, fake_bot_api: FakeBotApi) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await fake_bot_api.wait_for(lambda: fake_bot_api.calls_to("getUpdates"))

    async with _bot(fake_bot_api) as second_instance:
        assert await second_instance.get_updates(timeout=0) == ()

    with pytest.raises(Conflict, match=r"(?i)terminated by other getUpdates"):
        await first


async def test_allowed_updates_filter_what_is_created(bot: Bot, fake_bot_api: FakeBotApi) -> None:
    await bot.get_updates(allowed_updates=[Update.CALLBACK_QUERY])
    person = fake_bot_api.user()
    await person.start()
    await bot.send_message(person.id, "Pick", reply_markup=menu(("A", "a")))

    await person.press("A")

    updates = await bot.get_updates()
    assert [u.callback_query.data for u in updates if u.callback_query] == ["a"]
    assert len(updates) == 1
    assert [u.status for u in fake_bot_api.updates] == ["filtered", "pending"]


async def test_an_application_polling_answers_the_user(fake_bot_api: FakeBotApi) -> None:
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_text(f"You said: {update.message.text}")

    app = (
        ApplicationBuilder()
        .token(fake_bot_api.token)
        .base_url(fake_bot_api.api_url)
        .base_file_url(fake_bot_api.file_url)
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT, echo))
    person = fake_bot_api.user()
    async with app:
        assert app.updater is not None
        await app.start()
        await app.updater.start_polling(poll_interval=0, timeout=1)
        try:
            await person.send_text("I need a lawyer")
            reply = await person.wait_for_reply()
            await person.send_text("and a shelter")
            second = await person.wait_for_reply()
        finally:
            await app.updater.stop()
            await app.stop()

    assert reply.text == "You said: I need a lawyer"
    assert second.text == "You said: and a shelter"
    assert [m.from_bot for m in person.visible_messages()] == [False, True, False, True]


# Webhooks


async def test_webhook_delivery_sends_the_secret_and_retries_on_failure(
    bot: Bot, fake_bot_api: FakeBotApi
) -> None:
    received: list[tuple[str | None, dict[str, Any]]] = []

    async def handle(request: web.Request) -> web.Response:
        received.append(
            (request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json())
        )
        return web.Response(status=500 if len(received) <= 2 else 200)

    person = fake_bot_api.user()
    async with receiver(handle) as url:
        assert await bot.set_webhook(url, secret_token="s3cr3t-Token_1")
        await person.send_text("over the webhook")
        await fake_bot_api.wait_for(lambda: fake_bot_api.updates[-1].status == "confirmed")
        info = await bot.get_webhook_info()
        with pytest.raises(Conflict, match=r"(?i)webhook is active"):
            await bot.get_updates()
        assert await bot.delete_webhook()

    assert [a.status for a in fake_bot_api.webhook_attempts] == [500, 500, 200]
    assert {secret for secret, _ in received} == {"s3cr3t-Token_1"}
    assert {body["message"]["text"] for _, body in received} == {"over the webhook"}
    assert (info.url, info.pending_update_count) == (url, 0)
    assert info.last_error_message == "Wrong response from the webhook: 500 Internal Server Error"


async def test_undelivered_updates_wait_for_the_next_mode(
    bot: Bot, fake_bot_api: FakeBotApi
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    person = fake_bot_api.user()
    await bot.set_webhook(f"http://127.0.0.1:{port}/telegram")

    await person.send_text("nobody listens")
    await fake_bot_api.wait_for(lambda: len(fake_bot_api.webhook_attempts) >= 2)
    info = await bot.get_webhook_info()
    await bot.delete_webhook()

    assert info.pending_update_count == 1
    assert info.last_error_message == "Connection refused"
    assert [u.message.text for u in await bot.get_updates() if u.message] == ["nobody listens"]


async def test_set_webhook_checks_the_url_and_the_secret(bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)bad webhook"):
        await bot.set_webhook("https://example.org/telegram")
    with pytest.raises(BadRequest, match=r"(?i)secret token contains unallowed characters"):
        await bot.set_webhook("http://127.0.0.1:9/telegram", secret_token="a+b/c=")
    with pytest.raises(BadRequest, match=r"(?i)invalid webhook url"):
        await bot.set_webhook("ftp://127.0.0.1/telegram")


# Fault injection


async def test_a_429_becomes_retry_after(
    bot: Bot, fake_bot_api: FakeBotApi, user: FakeUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")  # PTB warns when it builds RetryAfter otherwise
    fake_bot_api.inject("sendMessage", retry_after=3, times=2)

    for _ in range(2):
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(user.id, "flood")
        assert caught.value.retry_after.total_seconds() == 3  # type: ignore[union-attr]
    await bot.send_message(user.id, "third time lucky")

    faulted = [c.fault for c in fake_bot_api.calls_to("sendMessage")]
    assert faulted == ["429", "429", None]
    assert [m.text for m in user.visible_messages()] == ["/start", "third time lucky"]


@pytest.mark.parametrize(
    ("status", "message"), [(500, "Internal Server Error"), (502, "Bad Gateway")]
)
async def test_server_errors_become_network_errors(
    bot: Bot, fake_bot_api: FakeBotApi, user: FakeUser, status: int, message: str
) -> None:
    fake_bot_api.inject("*", status=status)

    with pytest.raises(NetworkError, match=message) as caught:
        await bot.send_message(user.id, "hello")

    assert not isinstance(caught.value, BadRequest)
    assert fake_bot_api.calls[-1].fault == str(status)
    assert len(user.visible_messages()) == 1


async def test_a_dropped_connection_is_a_network_error_and_sends_nothing(
    bot: Bot, fake_bot_api: FakeBotApi, user: FakeUser
) -> None:
    fake_bot_api.inject("sendmessage", drop=True)

    with pytest.raises(NetworkError) as caught:
        await bot.send_message(user.id, "lost")

    assert not isinstance(caught.value, TimedOut)
    assert fake_bot_api.calls[-1].fault == "drop"
    assert fake_bot_api.calls[-1].status is None
    assert len(user.visible_messages()) == 1
    assert (await bot.send_message(user.id, "again")).text == "again"


async def test_a_slow_answer_times_out_but_the_message_is_sent(
    fake_bot_api: FakeBotApi, user: FakeUser
) -> None:
    fake_bot_api.inject("sendMessage", delay=0.6)

    async with _bot(fake_bot_api, read_timeout=0.2) as impatient:
        with pytest.raises(TimedOut):
            await impatient.send_message(user.id, "slow")

        def answered() -> ApiCall | None:
            call = fake_bot_api.calls_to("sendMessage")[-1]
            return call if call.finished else None

        call = await fake_bot_api.wait_for(answered)

    assert (call.fault, call.status) == ("delay", 200)
    assert [m.text for m in user.visible_messages()] == ["/start", "slow"]


# Formatting, as a property


@given(st.text(min_size=1, max_size=200))
def test_escaped_html_reads_back_as_the_plain_text(text: str) -> None:
    assert parse_text(html.escape(text), "HTML") == (text, [])
    assert parse_text(escape_markdown(text, version=2), "MarkdownV2") == (text, [])
    assert parse_text(text, None) == (text, [])
