"""Running the bot: the command menu, and a stop that finishes what is in flight."""

from __future__ import annotations

import asyncio
import os
import signal

import aiohttp
import pytest

from bot.channels.telegram.app import build_application
from bot.channels.telegram.handlers import ERROR_TEXT_KEY
from bot.channels.telegram.run import MENU_COMMANDS, run_until_signalled, together
from bot.content import Content, ContentStore
from tests.fakes.bot_api.server import FakeBotApi
from tests.helpers.telegram_bot import MODES, Mode, bot_settings, running_bot


async def test_the_command_menu_is_set_in_english_and_spanish(
    fake_bot_api: FakeBotApi, content: Content
) -> None:
    async with running_bot(fake_bot_api, content):
        pass

    menus = {
        call.params.get("language_code"): call.params["commands"]
        for call in fake_bot_api.calls_to("setMyCommands")
    }
    assert set(menus) == {None, "en", "es"}
    assert menus[None] == menus["en"]
    assert [c["command"] for c in menus["es"]] == [
        "start",
        "help",
        "emergency",
        "language",
        "privacy",
        "erase",
    ]
    assert menus["en"][5] == {
        "command": "erase",
        "description": "Delete this conversation's messages",
    }
    assert menus["es"][5]["description"] == "Borrar los mensajes de esta conversación"
    assert menus["es"][2]["description"].startswith("Líneas para llamar")


async def test_the_start_up_calls_to_telegram_are_made_together(
    fake_bot_api: FakeBotApi, content: Content
) -> None:
    fake_bot_api.inject("setMyCommands", delay=0.5, times=3)
    fake_bot_api.inject("setWebhook", delay=0.5)
    start_up = ("setMyCommands", "setWebhook")

    def all_in_flight_at_once() -> bool:
        calls = [c for c in fake_bot_api.calls if c.method in start_up]
        return len(calls) == 4 and not any(c.finished for c in calls)

    watching = asyncio.create_task(fake_bot_api.wait_for(all_in_flight_at_once, 20))
    async with running_bot(fake_bot_api, content, "webhook"):
        pass
    await watching  # one after another, they never would be


async def test_together_raises_the_first_failure_as_it_was_and_cancels_the_rest() -> None:
    cancelled = asyncio.Event()

    async def fails() -> None:
        raise LookupError("first")

    async def waits() -> None:
        try:
            await asyncio.sleep(60)
        except asyncio.CancelledError:
            cancelled.set()
            raise

    with pytest.raises(LookupError, match="first"):
        await together(waits(), fails())
    assert cancelled.is_set()


@pytest.mark.parametrize("mode", MODES)
async def test_stopping_finishes_the_updates_in_flight(
    fake_bot_api: FakeBotApi, content: Content, mode: Mode
) -> None:
    person = fake_bot_api.user()
    async with running_bot(fake_bot_api, content, mode) as application:
        fake_bot_api.inject("sendMessage", delay=0.5)
        await person.start()
        await fake_bot_api.wait_for(lambda: fake_bot_api.calls_to("sendMessage"))
        call = fake_bot_api.calls_to("sendMessage")[0]
        in_flight = not call.finished  # the answer is on its way when the stop begins
    assert in_flight
    assert call.ok  # the stop waited for it
    assert not application.running
    assert [m.from_bot for m in person.visible_messages()] == [False, True]


async def test_healthz_stops_answering_once_stopped(
    fake_bot_api: FakeBotApi, content: Content
) -> None:
    async with running_bot(fake_bot_api, content, "webhook") as application:
        url = (application.settings.webhook_url or "").replace("/telegram", "/healthz")
    async with aiohttp.ClientSession() as http:
        with pytest.raises(aiohttp.ClientConnectionError):
            await http.get(url)


async def test_sigterm_stops_the_bot_cleanly(fake_bot_api: FakeBotApi, content: Content) -> None:
    application = build_application(bot_settings(fake_bot_api), ContentStore(content))
    person = fake_bot_api.user()
    task = asyncio.create_task(run_until_signalled(application, (signal.SIGUSR1,)))
    await person.start()
    await person.wait_for_reply()
    os.kill(os.getpid(), signal.SIGUSR1)
    await asyncio.wait_for(task, timeout=10)

    assert not application.running
    assert fake_bot_api.calls_to("getUpdates")[-1].params.get("timeout") == 0  # offset confirmed


def test_every_language_has_the_texts_the_telegram_channel_uses(content: Content) -> None:
    translations = content.flow.translations
    keys = [ERROR_TEXT_KEY, *(f"commands.{name}" for name in MENU_COMMANDS)]
    for language in content.flow.settings.languages:
        missing = [key for key in keys if not translations.has(language, key)]
        assert missing == [], f"{language}: {missing}"
    for name in MENU_COMMANDS:
        assert name in content.flow.settings.commands  # each menu entry opens a screen
