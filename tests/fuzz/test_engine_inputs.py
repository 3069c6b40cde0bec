"""Hostile input straight into the engine (what every channel passes on): forged callback
data, deep-link payloads, typed text and commands never raise, never hang, and always give a
screen a person can use, which Telegram accepts as it is."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from bot.content import Content
from bot.flows.deeplink import PAYLOAD
from bot.flows.events import Command, Event, Located, Pressed, Start, Typed
from bot.flows.screen import Screen
from bot.flows.state import State, unpack
from tests.fuzz.budget import FUZZ, SECONDS_PER_INPUT, within
from tests.fuzz.checks import assert_usable
from tests.fuzz.strategies import deep_link_payloads, forged_callback_data, hostile_text
from tests.helpers.content import WEDNESDAY_MORNING

NOW = WEDNESDAY_MORNING
language_codes = (
    st.none() | st.sampled_from(("en", "es", "es-419", "fr", "")) | hostile_text(max_pieces=3)
)


def answer(content: Content, event: Event) -> Screen:
    """The engine's screen for `event`, within the time bound; checked usable."""
    screen = within(SECONDS_PER_INPUT, lambda: content.engine.handle(event, NOW))
    assert_usable(content, screen)
    return screen


def is_known(content: Content, state: State) -> bool:
    directory = content.directory
    return (
        state.screen in content.flow.screens
        and state.language in content.flow.settings.languages
        and (state.category is None or state.category in directory.category_by_id)
        and (state.region is None or state.region in directory.region_by_id)
    )


@FUZZ
@given(data=forged_callback_data(), language_code=language_codes)
@example(data="1.welcome.en...0\n.", language_code="en")  # `$` matched before the newline
@example(data=b"\xff\xfe1.welcome.en...0.", language_code=None)
@example(data="1.results.en.legal.wa-king.999.o", language_code="es")
@example(data="1.choose_region.en..wa-king.0.", language_code="es")  # results, no category
def test_any_callback_data_gives_its_own_screen_or_the_start_screen(
    content: Content, data: str | bytes | None, language_code: str | None
) -> None:
    screen = answer(content, Pressed(data, language_code))

    state = unpack(data)
    if state is not None and isinstance(data, str):
        assert state.pack() == data  # only data the bot itself packs is ever taken
    start = content.engine.start_state(language_code)
    if state is None or not is_known(content, state):
        assert screen.state == start
    elif screen.state != start:  # a state the engine could have made: its own screen
        assert screen == content.engine.render(state, NOW)


@FUZZ
@given(payload=deep_link_payloads(), language_code=language_codes)
@example(payload="legal_wa-king_es\n", language_code="en")
@example(payload="LEGAL_Wa-King", language_code=None)
@example(payload="x" * 100_000, language_code="en")
def test_any_deep_link_opens_a_screen(
    content: Content, payload: str, language_code: str | None
) -> None:
    screen = answer(content, Start(payload, language_code))

    if not PAYLOAD.fullmatch(payload):  # Telegram never sends it; the start screen
        assert screen.state == content.engine.start_state(language_code)


@FUZZ
@given(text=hostile_text(surrogates=True), language_code=language_codes)
@example(text="a" * 1_000_000, language_code="en")
# one long word of varied letters: each deletion of it is another string (a typo search of it
# took seconds once the whole message was read for a crisis)
@example(text="".join(chr(97 + i * 7 % 26) for i in range(5000)), language_code="en")
@example(text="\u202eregdnaD\u202c", language_code="en")  # "Danger", shown reversed
@example(text="dan\u200bger", language_code="en")
@example(text="PRIVAC", language_code=None)  # found by the search: a question, misspelt
@example(text="\ud800911\udfff", language_code="es")
@example(text="\x00" * 5000 + "peligro", language_code="es")
def test_any_typed_text_is_a_search_or_the_emergency_screen(
    content: Content, text: str, language_code: str | None
) -> None:
    screen = answer(content, Typed(text, language_code))

    settings = content.flow.settings
    # or the answer to a question about the bot ("PRIVAC" is "privacy", misspelt)
    answers = set(content.flow.situations.questions)
    assert screen.state.screen in {settings.on_text, settings.emergency, *answers}


def test_emergency_words_win_whatever_surrounds_them(content: Content) -> None:
    for text in ("911", "\u200f911\u200f", "\U0001f600 911 \U0001f600", "\x00911\x00", "PELIGRO"):
        screen = answer(content, Typed(text, "en"))
        assert screen.state.screen == content.flow.settings.emergency, repr(text)


@FUZZ
@given(name=hostile_text(max_pieces=4), language_code=language_codes)
def test_any_command_opens_a_screen(content: Content, name: str, language_code: str | None) -> None:
    answer(content, Command(name, language_code))


@FUZZ
@given(
    latitude=st.floats(allow_nan=True, allow_infinity=True),
    longitude=st.floats(allow_nan=True, allow_infinity=True),
    language_code=language_codes,
)
@example(latitude=47.6062, longitude=-122.3321, language_code="en")  # Seattle
@example(latitude=90.0, longitude=180.0, language_code="es")
@example(latitude=-1e308, longitude=float("nan"), language_code=None)
def test_any_shared_location_answers_with_a_usable_screen(
    content: Content, latitude: float, longitude: float, language_code: str | None
) -> None:
    screen = answer(content, Located(latitude, longitude, language_code))
    assert screen.state.screen == content.flow.settings.on_text
    assert screen.state.region is None or screen.state.region in content.directory.region_by_id
