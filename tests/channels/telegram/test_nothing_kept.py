"""Typed words leave the bot with its answer: after a person's messages are answered by the real
application (in both modes), nothing the bot's process holds contains what they wrote."""

from __future__ import annotations

import pytest

from bot.content import Content
from tests.fakes.bot_api.server import FakeBotApi
from tests.helpers.kept_words import containers_holding, made_up_word
from tests.helpers.telegram_bot import MODES, Mode, running_bot


@pytest.mark.parametrize("mode", MODES)
async def test_no_word_typed_is_kept_once_it_is_answered(
    fake_bot_api: FakeBotApi, content: Content, mode: Mode
) -> None:
    typed = [made_up_word("zorb", "laxing"), made_up_word("quim", "boltes")]
    person = fake_bot_api.user(language_code="en")
    async with running_bot(fake_bot_api, content, mode):
        await person.send_text(f"he took my passport and {typed[0]} me")
        first = await person.wait_for_reply()
        await person.send_text(f"me violaron {typed[1]}")
        second = await person.wait_for_reply()
        await fake_bot_api.wait_for(lambda: not fake_bot_api.pending_updates)
        # The fake server is Telegram, which keeps the chat, and it runs in this process:
        # forgotten, what still holds the words can only be the bot.
        fake_bot_api.forget_history(chats=True)
        del person
        assert containers_holding(typed) == []
    assert first.text.startswith("Your documents belong to you")  # understood, and answered
    assert second.text
