"""Live reload, end to end: staff edit the YAML while the bot runs; people see the change, and a
broken edit changes nothing they see."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.content import ContentStore, load_content
from tests.fakes.bot_api.server import FakeBotApi, FakeUser, MessageView
from tests.helpers.editing import edit, shipped_copy
from tests.helpers.telegram_bot import MODES, Mode, running_bot

pytestmark = pytest.mark.parametrize("mode", MODES)

WARN = "206-245-0782"
WARN_SHOWN = "+1 206-245-0782"
NEW = "206-245-0799"
NEW_SHOWN = "+1 206-245-0799"


@pytest.fixture
def directories(tmp_path: Path) -> tuple[Path, Path]:
    return shipped_copy(tmp_path)


async def legal_help_in_washington(person: FakeUser) -> MessageView:
    """Open legal help in Washington State afresh (WARN serves all of Washington)."""
    await person.start("legal_wa")
    return await person.wait_for_reply()


async def until_shown(person: FakeUser, text: str, seconds: float = 10) -> MessageView:
    """Ask again until the screen shows `text`: the reload happens within seconds."""
    screen = await legal_help_in_washington(person)
    for _ in range(int(seconds / 0.2)):
        if text in screen.text:
            return screen
        await asyncio.sleep(0.2)
        screen = await legal_help_in_washington(person)
    raise AssertionError(f"{text!r} never appeared:\n{screen.text}")


async def test_an_edited_phone_number_goes_live_without_a_restart(
    fake_bot_api: FakeBotApi, directories: tuple[Path, Path], mode: Mode
) -> None:
    resources, conversations = directories
    loaded = load_content(resources, conversations)
    assert loaded.content is not None
    store = ContentStore(loaded.content)
    person = fake_bot_api.user()
    async with running_bot(
        fake_bot_api, store, mode, resources_dir=resources, conversations_dir=conversations
    ):
        before = await legal_help_in_washington(person)
        assert WARN_SHOWN in before.text
        edit(resources / "washington.yaml", WARN, NEW)
        after = await until_shown(person, NEW_SHOWN)
        assert WARN_SHOWN not in after.text

        # A broken edit: the bot refuses it and goes on with the last good directory.
        edit(resources / "washington.yaml", NEW, "206-245-07991")
        version = store.version
        await asyncio.sleep(1.5)  # give the watcher time to see it and refuse it
        assert store.version == version
        still = await legal_help_in_washington(person)
        assert NEW_SHOWN in still.text
    assert fake_bot_api.unanswered_callback_queries() == []
