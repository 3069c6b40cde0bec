"""The emergency screen says plainly, on the shipped content, when the place a person named has
no 24-hour crisis line listed, before the national lines; and says nothing of the kind where it
has one (King County) or where the place is not known."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content import Content
from bot.flows.events import Typed
from bot.flows.screen import Outcome, Screen
from bot.flows.state import State
from tests.flows.test_screens_emergency import with_pierce_crisis_line
from tests.helpers.content import SUNDAY_NIGHT

NONE_LISTED = {"en": "No 24-hour crisis line is listed for", "es": "Todavía no tengo en la lista"}


def _before_the_lines(screen: Screen, sentence: str) -> None:
    """`sentence` is on the screen before the first line's card (911)."""
    texts = [p.text for p in screen.paragraphs]
    assert any(sentence in t for t in texts), screen.text
    said = next(i for i, t in enumerate(texts) if sentence in t)
    first_card = next(i for i, p in enumerate(screen.paragraphs) if p.heading and p.text == "911")
    assert said < first_card


@pytest.mark.parametrize(
    ("typed", "language", "place"),
    [
        ("suicida en Tacoma", "es", "el condado de Pierce, Washington"),
        ("overdose in Spokane", "en", "Spokane County, Washington"),
        ("sobredosis 98402", "es", "el condado de Pierce, Washington"),  # a Tacoma ZIP code
        ("i want to kill myself, im in texas", "en", "Texas"),
        ("quiero morir, vivo en portland oregon", "es", "el condado de Multnomah, Oregón"),
    ],
)
def test_a_place_with_no_crisis_line_listed_is_told_so_before_the_national_lines(
    content: Content, typed: str, language: str, place: str
) -> None:
    screen = content.engine.handle(Typed(typed), SUNDAY_NIGHT)
    assert screen.outcome is Outcome.EMERGENCY
    assert screen.state.language == language
    said = content.flow.translations.text(language, "emergency.no_local_line", place=place)
    assert said.startswith(NONE_LISTED[language])  # the shipped wording, plain
    _before_the_lines(screen, said)
    assert "crisis-connections" not in screen.listed  # King County's line is not theirs
    assert {"emergency-911", "lifeline-988"} <= set(screen.listed)


@pytest.mark.parametrize(
    "typed", ["i want to die, im in seattle", "sobredosis en kent", "i want to die"]
)
def test_a_place_with_its_line_or_no_place_at_all_gets_no_such_sentence(
    content: Content, typed: str
) -> None:
    screen = content.engine.handle(Typed(typed), SUNDAY_NIGHT)
    assert screen.outcome is Outcome.EMERGENCY
    assert not any(s in screen.text for s in NONE_LISTED.values())


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_region_chosen_earlier_without_a_line_is_your_area(
    content: Content, language: str
) -> None:
    screen = content.engine.render(State("emergency", language, region="wa"), SUNDAY_NIGHT)
    area = {"en": "for your area yet", "es": "para su zona"}[language]
    _before_the_lines(screen, NONE_LISTED[language])
    assert area in screen.text
    king = content.engine.render(State("emergency", language, region="wa-king"), SUNDAY_NIGHT)
    assert not any(s in king.text for s in NONE_LISTED.values())


def test_the_sentence_goes_once_staff_list_the_countys_line(tmp_path: Path) -> None:
    engine = with_pierce_crisis_line(tmp_path).engine
    screen = engine.handle(Typed("suicida en Tacoma"), SUNDAY_NIGHT)
    assert "pierce-crisis-line" in screen.listed
    assert not any(s in screen.text for s in NONE_LISTED.values())
