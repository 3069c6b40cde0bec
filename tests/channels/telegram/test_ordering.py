"""Each chat's updates are handled in turn, so a slow, retried call of one action never lands
after the next action (regression: a timed-out edit, retried, put the previous screen back
over the newer one, and after Erase sent it again into the emptied chat)."""

from __future__ import annotations

import asyncio

import pytest
from telegram import Update

from bot.channels.telegram.ordering import PerChatUpdateProcessor
from bot.content import Content
from tests.fakes.bot_api.server import FakeBotApi
from tests.helpers.telegram_bot import MODES, Mode, running_bot


@pytest.mark.parametrize("mode", MODES)
async def test_a_retried_edit_never_puts_an_older_screen_back(
    fake_bot_api: FakeBotApi, content: Content, mode: Mode
) -> None:
    person = fake_bot_api.user()
    async with running_bot(fake_bot_api, content, mode, api_timeout_seconds=0.3):
        await person.start()
        await person.wait_for_reply()
        # Telegram applies the edit but its answer comes too late: the bot edits again.
        fault = fake_bot_api.inject("editMessageText", delay=0.6)
        await person.press("⚖️ Legal help")
        assert (await person.wait_for_reply()).text == "Legal help: where are you?"
        await person.press("Seattle and King County")  # before the retry of the first edit
        await fake_bot_api.wait_for(lambda: not fake_bot_api.unanswered_callback_queries())
        await fake_bot_api.wait_for(lambda: all_answered(fake_bot_api))

    assert len(fault.hits) == 1
    [screen] = [m for m in person.visible_messages() if m.from_bot]
    assert screen.text.startswith("Legal help · Seattle and King County")


@pytest.mark.parametrize("mode", MODES)
async def test_erase_is_not_undone_by_a_retried_edit(
    fake_bot_api: FakeBotApi, content: Content, mode: Mode
) -> None:
    person = fake_bot_api.user()
    async with running_bot(
        fake_bot_api, content, mode, api_timeout_seconds=0.3, erase_note_seconds=30
    ):
        await person.start()
        await person.wait_for_reply()
        fake_bot_api.inject("editMessageText", delay=0.6)
        await person.press("⚖️ Legal help")
        await person.wait_for_reply()
        await person.press("🧹 Erase")  # while the edit's answer is still on its way
        note = await person.wait_for_reply()
        await fake_bot_api.wait_for(lambda: all_answered(fake_bot_api))
        await asyncio.sleep(0.2)  # time for a wrong resend to show

        assert [m.text for m in person.visible_messages()] == [note.text]


def all_answered(fake: FakeBotApi) -> bool:
    """Every Bot API call but the long poll has had its answer."""
    return all(c.finished for c in fake.calls if c.method != "getUpdates")


def message_update(update_id: int, chat_id: int) -> Update:
    return Update.de_json(
        {
            "update_id": update_id,
            "message": {
                "message_id": update_id,
                "date": 0,
                "chat": {"id": chat_id, "type": "private"},
                "text": "hi",
            },
        },
        None,
    )


async def test_one_chat_at_a_time_in_order_and_a_flood_blocks_no_one_else() -> None:
    processor = PerChatUpdateProcessor(4)
    flooding, other = 111, 222
    release = asyncio.Event()
    done: list[tuple[int, int]] = []
    running: dict[int, int] = {}

    async def handle(update_id: int, chat_id: int) -> None:
        running[chat_id] = running.get(chat_id, 0) + 1
        assert running[chat_id] == 1  # never two of one chat at once
        if chat_id == flooding:
            await release.wait()
        running[chat_id] -= 1
        done.append((chat_id, update_id))

    tasks = [
        asyncio.create_task(
            processor.process_update(message_update(n, flooding), handle(n, flooding))
        )
        for n in range(100)
    ]
    await asyncio.sleep(0)
    answered = asyncio.create_task(
        processor.process_update(message_update(1000, other), handle(1000, other))
    )
    await asyncio.wait_for(answered, timeout=1)  # not stuck behind the flood
    assert done == [(other, 1000)]
    release.set()
    await asyncio.gather(*tasks)

    assert [n for chat, n in done if chat == flooding] == list(range(100))  # in order
    assert len(processor) == 0  # nothing about any chat stays


async def test_no_more_than_the_limit_run_at_once() -> None:
    processor = PerChatUpdateProcessor(3)
    now = peak = 0

    async def handle() -> None:
        nonlocal now, peak
        now += 1
        peak = max(peak, now)
        await asyncio.sleep(0.01)
        now -= 1

    await asyncio.gather(
        *(processor.process_update(message_update(n, n), handle()) for n in range(20)),
        processor.process_update(object(), handle()),  # not an update: no chat, still limited
    )
    assert peak == 3
