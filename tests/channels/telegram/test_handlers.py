"""The handlers keep nothing about people, recover from errors, and answer private chats only."""

from __future__ import annotations

import dataclasses
import logging
from typing import Any, cast

import pytest

from bot.content import Content, ContentStore
from bot.directory.search import SearchIndex
from bot.flows.engine import Engine
from bot.shared_state.in_process import InProcessSessionMessages
from tests.fakes.bot_api.server import FakeBotApi
from tests.helpers.telegram_bot import MODES, Mode, running_bot

SECRET_WORDS = "my secret words qwzx"


class ExplodingIndex:
    """A search index that breaks on every search (and quotes what it was asked, as careless
    code does), so that the error handler's path runs with nothing of Telegram mocked."""

    def __init__(self, index: SearchIndex) -> None:
        self._index = index

    def search(self, text: str, **kwargs: Any) -> Any:
        raise RuntimeError(f"search index exploded on {text!r}")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._index, name)


def broken_search(content: Content) -> ContentStore:
    index = cast(SearchIndex, ExplodingIndex(content.index))
    engine = Engine(content.flow, content.directory, index)
    return ContentStore(dataclasses.replace(content, index=index, engine=engine))


@pytest.mark.parametrize("mode", MODES)
async def test_an_error_gets_an_apology_with_the_start_screen_and_the_bot_goes_on(
    fake_bot_api: FakeBotApi, content: Content, mode: Mode, caplog: pytest.LogCaptureFixture
) -> None:
    person = fake_bot_api.user(language_code="es")
    caplog.set_level(logging.DEBUG)
    async with running_bot(fake_bot_api, broken_search(content), mode):
        await person.send_text(SECRET_WORDS)
        apology = await person.wait_for_reply()
        await person.press("⚖️ Ayuda legal")  # the start screen's buttons work
        after = await person.wait_for_reply()

    assert apology.text.startswith(
        "Perdón, algo salió mal. Aquí está la pantalla de inicio.\n\nEncuentre ayuda"
    )
    assert after.text.startswith("Ayuda legal: ¿dónde está usted?")
    ours = [r for r in caplog.records if r.name.startswith("bot.")]
    [failure] = [r for r in ours if r.levelno == logging.ERROR]
    assert "RuntimeError at " in failure.getMessage()
    assert not failure.exc_info
    # The exception quoted the typed text; the bot's log lines do not.
    assert not [r for r in ours if "qwzx" in r.getMessage()]


@pytest.mark.parametrize("mode", MODES)
async def test_nothing_about_people_is_kept_but_erase_s_hashed_ids(
    fake_bot_api: FakeBotApi, content: Content, mode: Mode
) -> None:
    people = [fake_bot_api.user(language_code=code) for code in ("en", "es", "en")]
    async with running_bot(fake_bot_api, content, mode) as application:
        for person in people:
            await person.start("legal_wa-king")
            await person.wait_for_reply()
            change_place = {"en": "📍 Change place", "es": "📍 Cambiar lugar"}
            await person.press(change_place[person.account.language_code or "en"])
            await person.wait_for_reply()
            await person.send_text("I need a lawyer")
            await person.wait_for_reply()
            await person.send_location(47.6, -122.3)
            await person.wait_for_reply()
        await people[0].send_text("/erase")
        await people[0].wait_for_reply()

        messages = application.services.messages
        assert isinstance(messages, InProcessSessionMessages)
        keys = list(messages.keys())
        assert application.user_data == {}
        assert application.chat_data == {}
        assert application.bot_data == {}
        assert application.persistence is None
        # Regression: PTB 22.8 notes every user and chat id for a persistence, even when there
        # is none, and never forgets them.
        assert application._user_ids_to_be_updated_in_persistence == set()
        assert application._chat_ids_to_be_updated_in_persistence == set()
        assert len(keys) == 2  # the person who erased is forgotten
        for key in keys:
            assert isinstance(key, bytes) and len(key) == 16
            for person in people:
                assert str(person.id).encode() not in key
        assert {messages.hashed(p.id) for p in people[1:]} == set(keys)


async def test_group_chats_are_ignored(fake_bot_api: FakeBotApi, content: Content) -> None:
    group = {"id": -1001234567890, "type": "supergroup", "title": "A group"}
    sender = {"id": 555, "is_bot": False, "first_name": "Someone"}
    person = fake_bot_api.user()
    async with running_bot(fake_bot_api, content):
        fake_bot_api.post_raw_update(
            {
                "message": {
                    "message_id": 1,
                    "date": 0,
                    "chat": group,
                    "from": sender,
                    "text": "/start",
                    "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
                }
            }
        )
        await person.start()
        await person.wait_for_reply()

    assert [c.params["chat_id"] for c in fake_bot_api.calls_to("sendMessage")] == [person.id]


@pytest.mark.parametrize("mode", MODES)
async def test_a_command_mark_over_blank_text_gets_the_start_screen(
    fake_bot_api: FakeBotApi, content: Content, mode: Mode, caplog: pytest.LogCaptureFixture
) -> None:
    """Regression: a message marked as a command whose text is only spaces made run_command
    fail with IndexError (found by tests/fuzz; Telegram never sends it, a forger can)."""
    person = fake_bot_api.user()
    async with running_bot(fake_bot_api, content, mode):
        await person.start()
        await person.wait_for_reply()
        fake_bot_api.post_raw_update(
            {
                "message": {
                    "message_id": 3,
                    "date": 0,
                    "chat": person.account.chat_json(),
                    "from": person.account.user_json(),
                    "text": "   ",
                    "entities": [{"type": "bot_command", "offset": 0, "length": 3}],
                }
            }
        )
        screen = await person.wait_for_reply()

    assert screen.text.startswith("Find help, safely")  # not "Something went wrong"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
