"""End to end over real HTTP: a person talks to the real bot through the fake Bot API server,
in polling mode and in webhook mode."""

from __future__ import annotations

import secrets

import pytest

from bot.content import Content
from tests.fakes.bot_api.server import FakeBotApi, MessageView
from tests.helpers.telegram_bot import MODES, Mode, running_bot

pytestmark = pytest.mark.parametrize("mode", MODES)

KCBA_PHONE = "+1 206-267-7100"


def assert_sent_quietly(fake_bot_api: FakeBotApi) -> None:
    """Every message silent, as HTML, without link previews; every edit too."""
    sends = fake_bot_api.calls_to("sendMessage")
    edits = fake_bot_api.calls_to("editMessageText")
    assert sends
    for call in sends:
        assert call.params.get("disable_notification") is True, call.params
    for call in sends + edits:
        assert call.params.get("link_preview_options") == {"is_disabled": True}, call.params
        assert call.params.get("parse_mode") == "HTML"
    assert fake_bot_api.unanswered_callback_queries() == []


@pytest.mark.parametrize(
    ("language", "legal", "king_county", "heading"),
    [
        ("en", "⚖️ Legal help", "Seattle and King County", "Find help, safely"),
        ("es", "⚖️ Ayuda legal", "Seattle y el condado de King", "Encuentre ayuda, con seguridad"),
    ],
)
async def test_three_taps_from_start_to_a_legal_aid_phone_in_king_county(
    fake_bot_api: FakeBotApi,
    content: Content,
    mode: Mode,
    language: str,
    legal: str,
    king_county: str,
    heading: str,
) -> None:
    person = fake_bot_api.user(language_code=language)
    async with running_bot(fake_bot_api, content, mode):
        await person.start()
        welcome = await person.wait_for_reply()
        await person.press(legal)
        where = await person.wait_for_reply()
        await person.press(king_county)
        results = await person.wait_for_reply()

    assert welcome.text.startswith(heading)
    assert {"type": "bold", "offset": 0, "length": len(heading)} in [
        {k: e[k] for k in ("type", "offset", "length")} for e in welcome.entities
    ]
    # Both presses edited the welcome message in place: one bot message in the chat.
    assert where.message_id == results.message_id == welcome.message_id
    assert where.edited and results.edited
    assert KCBA_PHONE in results.text
    assert [m.from_bot for m in person.visible_messages()] == [False, True]
    assert_sent_quietly(fake_bot_api)


async def test_typed_text_is_a_search_answered_with_a_new_screen(
    fake_bot_api: FakeBotApi, content: Content, mode: Mode
) -> None:
    person = fake_bot_api.user(language_code="en")
    async with running_bot(fake_bot_api, content, mode):
        await person.start()
        welcome = await person.wait_for_reply()
        await person.send_text("I need a lawyer")
        found = await person.wait_for_reply()

    assert found.message_id != welcome.message_id and not found.edited
    assert found.text.startswith("Here is what I found")
    assert "Legal" in found.text or "legal" in found.text
    assert_sent_quietly(fake_bot_api)


async def test_emergency_words_bring_the_emergency_screen_in_the_persons_language(
    fake_bot_api: FakeBotApi, content: Content, mode: Mode
) -> None:
    person = fake_bot_api.user(language_code="es")
    async with running_bot(fake_bot_api, content, mode):
        await person.send_text("estoy en peligro")
        screen = await person.wait_for_reply()

    assert screen.text.startswith("🆘 Si está en peligro")
    for number in ("911", "988", "+1 888-373-7888"):
        assert number in screen.text
    assert_sent_quietly(fake_bot_api)


async def test_a_deep_link_opens_on_legal_help_in_king_county_in_spanish(
    fake_bot_api: FakeBotApi, content: Content, mode: Mode
) -> None:
    person = fake_bot_api.user(language_code="en")  # the link's language wins
    async with running_bot(fake_bot_api, content, mode):
        await person.start("legal_wa-king_es")
        screen = await person.wait_for_reply()

    assert screen.text.startswith("Ayuda legal · Seattle y el condado de King")
    assert KCBA_PHONE in screen.text


async def test_a_forged_button_is_answered_and_lands_on_the_start_screen(
    fake_bot_api: FakeBotApi, content: Content, mode: Mode
) -> None:
    person = fake_bot_api.user(language_code="en")
    async with running_bot(fake_bot_api, content, mode):
        await person.start()
        await person.wait_for_reply()
        for forged in (secrets.token_hex(20), "1.results.en.legal.nowhere.0.", "2.welcome.en...0."):
            await person.press("⚖️ Legal help")
            assert (await person.wait_for_reply()).text.startswith("Legal help: where")
            await person.press_raw(forged)
            screen = await person.wait_for_reply()
            assert screen.text.startswith("Find help, safely"), forged

    assert fake_bot_api.unanswered_callback_queries() == []
    assert len(fake_bot_api.callback_queries) == 6


async def test_commands_open_their_screens(
    fake_bot_api: FakeBotApi, content: Content, mode: Mode
) -> None:
    person = fake_bot_api.user(language_code="es")
    async with running_bot(fake_bot_api, content, mode):
        replies: dict[str, MessageView] = {}
        for command in ("/privacy", "/help", "/language", "/emergency", "/nonsense"):
            await person.send_text(command)
            replies[command] = await person.wait_for_reply()

    assert replies["/privacy"].text.startswith("🔒 Su privacidad")
    assert replies["/help"].text.startswith("Encuentre ayuda")
    assert "English" in replies["/language"].button_texts[0] + replies["/language"].button_texts[1]
    assert replies["/emergency"].text.startswith("🆘")
    assert replies["/nonsense"].text.startswith("Encuentre ayuda")


async def test_a_shared_location_is_answered_with_the_help_around_it(
    fake_bot_api: FakeBotApi, content: Content, mode: Mode
) -> None:
    person = fake_bot_api.user(language_code="en")
    async with running_bot(fake_bot_api, content, mode):
        await person.send_location(47.6062, -122.3321)  # downtown Seattle
        screen = await person.wait_for_reply()

    assert screen.text.startswith("Here is who can help in Seattle and King County")
    assert "I used your location only for this answer" in screen.text


async def test_changing_language_edits_the_screen_into_spanish(
    fake_bot_api: FakeBotApi, content: Content, mode: Mode
) -> None:
    person = fake_bot_api.user(language_code="en")
    async with running_bot(fake_bot_api, content, mode):
        await person.start()
        await person.wait_for_reply()
        await person.press("🌐 Español / English")
        await person.wait_for_reply()
        await person.press("Español")
        screen = await person.wait_for_reply()

    assert screen.text.startswith("Encuentre ayuda, con seguridad")
    assert screen.edited


async def test_pressing_a_button_of_a_deleted_message_sends_the_screen_anew(
    fake_bot_api: FakeBotApi, content: Content, mode: Mode
) -> None:
    person = fake_bot_api.user(language_code="en")
    async with running_bot(fake_bot_api, content, mode) as application:
        await person.start()
        welcome = await person.wait_for_reply()
        await application.bot.delete_message(person.chat_id, welcome.message_id)
        legal = next(b for b in welcome.buttons[1] if b.text == "⚖️ Legal help")
        assert legal.callback_data is not None
        await person.press_raw(legal.callback_data, welcome)
        screen = await person.wait_for_reply()

    assert screen.message_id != welcome.message_id
    assert screen.text.startswith("Legal help: where are you?")
    assert fake_bot_api.unanswered_callback_queries() == []


async def test_pressing_the_same_button_twice_is_not_an_error(
    fake_bot_api: FakeBotApi, content: Content, mode: Mode
) -> None:
    person = fake_bot_api.user(language_code="en")
    async with running_bot(fake_bot_api, content, mode):
        await person.start()
        welcome = await person.wait_for_reply()
        home = welcome.button("🔒 Privacy")
        assert home is not None and home.callback_data is not None
        await person.press("🔒 Privacy")
        await person.wait_for_reply()
        await person.press_raw(home.callback_data, welcome)  # the same screen again
        edits = await fake_bot_api.wait_for(
            lambda: [c for c in fake_bot_api.calls_to("editMessageText") if c.finished][1:]
        )
    # The bot has stopped: whatever it was going to do is done.

    assert "not modified" in (edits[0].description or "")
    assert person.replies_since_last_action() == []  # no "something went wrong", no resend
    assert len(fake_bot_api.calls_to("sendMessage")) == 1
    assert fake_bot_api.unanswered_callback_queries() == []
