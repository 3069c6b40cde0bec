"""Telegram's bad moments (429, 5xx, timeouts, dropped connections) cost no one their answer."""

from __future__ import annotations

import asyncio

import pytest

from bot.content import Content
from tests.fakes.bot_api.server import FakeBotApi, FakeUser
from tests.helpers.telegram_bot import MODES, Mode, running_bot

pytestmark = pytest.mark.parametrize("mode", MODES)


async def test_a_429_is_waited_out_and_the_message_sent(
    fake_bot_api: FakeBotApi, content: Content, mode: Mode
) -> None:
    person = fake_bot_api.user()
    async with running_bot(fake_bot_api, content, mode):
        fault = fake_bot_api.inject("sendMessage", status=429, retry_after=1)
        await person.start()
        screen = await person.wait_for_reply()

    assert screen.text.startswith("Find help, safely")
    [refused] = fault.hits
    [sent] = [c for c in fake_bot_api.calls_to("sendMessage") if c.ok]
    assert sent.time - refused.time >= 1.0  # it waited as long as Telegram asked


@pytest.mark.parametrize("status", [500, 502, 503])
@pytest.mark.parametrize("method", ["sendMessage", "editMessageText", "answerCallbackQuery"])
async def test_server_errors_are_retried(
    fake_bot_api: FakeBotApi, content: Content, mode: Mode, method: str, status: int
) -> None:
    person = fake_bot_api.user()
    async with running_bot(fake_bot_api, content, mode):
        await person.start()
        await person.wait_for_reply()
        fault = fake_bot_api.inject(method, status=status, times=2)
        if method == "sendMessage":
            await person.send_text("lawyer")
        else:
            await person.press("⚖️ Legal help")
        screen = await person.wait_for_reply()
        await fake_bot_api.wait_for(lambda: not fake_bot_api.unanswered_callback_queries())

    # In webhook mode the press is answered in the webhook's answer: no call of its own to fail.
    answered_by_webhook = mode == "webhook" and method == "answerCallbackQuery"
    assert len(fault.hits) == (0 if answered_by_webhook else 2)
    expected = "Here is what I found" if method == "sendMessage" else "Legal help: where"
    assert screen.text.startswith(expected)
    assert person.replies_since_last_action() == []  # no error screen after it


@pytest.mark.parametrize("method", ["sendMessage", "editMessageText", "deleteMessages"])
async def test_dropped_connections_are_retried(
    fake_bot_api: FakeBotApi, content: Content, mode: Mode, method: str
) -> None:
    person = fake_bot_api.user()
    async with running_bot(fake_bot_api, content, mode, erase_note_seconds=30):
        await person.start()
        await person.wait_for_reply()
        fault = fake_bot_api.inject(method, drop=True)
        await person.press("⚖️ Legal help")
        await person.wait_for_reply()
        await person.send_text("I need a lawyer")
        await person.wait_for_reply()
        await person.press("🧹 Erase")
        note = await person.wait_for_reply()
        assert [m.text for m in person.visible_messages()] == [note.text]

    assert len(fault.hits) == 1


async def test_a_timed_out_send_is_retried_and_erase_still_finds_the_duplicate(
    fake_bot_api: FakeBotApi, content: Content, mode: Mode
) -> None:
    person = fake_bot_api.user()
    async with running_bot(fake_bot_api, content, mode, api_timeout_seconds=0.3):
        fault = fake_bot_api.inject("sendMessage", delay=0.6)
        await person.start()
        first = await person.wait_for_reply()
        second = await person.wait_for_reply()  # Telegram had sent the first one after all
        assert first.text == second.text
        await person.send_text("/erase")
        await person.wait_for_reply()
        assert len(person.visible_messages()) == 1  # only the note

    assert len(fault.hits) == 1


async def test_no_update_is_lost_when_everything_fails_at_times(
    fake_bot_api: FakeBotApi, content: Content, mode: Mode
) -> None:
    people = [fake_bot_api.user(language_code="en") for _ in range(6)]
    async with running_bot(fake_bot_api, content, mode, api_timeout_seconds=0.5):
        fake_bot_api.inject("sendMessage", status=500, times=3)
        fake_bot_api.inject("editMessageText", status=502, times=2)
        fake_bot_api.inject("sendMessage", status=429, retry_after=1, times=1)
        fake_bot_api.inject("editMessageText", delay=0.8, times=1)
        if mode == "polling":  # webhook mode has neither call: see test_webhook_reply.py
            fake_bot_api.inject("answerCallbackQuery", drop=True, times=2)
            fake_bot_api.inject("getUpdates", status=500, times=2)

        async def session(person: FakeUser) -> str:
            await person.start()
            await person.wait_for_reply(timeout=10)
            await person.press("⚖️ Legal help")
            await person.wait_for_reply(timeout=10)
            await person.press("Seattle and King County")
            results = await person.wait_for_reply(timeout=10)
            return results.text

        texts = await asyncio.gather(*(session(person) for person in people))

    assert all("+1 206-267-7100" in text for text in texts)
    assert fake_bot_api.unanswered_callback_queries() == []
    assert all(update.status == "confirmed" for update in fake_bot_api.updates)
    assert all(fault.remaining == 0 for fault in fake_bot_api.faults)
