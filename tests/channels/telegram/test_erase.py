"""Erase: the bounded, hashed memory of message ids, and deleting a whole session for real."""

from __future__ import annotations

import gc
import tracemalloc

import pytest

from bot.channels.telegram.erase import batches
from bot.content import Content
from bot.shared_state.in_process import MAX_IDS_PER_CHAT
from bot.shared_state.in_process import InProcessSessionMessages as SessionMessages
from bot.shared_state.stores import DELETE_WINDOW_SECONDS
from tests.fakes.bot_api.server import FakeBotApi, FakeUser
from tests.helpers.telegram_bot import MODES, Mode, running_bot

CHAT = 987654321012


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# --- the memory ---------------------------------------------------------------------------


def test_chats_are_kept_under_keyed_hashes_that_change_with_every_process() -> None:
    first, second = SessionMessages(10), SessionMessages(10)
    first.record_now(CHAT, 5)
    second.record_now(CHAT, 5)

    [key] = list(first.keys())
    assert len(key) == 16
    assert str(CHAT).encode() not in key and CHAT.to_bytes(8, "big") not in key
    assert list(second.keys()) != [key]  # another process, another key: nothing to match
    assert first.hashed(CHAT) == key


def test_forget_returns_the_sessions_ids_once() -> None:
    messages = SessionMessages(10)
    for message_id in (3, 4, 5):
        messages.record_now(CHAT, message_id)
    messages.record_now(CHAT + 1, 9)

    assert messages.forget_now(CHAT) == [3, 4, 5]
    assert messages.forget_now(CHAT) == []
    assert len(messages) == 1


def test_small_gaps_are_taken_as_the_sessions_and_large_ones_are_not() -> None:
    messages = SessionMessages(10)
    for message_id in (10, 13, 100, 101):
        messages.record_now(CHAT, message_id)
    messages.record_now(CHAT, 12)  # late, out of order: already counted

    assert messages.forget_now(CHAT) == [10, 11, 12, 13, 100, 101]


def test_the_least_recently_active_chats_go_first_past_the_cap() -> None:
    messages = SessionMessages(3)
    for chat in (1, 2, 3):
        messages.record_now(chat, 1)
    messages.record_now(1, 2)  # chat 1 is active again
    messages.record_now(4, 1)

    assert len(messages) == 3
    assert messages.forget_now(2) == []
    assert messages.forget_now(1) == [1, 2]


def test_ids_past_the_48_hour_window_are_dropped_and_so_are_idle_chats() -> None:
    clock = FakeClock()
    messages = SessionMessages(10, clock=clock)
    messages.record_now(CHAT, 1)
    messages.record_now(CHAT + 1, 1)
    clock.now += DELETE_WINDOW_SECONDS - 10
    messages.record_now(CHAT, 2)
    clock.now += 20
    messages.record_now(CHAT + 2, 1)  # any activity expires idle chats

    assert len(messages) == 2  # CHAT + 1 was idle for more than 48 hours
    assert messages.forget_now(CHAT) == [2]  # id 1 is too old for Telegram to delete


def test_a_very_long_session_keeps_its_latest_ids() -> None:
    messages = SessionMessages(1)
    for message_id in range(1, MAX_IDS_PER_CHAT + 51):
        messages.record_now(CHAT, message_id)

    ids = messages.forget_now(CHAT)
    assert len(ids) == MAX_IDS_PER_CHAT and ids[-1] == MAX_IDS_PER_CHAT + 50


def test_ten_thousand_chats_take_less_than_3_mb() -> None:
    messages = SessionMessages(10_000)
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.take_snapshot()
        for chat in range(20_000):  # twice the cap: the first half is dropped
            messages.record_now(10**11 + chat * 7919, 1000 + chat)
            messages.record_now(10**11 + chat * 7919, 1001 + chat)
        gc.collect()
        after = tracemalloc.take_snapshot()
    finally:
        tracemalloc.stop()
    grown = sum(stat.size_diff for stat in after.compare_to(before, "filename"))

    assert len(messages) == 10_000
    assert grown < 3_000_000


def test_batches_hold_at_most_100_ids() -> None:
    assert [len(b) for b in batches(list(range(250)))] == [100, 100, 50]
    assert list(batches([])) == []


# --- erasing a session over the Bot API ----------------------------------------------------


def visible(person: FakeUser) -> list[str]:
    return [m.text for m in person.visible_messages()]


@pytest.mark.parametrize("mode", MODES)
async def test_the_erase_button_deletes_the_whole_session_then_its_note(
    fake_bot_api: FakeBotApi, content: Content, mode: Mode
) -> None:
    person = fake_bot_api.user(language_code="en")
    async with running_bot(fake_bot_api, content, mode, erase_note_seconds=0.3):
        await person.start()
        await person.wait_for_reply()
        await person.press("⚖️ Legal help")
        await person.wait_for_reply()
        await person.send_text("I need a lawyer")
        await person.wait_for_reply()
        await person.send_text("danger")
        await person.wait_for_reply()
        session = [m.message_id for m in person.visible_messages()]
        await person.press("🧹 Erase")
        note = await person.wait_for_reply()
        assert visible(person) == [note.text]
        assert note.text.startswith("Done. I deleted the messages I could.")
        assert note.disable_notification
        await fake_bot_api.wait_for(lambda: not person.visible_messages(), timeout=3)

    everything = fake_bot_api.messages(person.chat_id)
    assert len(session) == 6
    assert all(m.deleted for m in everything)
    assert fake_bot_api.unanswered_callback_queries() == []


@pytest.mark.parametrize("mode", MODES)
async def test_erase_command_deletes_more_than_100_messages_in_batches(
    fake_bot_api: FakeBotApi, content: Content, mode: Mode
) -> None:
    person = fake_bot_api.user(language_code="es")
    async with running_bot(fake_bot_api, content, mode):
        for number in range(60):
            await person.send_text(f"abogado {number}")
            await person.wait_for_reply()
        assert len(person.visible_messages()) == 120
        await person.send_text("/erase")
        note = await person.wait_for_reply()

        assert note.text.startswith("Listo.")
        assert visible(person) == [note.text]
    # Stopping the bot deletes the waiting note at once instead of a minute later.
    assert person.visible_messages() == []

    calls = fake_bot_api.calls_to("deleteMessages")
    sizes = [len(call.params["message_ids"]) for call in calls]
    assert sizes == [100, 21]
    assert sorted(i for call in calls for i in call.params["message_ids"]) == list(range(1, 122))


async def test_start_again_on_the_note_sends_a_new_screen_and_the_note_still_goes(
    fake_bot_api: FakeBotApi, content: Content
) -> None:
    person = fake_bot_api.user(language_code="en")
    async with running_bot(fake_bot_api, content, erase_note_seconds=0.3):
        await person.send_text("/erase")
        note = await person.wait_for_reply()
        await person.press("Start again", note)
        welcome = await person.wait_for_reply()
        await fake_bot_api.wait_for(lambda: visible(person) == [welcome.text], timeout=3)

    assert welcome.message_id != note.message_id
    assert welcome.text.startswith("Find help, safely")


async def test_a_screen_from_before_a_restart_is_erased_once_it_is_used(
    fake_bot_api: FakeBotApi, content: Content
) -> None:
    person = fake_bot_api.user(language_code="en")
    async with running_bot(fake_bot_api, content):
        await person.start()
        welcome = await person.wait_for_reply()
    async with running_bot(fake_bot_api, content):  # a new process: Erase's memory is empty
        await person.press("⚖️ Legal help", welcome)
        await person.wait_for_reply()
        await person.send_text("/erase")
        note = await person.wait_for_reply()
        # Left: the person's /start from before the restart, which this process never saw.
        assert [m.message_id for m in person.visible_messages()] == [1, note.message_id]
    assert [m.message_id for m in person.visible_messages()] == [1]
