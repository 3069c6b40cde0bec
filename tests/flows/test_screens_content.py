"""What a person sees, on the shipped content: the emergency lines, unconfirmed numbers, no dead
end at any hour with any filter, text-only lines, ranking, and the Staying safe screens."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from bot.content import DEFAULT_CONVERSATIONS, DEFAULT_RESOURCES, Content, load_content
from bot.directory.entries import LoadOptions
from bot.directory.localized import LocalizedText
from bot.directory.models import Resource
from bot.flows.events import Command, Start, Typed
from bot.flows.reach import can_text, reachable_now
from bot.flows.resource_card import card_lines
from bot.flows.screen import Outcome, Screen
from bot.flows.state import State
from tests.flows.test_engine import press, walk
from tests.helpers.content import SUNDAY_NIGHT, WEDNESDAY_MORNING

# Thursday 3 December 2026, 22:30 in Seattle: weekday offices are closed.
THURSDAY_NIGHT = dt.datetime(2026, 12, 4, 6, 30, tzinfo=dt.UTC)
# Saturday 5 December 2026, 13:00 in Seattle: the weekend.
SATURDAY_AFTERNOON = dt.datetime(2026, 12, 5, 21, 0, tzinfo=dt.UTC)
INSTANTS = {
    "weekday day": WEDNESDAY_MORNING,
    "weekday night": THURSDAY_NIGHT,
    "weekend day": SATURDAY_AFTERNOON,
    "weekend night": SUNDAY_NIGHT,
}
NATIONAL_EMERGENCY = [
    "emergency-911",
    "lifeline-988",
    "national-human-trafficking-hotline",
    "domestic-violence-hotline",
    "rainn",
]
SUICIDE_LINES = {"lifeline-988", "crisis-text-line", "crisis-connections"}


def resource(content: Content, resource_id: str) -> Resource:
    return content.directory.resource_by_id[resource_id]


def pages(content: Content, state: State, now: dt.datetime) -> Iterator[Screen]:
    """Every page of a results screen, following More ▶."""
    screen = content.engine.render(state, now)
    yield screen
    more = content.flow.translations.text(state.language, "button.next")
    while any(b.label == more for b in screen.buttons):
        screen = press(content.engine, screen, more, now)
        yield screen


# --- the emergency screen --------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_emergency_screen_lists_every_national_line_to_call_or_text(
    content: Content, language: str
) -> None:
    screen = content.engine.handle(Command("emergency", language_code=language), SUNDAY_NIGHT)
    assert list(screen.listed) == NATIONAL_EMERGENCY
    text = screen.text
    call, text_to = ("Llame al", "Envíe un texto al") if language == "es" else ("Call", "Text")
    for line in [
        f"{call} 911",
        f"{call} 988",
        f"{text_to} 988",
        f"{call} +1 888-373-7888",
        f"{text_to} 233733",
        f"{call} +1 800-799-7233",
        "START",  # text START to 88788
        "88788",
        f"{call} +1 800-656-4673",
    ]:
        assert line in text, line
    assert "Crisis Connections" not in text  # the place is not known


def test_the_emergency_screen_adds_the_crisis_line_of_a_known_place(content: Content) -> None:
    engine = content.engine
    welcome = engine.handle(Start(payload="wa-king"), SUNDAY_NIGHT)
    screen = press(engine, welcome, "🆘", SUNDAY_NIGHT)
    assert list(screen.listed) == [*NATIONAL_EMERGENCY, "crisis-connections"]
    assert "+1 866-427-4747" in screen.text
    statewide = engine.render(State("emergency", "en", region="wa"), SUNDAY_NIGHT)
    assert list(statewide.listed) == NATIONAL_EMERGENCY  # King County's line is not Spokane's


def test_staff_add_the_crisis_line_of_another_county_with_data_only(tmp_path: Path) -> None:
    resources = tmp_path / "resources"
    shutil.copytree(DEFAULT_RESOURCES, resources)
    (resources / "pierce.yaml").write_text(
        """\
regions:
  - id: wa-pierce
    parent: wa
    label: {en: Tacoma and Pierce County, es: Tacoma y el condado de Pierce}
resources:
  - id: pierce-crisis-line
    name: Pierce County Crisis Line
    description: {en: A test line., es: Una línea de prueba.}
    categories: [hotline]
    regions: [wa-pierce]
    phones: [{kind: voice, number: "(206) 555-0142"}]
    hours: {open_24_7: true}
    tags: {en: [24-hour crisis line]}
    last_verified: 2026-11-28
""",
        encoding="utf-8",
    )
    loaded = load_content(resources, DEFAULT_CONVERSATIONS, LoadOptions(today=dt.date(2026, 12, 1)))
    assert loaded.content is not None, str(loaded.report)
    engine = loaded.content.engine
    pierce = engine.render(State("emergency", "en", region="wa-pierce"), SUNDAY_NIGHT)
    king = engine.render(State("emergency", "en", region="wa-king"), SUNDAY_NIGHT)
    assert pierce.listed[-1] == "pierce-crisis-line"
    assert "crisis-connections" not in pierce.listed
    assert king.listed[-1] == "crisis-connections"


@pytest.mark.parametrize("language", ["en", "es"])
def test_cant_talk_shows_only_lines_to_text_or_chat_with(content: Content, language: str) -> None:
    engine = content.engine
    screen = engine.render(State("emergency", language, region="wa-king"), SUNDAY_NIGHT)
    label = content.flow.translations.text(language, "button.text_only_on")
    quiet = press(engine, screen, label, SUNDAY_NIGHT)
    assert quiet.state.text_only
    assert quiet.listed  # 911 (where texting works), 988, the hotlines, RAINN's chat
    assert all(can_text(resource(content, r)) for r in quiet.listed)
    assert "crisis-connections" not in quiet.listed  # phone only
    assert "📞" not in quiet.text  # no line to call
    assert "233733" in quiet.text and "88788" in quiet.text and "https://rainn.org" in quiet.text
    back = press(engine, quiet, content.flow.translations.text(language, "button.text_only_off"))
    assert not back.state.text_only and "📞" in back.text


# --- unconfirmed numbers --------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "es"])
def test_an_unconfirmed_number_says_so_and_is_never_marked_checked(
    content: Content, language: str
) -> None:
    flagged = [r for r in content.directory.resources if r.needs_review]
    assert len(flagged) == 6
    warning = content.flow.translations.text(language, "card.unconfirmed_number")
    for entry in flagged:
        state = State("results", language, entry.categories[0], "wa-king")
        for screen in pages(content, state, WEDNESDAY_MORNING):
            card = card_of(screen, entry.name)
            if card is not None:
                assert warning in card and "211" in card
                assert "✓" not in card
                break
        else:
            raise AssertionError(f"{entry.id} is never listed")
    verified = card_of(
        content.engine.render(State("results", language, "hotline", "wa-king"), WEDNESDAY_MORNING),
        "DAWN (Domestic Abuse Women's Network)",
    )
    assert verified is not None and "✓" in verified and warning not in verified


def card_of(screen: Screen, name: str) -> str | None:
    """The card under the heading `name`, or None when it is not on the screen."""
    paragraphs = list(screen.paragraphs)
    for index, paragraph in enumerate(paragraphs):
        if paragraph.heading and paragraph.text == name:
            return paragraphs[index + 1].text
    return None


# --- no dead end, no pretence ---------------------------------------------------------------


def combinations(content: Content) -> Iterator[tuple[str, str, bool, bool, str]]:
    for category in content.directory.categories:
        for region in (r for r in content.directory.regions if r.selectable):
            for open_now in (False, True):
                for text_only in (False, True):
                    for instant in INSTANTS:
                        yield category.id, region.id, open_now, text_only, instant


def test_every_results_screen_at_any_hour_with_any_filter_offers_a_line_open_now(
    content: Content,
) -> None:
    """Every category x place x "only open now" x "text or chat only", at four instants: every
    page lists a relevant line a person can reach right now, and the words above the list
    are true ("Here is who can help" only above something here; "These lines help" never
    above nothing)."""
    directory = content.directory
    fallbacks = content.flow.settings.category_fallbacks
    body = content.flow.translations.text("en", "results.body")
    checked = 0
    for category, region, open_now, text_only, instant in combinations(content):
        now = INSTANTS[instant]
        state = State("results", "en", category, region, open_now=open_now, text_only=text_only)
        case = (category, region, open_now, text_only, instant)
        for screen in pages(content, state, now):
            checked += 1
            listed = [resource(content, r) for r in screen.listed]
            assert listed, case
            assert any(reachable_now(r, now, text_only=text_only) for r in listed), case
            for line in listed:
                assert category in line.categories or line.id in fallbacks[category], (case, line)
                if text_only:
                    assert can_text(line), (case, line.id)
                if open_now:
                    assert reachable_now(line, now), (case, line.id)
            intro = screen.paragraphs[1].text
            local_here = any(
                category in r.categories and not directory.is_national(r) for r in listed
            )
            if screen.outcome is Outcome.RESULTS and region != "us":
                assert local_here or screen.state.page > 0, case
            if not local_here and region != "us" and screen.state.page == 0:
                assert screen.outcome is Outcome.NO_RESULTS, case
                assert intro != body and intro.endswith(":"), case
    assert checked >= 7 * 3 * 2 * 2 * 4


def test_nothing_local_says_so_before_the_lines_that_help_anywhere(content: Content) -> None:
    """Regression: Jobs outside King County said "Here is who can help" above three national
    lines, one of them a suicide line."""
    screen = content.engine.render(State("results", "en", "jobs", "wa"), WEDNESDAY_MORNING)
    assert screen.outcome is Outcome.NO_RESULTS
    assert screen.paragraphs[1].text == (
        "Nothing in Washington State yet for this. These lines help anywhere in the US:"
    )
    assert "lifeline-988" not in screen.listed
    spanish = content.engine.render(State("results", "es", "jobs", "wa"), WEDNESDAY_MORNING)
    assert spanish.paragraphs[1].text.startswith(
        "Todavía no hay nada para esto en Estado de Washington."
    )


def test_only_open_now_never_promises_lines_and_shows_none(content: Content) -> None:
    """Regression: Shelter, Washington State, "Only open now" said "These lines can help
    anywhere in the US." and then listed no line."""
    screen = content.engine.render(
        State("results", "en", "shelter", "wa", open_now=True), SUNDAY_NIGHT
    )
    assert screen.paragraphs[1].text.startswith("Nothing here for this is open right now.")
    assert "national-human-trafficking-hotline" in screen.listed


def test_no_suicide_line_is_offered_as_shelter_jobs_legal_or_medical_help(
    content: Content,
) -> None:
    fallbacks = content.flow.settings.category_fallbacks
    for category in ("shelter", "jobs", "legal", "medical", "advocacy"):
        assert not SUICIDE_LINES & set(fallbacks[category]), category
        for region in ("wa-king", "wa", "us"):
            for screen in pages(content, State("results", "en", category, region), SUNDAY_NIGHT):
                assert not SUICIDE_LINES & set(screen.listed), (category, region)


def test_shelter_in_seattle_still_ends_with_211(content: Content) -> None:
    """Regression: three local results (none for a general adult) was "enough", so 211 was
    never added."""
    listed = [
        r
        for screen in pages(content, State("results", "en", "shelter", "wa-king"), SUNDAY_NIGHT)
        for r in screen.listed
    ]
    assert listed[:3] == ["rest-seattle", "dawn", "youthcare"]
    assert "us-211" in listed


def test_a_page_with_nothing_open_adds_a_line_that_is(tmp_path: Path) -> None:
    conversations = tmp_path / "conversations"
    shutil.copytree(DEFAULT_CONVERSATIONS, conversations)
    flow_file = conversations / "flow.yaml"
    flow_text = flow_file.read_text(encoding="utf-8")
    flow_file.write_text(flow_text.replace("results_per_page: 5", "results_per_page: 1"))
    loaded = load_content(DEFAULT_RESOURCES, conversations, LoadOptions(today=dt.date(2026, 12, 1)))
    assert loaded.content is not None, str(loaded.report)
    state = State("results", "en", "legal", "wa-king", page=1)
    screen = loaded.content.engine.render(state, SUNDAY_NIGHT)
    assert screen.listed == ("kcba-legal", "national-human-trafficking-hotline")
    assert "None of these is open right now. This line is:" in screen.text
    first = loaded.content.engine.render(replace(state, page=0), SUNDAY_NIGHT)
    assert first.listed == ("kcsarc",)  # open 24/7: nothing added
    assert "This line is:" not in first.text


def test_legal_help_in_king_county_starts_with_a_24_hour_line(content: Content) -> None:
    for language in ("en", "es"):
        screen = content.engine.render(State("results", language, "legal", "wa-king"), SUNDAY_NIGHT)
        assert screen.listed[0] != "casa-latina"
        assert screen.listed[0] == "kcsarc"
        assert "ht-legal-center" not in screen.listed[:2]


# --- staying safe, and honest words ---------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "es"])
def test_staying_safe_is_reachable_from_the_welcome_and_privacy_screens(
    content: Content, language: str
) -> None:
    engine = content.engine
    texts = content.flow.translations
    label = texts.text(language, "button.safety")
    welcome = engine.handle(Start(language_code=language), WEDNESDAY_MORNING)
    privacy = engine.handle(Command("privacy", language_code=language), WEDNESDAY_MORNING)
    for start in (welcome, privacy):
        hub = press(engine, start, label)
        assert hub.state.screen == "staying_safe"
    screens = {
        key: press(engine, hub, texts.text(language, f"button.{key}"))
        for key in ("safety_plan", "safety_calls", "safety_chat")
    }
    for key, screen in screens.items():
        assert screen.state.screen == key
        assert len(screen.text) < 1500, key  # short enough to read on a phone, in a hurry
        labels = [b.label for b in screen.buttons]
        assert texts.text(language, "button.erase") in labels
        assert texts.text(language, "button.back_to_safety") in labels
    calls, chat = screens["safety_calls"].text, screens["safety_chat"].text
    if language == "en":
        assert "call history" in calls and "bill" in calls
        assert "Archive" in chat and "passcode" in chat and "Delete chat" in chat
        assert "48 hours" in chat and "cannot delete the chat itself" in chat
        assert "another phone" in chat
    else:
        assert "historial de llamadas" in calls and "factura" in calls
        assert "Archivar" in chat and "código" in chat and "Eliminar chat" in chat
        assert "48 horas" in chat and "No puede eliminar el chat" in chat
        assert "otro teléfono" in chat


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_first_screen_and_privacy_say_what_erase_and_telegram_really_do(
    content: Content, language: str
) -> None:
    """Regression: the welcome said "Tap Erase at any time to delete it", which a bot cannot
    do, and never mentioned the 48-hour limit; the README said the first screen tells people
    that Telegram knows their account talked to the bot, and it did not."""
    engine = content.engine
    welcome = engine.handle(Start(language_code=language), WEDNESDAY_MORNING).text
    privacy = engine.handle(Command("privacy", language_code=language), WEDNESDAY_MORNING).text
    for text in (welcome, privacy):
        assert "48" in text
        assert "Telegram" in text
    if language == "en":
        assert "knows your account talked to this bot" in welcome
        assert "not the chat itself" in welcome
        assert "delete it" not in welcome.split("Erase")[1].split(".")[0]
        assert "cannot delete the chat itself" in privacy
    else:
        assert "sabe que su cuenta habló con este bot" in welcome
        assert "pero no el chat" in welcome
        assert "No puede eliminar el chat" in privacy


# Words that only "tú" uses: imperatives such as "escribe" are also "usted escribe".
SPANISH_TU = re.compile(
    r"\b(tú|tu|tus|te|ti|contigo|puedes|tienes|necesitas|quieres|estás|eres|sabes|vives)\b",
    re.IGNORECASE,
)


def spanish_texts(content: Content) -> Iterator[tuple[str, str]]:
    """Every Spanish sentence a person can be shown, with where it comes from."""
    for key, text in content.flow.translations.locales["es"].texts.items():
        yield f"locale {key}", text
    directory = content.directory
    for category in directory.categories:
        yield f"category {category.id}", category.label.text("es")
    for entry in directory.resources:
        yield f"resource {entry.id}", entry.description.text("es")
        for phone in entry.phones:
            if phone.label is not None:
                yield f"resource {entry.id} phone", phone.label.text("es")
        for part in (entry.hours, entry.eligibility):
            if part is not None and part.note is not None:
                yield f"resource {entry.id} note", part.note.text("es")


def test_spanish_speaks_to_usted_in_neutral_gender_and_plain_words(content: Content) -> None:
    for where, text in spanish_texts(content):
        assert not SPANISH_TU.search(text), (where, SPANISH_TU.findall(text))
        assert "Defensoría" not in text and "defensor" not in text.casefold(), where
        assert "lo identifique" not in text, where


def test_official_spanish_names_are_used_where_they_exist(content: Content) -> None:
    def spanish(resource_id: str) -> str:
        return resource(content, resource_id).description.text("es")

    assert spanish("national-human-trafficking-hotline").startswith(
        "La Línea Nacional contra la Trata de Personas"
    )
    assert spanish("domestic-violence-hotline").startswith(
        "La Línea Nacional contra la Violencia Doméstica"
    )
    assert spanish("lifeline-988").startswith("La Línea 988 de Prevención del Suicidio y Crisis")


# --- small things ---------------------------------------------------------------------------

NESTED_BRACKETS = re.compile(r"\([^()]*\(")
SEARCHES = ["lawyer", "dónde dormir", "xyzzy plugh", "therapist near Burien"]


@pytest.mark.parametrize("language", ["en", "es"])
def test_no_screen_reuses_an_icon_or_nests_brackets(content: Content, language: str) -> None:
    """Regression: 🏠 marked both "Shelter and housing" and "Start" on one screen, and a phone
    label read "(Outside King County (weekdays 9:15-12:15))"."""
    engine = content.engine
    screens = list(
        walk(engine, engine.handle(Start(language_code=language), SUNDAY_NIGHT)).values()
    )
    screens += [
        engine.handle(Typed(text, language_code=language), SUNDAY_NIGHT) for text in SEARCHES
    ]
    screens += [
        screen
        for category, region, open_now, text_only, _ in combinations(content)
        for screen in pages(
            content,
            State("results", language, category, region, open_now=open_now, text_only=text_only),
            SUNDAY_NIGHT,
        )
    ]
    for screen in screens:
        icons = [b.label.split()[0] for b in screen.buttons if not b.label[0].isalnum()]
        icons = [icon for icon in icons if icon not in ("◀", "▶")]
        assert len(icons) == len(set(icons)), (screen.state.pack(), icons)
        assert not NESTED_BRACKETS.search(screen.text), screen.state.pack()


def test_a_phone_label_with_brackets_of_its_own_gets_a_dash(content: Content) -> None:
    clear = resource(content, "nwjp-clear")
    label = LocalizedText({"en": "Outside King County (weekdays)"})
    labelled = clear.phones[0].model_copy(update={"label": label})
    changed = clear.model_copy(update={"phones": (labelled,)})
    lines = card_lines(changed, "en", content.flow.translations, SUNDAY_NIGHT)
    assert "📞 Call +1 888-201-1014 – Outside King County (weekdays)" in lines
