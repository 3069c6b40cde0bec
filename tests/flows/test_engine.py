"""The engine on the real shipped YAML: every screen in both languages, and the paths taken."""

from __future__ import annotations

import datetime as dt
from collections import deque

import pytest

from bot.content import Content
from bot.flows.engine import Engine
from bot.flows.events import Command, Pressed, Start, Typed
from bot.flows.models import Effect
from bot.flows.screen import Outcome, Screen
from bot.flows.state import State, unpack
from tests.helpers.content import SUNDAY_NIGHT, WEDNESDAY_MORNING

TELEGRAM_TEXT_LIMIT = 4096


def press(
    engine: Engine, screen: Screen, label_start: str, now: dt.datetime = WEDNESDAY_MORNING
) -> Screen:
    matches = [b for b in screen.buttons if b.label.startswith(label_start)]
    assert matches, f"no button starting {label_start!r} in {[b.label for b in screen.buttons]}"
    return engine.handle(Pressed(matches[0].data), now)


def walk(engine: Engine, first: Screen) -> dict[str, Screen]:
    """Every screen reachable by pressing buttons from `first`, by packed state."""
    seen: dict[str, Screen] = {first.state.pack(): first}
    queue = deque([first])
    while queue:
        screen = queue.popleft()
        for button in screen.buttons:
            if button.data in seen:
                continue
            following = engine.handle(Pressed(button.data), WEDNESDAY_MORNING)
            seen[button.data] = following
            queue.append(following)
    return seen


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_reachable_screen_is_complete_in_both_languages(
    content: Content, language: str
) -> None:
    engine = content.engine
    screens = walk(engine, engine.handle(Start(language_code=language), WEDNESDAY_MORNING))
    visited = {s.state.screen for s in screens.values()}
    # Typed text and emergency words lead to the rest.
    assert visited | {"search", "emergency"} >= set(content.flow.screens), visited
    assert {s.state.language for s in screens.values()} == {"en", "es"}  # via the language menu
    texts = content.flow.translations
    for data, screen in screens.items():
        assert len(screen.text) <= TELEGRAM_TEXT_LIMIT, data
        assert "{" not in screen.text and "}" not in screen.text, data
        labels = [b.label for b in screen.buttons]
        for button in screen.buttons:
            state = unpack(button.data)  # every reachable state round-trips exactly
            assert state is not None and state.pack() == button.data
            assert len(button.data.encode()) <= 64
        if Effect.ERASE not in screen.effects:
            assert texts.text(screen.state.language, "button.erase") in labels, data
        if screen.state.screen == "welcome":
            assert any("911" in p.text for p in screen.paragraphs)


def test_three_taps_to_a_legal_aid_phone_in_king_county(content: Content) -> None:
    engine = content.engine
    welcome = engine.handle(Start(language_code="en"), WEDNESDAY_MORNING)
    assert "not end-to-end encrypted" in welcome.text
    region_choice = press(engine, welcome, "⚖️ Legal help")
    assert region_choice.text == "Legal help: where are you?"
    results = press(engine, region_choice, "Seattle and King County")
    assert results.outcome is Outcome.RESULTS
    assert results.paragraphs[0].text == "Legal help · Seattle and King County"
    headings = [p.text for p in results.paragraphs if p.heading][1:]
    assert headings[0] == "King County Sexual Assault Resource Center (KCSARC)"  # 24-hour line
    assert "Call +1 206-267-7100" in results.text
    assert "Call +1 206-245-0782" in results.text  # WARN serves all of Washington


def test_the_same_path_in_spanish(content: Content) -> None:
    engine = content.engine
    welcome = engine.handle(Start(language_code="es-419"), WEDNESDAY_MORNING)
    assert "Llame al 911" in welcome.text
    region_choice = press(engine, welcome, "⚖️ Ayuda legal")
    results = press(engine, region_choice, "Seattle y el condado de King")
    assert "Llame al +1 206-267-7100" in results.text
    assert "Borrar" in [b.label for b in results.buttons][-1]


def test_local_results_come_before_statewide_and_national(content: Content) -> None:
    engine = content.engine
    state = State("results", "en", "legal", "wa-king")
    names = [p.text for p in engine.render(state, WEDNESDAY_MORNING).paragraphs if p.heading][1:]
    directory = content.directory
    by_name = {r.name: r for r in directory.resources}
    distances = [directory.distance(by_name[n], "wa-king") or 0 for n in names]
    assert distances == sorted(distances), list(zip(names, distances, strict=True))


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("I'm in danger", "en"),
        ("911", "en"),
        ("i want to kill myself", "en"),
        ("I just want to die", "en"),
        ("ya no quiero vivir", "es"),
        ("estoy en peligro", "es"),
        ("Emergencia!!", "es"),
        ("necesito ayuda urgente", "es"),
    ],
)
def test_emergency_words_bring_the_emergency_screen_first(
    content: Content, text: str, language: str
) -> None:
    screen = content.engine.handle(Typed(text), WEDNESDAY_MORNING)
    assert screen.outcome is Outcome.EMERGENCY
    assert screen.state.language == language
    assert "911" in screen.text
    assert "988" in screen.text
    assert "+1 888-373-7888" in screen.text and "233733" in screen.text


def test_911_answers_in_the_persons_own_language(content: Content) -> None:
    screen = content.engine.handle(Typed("911", language_code="es"), WEDNESDAY_MORNING)
    assert screen.state.language == "es"


def test_typed_text_searches_in_the_language_it_was_written_in(content: Content) -> None:
    screen = content.engine.handle(Typed("necesito un abogado"), WEDNESDAY_MORNING)
    assert screen.outcome is Outcome.SEARCH
    assert screen.state.language == "es"
    assert screen.state.category == "legal"
    assert "Esto es lo que encontré" in screen.text


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # a clause of Spanish in English: whoever writes it reads Spanish
        ("my tia's boyfriend is hitting her right now y ella no contesta", "es"),
        ("i need un abogado", "es"),
        ("i need a lawyer por favor", "es"),
        # one borrowed word does not make a message mixed
        ("i need a lawyer gracias", "en"),
        ("is there an abogado who speaks english", "en"),
        ("necesito ayuda con mi lawyer", "es"),
    ],
)
def test_a_message_that_mixes_a_spanish_clause_into_english_is_answered_in_spanish(
    content: Content, text: str, language: str
) -> None:
    screen = content.engine.handle(Typed(text, language_code="en"), WEDNESDAY_MORNING)
    assert screen.state.language == language


def test_a_search_with_a_place_carries_the_place_to_the_category_buttons(content: Content) -> None:
    engine = content.engine
    screen = engine.handle(Typed("therapist near Burien"), WEDNESDAY_MORNING)
    assert screen.state.region == "wa-king"
    results = press(engine, screen, "💬 Therapy")
    assert results.state.screen == "results"  # the place is known: no need to ask again
    assert results.state.region == "wa-king"


def test_a_search_that_finds_nothing_is_never_empty(content: Content) -> None:
    screen = content.engine.handle(Typed("xyzzy plugh"), WEDNESDAY_MORNING)
    assert screen.outcome is Outcome.SEARCH_EMPTY
    assert "I could not find that" in screen.text
    assert "211" in screen.text
    assert "+1 888-373-7888" in screen.text
    assert sum("⚖️" in b.label for b in screen.buttons) == 1  # the category buttons


def test_a_message_the_bot_cannot_place_still_says_to_call_911_or_988(content: Content) -> None:
    """The safety net under crisis wording no phrase knows yet (README, Known limits)."""
    english = content.engine.handle(Typed("xyzzy plugh"), WEDNESDAY_MORNING)
    assert "In danger right now? Call 911. Thinking of suicide? Call or text 988." in english.text
    spanish = content.engine.handle(Typed("xyzzy plugh", "es"), WEDNESDAY_MORNING)
    assert spanish.outcome is Outcome.SEARCH_EMPTY
    assert "Llame al 911" in spanish.text and "escriba al 988" in spanish.text


def test_a_deep_link_opens_on_the_help_it_names(content: Content) -> None:
    screen = content.engine.handle(Start(payload="legal_wa-king_es"), WEDNESDAY_MORNING)
    assert (screen.state.screen, screen.state.category, screen.state.region) == (
        "results",
        "legal",
        "wa-king",
    )
    assert screen.state.language == "es"


@pytest.mark.parametrize(
    ("payload", "screen_id"),
    [
        ("legal", "choose_region"),
        ("wa-king", "welcome"),
        ("emergency_es", "emergency"),
        ("privacy", "privacy"),
        ("nonsense", "welcome"),
        ("legal_legal", "welcome"),
        ("a" * 65, "welcome"),
        ("legal wa-king", "welcome"),
        ("", "welcome"),
    ],
)
def test_deep_link_payloads(content: Content, payload: str, screen_id: str) -> None:
    screen = content.engine.handle(Start(payload=payload), WEDNESDAY_MORNING)
    assert screen.state.screen == screen_id


def test_a_region_from_a_deep_link_skips_the_place_question(content: Content) -> None:
    engine = content.engine
    welcome = engine.handle(Start(payload="wa-king"), WEDNESDAY_MORNING)
    results = press(engine, welcome, "🛏️ Shelter")
    assert (results.state.screen, results.state.region) == ("results", "wa-king")
    again = press(engine, results, "📍 Change place")
    assert again.state.screen == "choose_region"


@pytest.mark.parametrize(
    "data",
    [
        "1.results.en.legal.atlantis.0.",  # a region that does not exist
        "1.search.en....0..atlantis",  # a situation that does not exist
        "1.nowhere.en....0.",  # a screen that does not exist
        "1.results.fr.legal.wa-king.0.",  # a language we do not have
        "9.results.en.legal.wa-king.0.",
        "garbage",
        b"\xff\xfe",
        None,
    ],
)
def test_forged_or_stale_buttons_land_on_the_start_screen(
    content: Content, data: str | bytes | None
) -> None:
    screen = content.engine.handle(Pressed(data, language_code="es"), WEDNESDAY_MORNING)
    assert screen.state == State("welcome", "es")


@pytest.mark.parametrize(
    "data",
    [
        "1.results.en...0.",
        "1.results.en..wa-king.0.",
        "1.choose_region.en...0.",
        "1.choose_region.en..wa-king.0.",
    ],
)
def test_forged_states_that_leave_out_what_their_screen_names_land_on_the_start_screen(
    content: Content, data: str
) -> None:
    """Regression: such data passed every check, so a results screen without a category
    listed nothing under the title " · ", and the place question asked ": where are you?"."""
    screen = content.engine.handle(Pressed(data, language_code="es"), WEDNESDAY_MORNING)
    assert screen.state == State("welcome", "es")


def test_commands_open_their_screens(content: Content) -> None:
    engine = content.engine
    assert engine.handle(Command("privacy"), WEDNESDAY_MORNING).state.screen == "privacy"
    erase = engine.handle(Command("erase", language_code="es"), WEDNESDAY_MORNING)
    assert Effect.ERASE in erase.effects
    assert "Eliminar chat" in erase.text
    assert engine.handle(Command("unknown"), WEDNESDAY_MORNING).state.screen == "welcome"


def test_results_are_paged_with_back_and_more(content: Content) -> None:
    engine = content.engine
    first = engine.render(State("results", "en", "hotline", "wa-king"), WEDNESDAY_MORNING)
    assert "Page 1 of" in first.text
    second = press(engine, first, "More ▶")
    assert second.state.page == 1
    assert "Page 2 of" in second.text
    assert press(engine, second, "◀ Back").state.page == 0
    firsts = {p.text for p in first.paragraphs if p.heading}
    seconds = {p.text for p in second.paragraphs if p.heading}
    assert len(firsts & seconds) == 1  # only the screen title repeats


def test_a_page_beyond_the_end_shows_the_last_page(content: Content) -> None:
    screen = content.engine.handle(Pressed("1.results.en.legal.wa-king.999."), WEDNESDAY_MORNING)
    assert screen.outcome is Outcome.RESULTS
    assert screen.state.page < 999


def test_open_now_keeps_only_what_answers_at_that_instant(content: Content) -> None:
    engine = content.engine
    every = engine.render(State("results", "en", "hotline", "us"), SUNDAY_NIGHT)
    only_open = press(engine, every, "🕑 Only open now", SUNDAY_NIGHT)
    assert only_open.state.open_now
    assert "Trans Lifeline" not in only_open.text  # weekdays 10:00-18:00 Pacific
    assert "open now" not in only_open.text or "closed now" not in only_open.text
    back = press(engine, only_open, "🕑 Show all", SUNDAY_NIGHT)
    assert not back.state.open_now


def test_a_category_list_ends_with_the_national_lines_that_fit_it(content: Content) -> None:
    screen = content.engine.render(State("results", "en", "medical", "wa-king"), WEDNESDAY_MORNING)
    assert "Harborview" in screen.text
    assert "+1 888-373-7888" in screen.text  # the trafficking hotline, offered anyway


def test_language_choice_switches_every_word(content: Content) -> None:
    engine = content.engine
    welcome = engine.handle(Start(language_code="en"), WEDNESDAY_MORNING)
    language = press(engine, welcome, "🌐")
    spanish = press(engine, language, "Español")
    assert spanish.state.language == "es"
    assert "Encuentre ayuda" in spanish.text


def test_typed_text_of_any_size_is_handled(content: Content) -> None:
    for text in ["", " ", "a" * 100_000, "\u202e\u200b🆘\x00\x1b[31m", "ab" * 3000 + " lawyer"]:
        screen = content.engine.handle(Typed(text), WEDNESDAY_MORNING)
        assert screen.state.screen in ("search", "emergency")


def test_a_local_card_says_where_it_works_and_a_national_one_does_not(content: Content) -> None:
    screen = content.engine.handle(Typed("somewhere to sleep tonight"), WEDNESDAY_MORNING)
    assert "Serves: Seattle and King County" in screen.text
    emergency = content.engine.handle(Typed("estoy en peligro"), WEDNESDAY_MORNING)
    assert "Atiende en" not in emergency.text
    national = content.engine.render(State("results", "en", "hotline", "us"), WEDNESDAY_MORNING)
    assert "Serves:" not in national.text
