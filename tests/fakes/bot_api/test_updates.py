"""Updates reaching the bot through the fake: getUpdates and webhooks."""

from __future__ import annotations

import asyncio
import socket
import time
from typing import Any

import pytest
from aiohttp import web
from telegram import Bot, Update
from telegram.error import BadRequest, Conflict
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters

from tests.fakes.bot_api.client import menu, ptb_bot, receiver
from tests.fakes.bot_api.server import FakeBotApi

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

    async with ptb_bot(fake_bot_api) as second_instance:
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
