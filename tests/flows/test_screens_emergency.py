"""What a person sees in danger, on the shipped content: the emergency lines, the lines to text
or chat with, and numbers not yet confirmed."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from bot.content import DEFAULT_CONVERSATIONS, DEFAULT_RESOURCES, Content, load_content
from bot.directory.entries import LoadOptions
from bot.flows.events import Command, Start, Typed
from bot.flows.reach import can_text
from bot.flows.screen import Outcome, Screen
from bot.flows.state import State
from tests.flows.screens import pages, resource
from tests.flows.test_engine import press
from tests.helpers.content import SUNDAY_NIGHT, WEDNESDAY_MORNING

NATIONAL_EMERGENCY = [
    "emergency-911",
    "lifeline-988",
    "national-human-trafficking-hotline",
    "domestic-violence-hotline",
    "rainn",
]


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


def with_pierce_crisis_line(tmp_path: Path) -> Content:
    """The shipped content, and a Pierce County region with a (test) 24-hour crisis line."""
    resources = tmp_path / "resources"
    shutil.copytree(DEFAULT_RESOURCES, resources)
    (resources / "pierce.yaml").write_text(
        """\
regions:
  - id: wa-pierce
    parent: wa
    label: {en: Tacoma and Pierce County, es: Tacoma y el condado de Pierce}
    geography: {state: WA, counties: [Pierce]}
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
    return loaded.content


def test_staff_add_the_crisis_line_of_another_county_with_data_only(tmp_path: Path) -> None:
    engine = with_pierce_crisis_line(tmp_path).engine
    pierce = engine.render(State("emergency", "en", region="wa-pierce"), SUNDAY_NIGHT)
    king = engine.render(State("emergency", "en", region="wa-king"), SUNDAY_NIGHT)
    assert pierce.listed[-1] == "pierce-crisis-line"
    assert "crisis-connections" not in pierce.listed
    assert king.listed[-1] == "crisis-connections"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("soy de la reservacion Yakma, mi pareja me amenaza y me quita el dinero", "stronghearts"),
        ("im native and my boyfriend has a gun", "stronghearts"),
        ("im trans and my dad is coming after me with a bat", "trans-lifeline"),
    ],
)
def test_a_threat_from_someone_who_says_who_they_are_shows_their_line_too(
    content: Content, text: str, line: str
) -> None:
    screen = content.engine.handle(Typed(text), SUNDAY_NIGHT)
    assert screen.outcome is Outcome.EMERGENCY
    assert screen.listed[: len(NATIONAL_EMERGENCY)] == tuple(NATIONAL_EMERGENCY)
    assert line in screen.listed
    assert resource(content, line).name in screen.text
    plain = content.engine.handle(Typed("my boyfriend has a gun"), SUNDAY_NIGHT)
    assert plain.outcome is Outcome.EMERGENCY and line not in plain.listed


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
