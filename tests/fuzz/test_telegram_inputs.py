"""Hostile input through the real Telegram path (fake Telegram -> webhook -> handlers -> Bot
API calls): whatever a modified client sends as callback data, a start payload or text, the
person gets an answer (the button stops spinning, a screen shows: the one the engine gives
for it, else the start screen), nothing raises out of a handler, and the bot keeps serving."""

from __future__ import annotations

from functools import partial

from hypothesis import example, given
from hypothesis import strategies as st

from bot.flows.events import Event, Pressed, Start, Typed
from bot.flows.models import Effect
from tests.fakes.bot_api.markup import utf16_len
from tests.fakes.bot_api.server import FakeUser, MessageView
from tests.fuzz.budget import LIVE
from tests.fuzz.live_bot import LiveBot
from tests.fuzz.strategies import deep_link_payloads, forged_callback_data, hostile_text
from tests.load.crowd import Shown

TIMEOUT = 10.0
TELEGRAM_MAX_TEXT = 4096  # what a client can send in one message
language_codes = st.sampled_from(("en", "es", "es-419", "pt-br")) | st.none()


def expected_screen(live: LiveBot, event: Event) -> Shown:
    screen = live.content.engine.handle(event, live.now)
    return Shown.of_screen(screen)


def open_privacy(live: LiveBot, person: FakeUser) -> MessageView:
    """The person's chat shows the privacy screen (so that any press changes something)."""

    async def go() -> MessageView:
        await person.send_text("/privacy")
        return await person.wait_for_reply()

    return live.run(go, TIMEOUT)


def settle(live: LiveBot) -> None:
    live.run(live.idle, TIMEOUT)


async def test_any_callback_data_is_answered_with_a_screen(live: LiveBot) -> None:
    await live.explore(partial(press_forged_button, live))


@LIVE
@given(data=forged_callback_data(), language_code=language_codes)
@example(data="1.erase.en...0.", language_code="en")
@example(data="\ud800", language_code="es")
@example(data="", language_code=None)
@example(data="x" * 5000, language_code="en")
def press_forged_button(live: LiveBot, data: str | bytes | None, language_code: str | None) -> None:
    if not isinstance(data, str):  # Telegram's callback data is always a string
        data = data.decode("utf-8", "replace") if isinstance(data, bytes) else ""
    live.fake.forget_history()
    errors = live.bot_errors()
    person = live.fake.user(language_code=language_code)
    privacy = open_privacy(live, person)

    live.run(lambda: person.press_raw(data, privacy), TIMEOUT)
    settle(live)

    assert live.bot_errors() == errors
    assert [q.answered for q in person.callback_queries()] == [True]
    event = Pressed(data, language_code)
    screen = live.content.engine.handle(event, live.now)
    shown = [Shown.of_view(m) for m in person.visible_messages() if m.from_bot]
    if Effect.ERASE in screen.effects:
        assert shown == [Shown.of_screen(screen)]
        assert all(m.from_bot for m in person.visible_messages())
    else:
        assert shown == [Shown.of_screen(screen)]  # the privacy screen, replaced


async def test_any_text_gets_a_screen(live: LiveBot) -> None:
    await live.explore(partial(type_text, live))


@LIVE
@given(text=hostile_text(), language_code=language_codes)
@example(text="\u202e911\u202c", language_code="en")
@example(text="a" * 4096, language_code="es")
@example(text="\x00\x00\x00", language_code="en")
def type_text(live: LiveBot, text: str, language_code: str | None) -> None:
    text = text.strip(" \t\r\n\x0b")  # as Telegram trims what it receives
    while utf16_len(text) > TELEGRAM_MAX_TEXT:
        text = text[: len(text) // 2]
    if not text or text.startswith("/"):  # commands: test_any_start_payload...
        text = "x" + text
    check_message(live, text, language_code, Typed(text, language_code))


async def test_any_start_payload_gets_a_screen(live: LiveBot) -> None:
    await live.explore(partial(open_deep_link, live))


@LIVE
@given(payload=deep_link_payloads(), language_code=language_codes)
@example(payload="legal_wa-king_es", language_code="en")
@example(payload="emergency", language_code=None)
@example(payload="\u2028legal", language_code="en")
def open_deep_link(live: LiveBot, payload: str, language_code: str | None) -> None:
    text = f"/start {payload}".strip(" \t\r\n\x0b")
    words = text.split()[1:]  # what a command's arguments are (python-telegram-bot, Telegram)
    check_message(live, text, language_code, Start(words[0] if words else None, language_code))


def check_message(live: LiveBot, text: str, language_code: str | None, event: Event) -> None:
    live.fake.forget_history()
    errors = live.bot_errors()
    person = live.fake.user(language_code=language_code)

    async def send() -> MessageView:
        await person.send_text(text)
        return await person.wait_for_reply()

    reply = live.run(send, TIMEOUT)
    settle(live)

    assert live.bot_errors() == errors
    assert Shown.of_view(reply) == expected_screen(live, event)
    assert person.replies_since_last_action() == []  # one screen, no error screen after it
