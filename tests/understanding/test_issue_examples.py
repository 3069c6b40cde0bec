"""Every example at the top of issue #9, explicitly: each gets a relevant line, and none is
answered "I could not find that"."""

from __future__ import annotations

import pytest

from bot.content import Content
from bot.flows.events import Pressed, Typed
from bot.flows.reach import can_text
from bot.flows.screen import Outcome, Screen
from bot.understanding.evaluation import Case, answer
from tests.helpers.content import WEDNESDAY_MORNING

NOT_FOUND = ("I could not find that", "No encontré")


def typed(content: Content, text: str) -> Screen:
    return content.engine.handle(Typed(text), WEDNESDAY_MORNING)


def all_listed(content: Content, text: str) -> list[str]:
    return answer(content.engine, Case(text=text, kind="other"))[1]


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("I was raped", {"rainn", "kcsarc"}),
        ("me violaron", {"rainn", "kcsarc"}),
        ("he hits me", {"domestic-violence-hotline", "dawn"}),
        ("my husband hits me", {"domestic-violence-hotline", "dawn"}),
        ("he beats me", {"domestic-violence-hotline", "dawn"}),
        ("he has my passport", {"national-human-trafficking-hotline"}),
        ("they took my passport", {"national-human-trafficking-hotline"}),
        ("my pimp took my ID", {"national-human-trafficking-hotline"}),
        ("I can't leave", {"national-human-trafficking-hotline"}),
        ("I'm not allowed to leave the house", {"national-human-trafficking-hotline"}),
        ("i want to get out of the life", {"rest-seattle", "national-human-trafficking-hotline"}),
        ("I'm scared", {"domestic-violence-hotline"}),
        ("tengo miedo", {"domestic-violence-hotline"}),
        ("help", {"emergency-911"}),
        ("ayuda", {"emergency-911"}),
        ("no tengo papeles", {"warn"}),
        ("no me deja salir", {"national-human-trafficking-hotline"}),
        ("he hurts me", {"domestic-violence-hotline"}),
        ("abuse", {"domestic-violence-hotline"}),
    ],
)
def test_a_disclosure_gets_its_lines_never_could_not_find(
    content: Content, text: str, lines: set[str]
) -> None:
    screen = typed(content, text)
    assert screen.outcome is Outcome.SEARCH
    assert not any(n in screen.text for n in NOT_FOUND)
    assert screen.state.situation is not None
    assert lines <= set(all_listed(content, text)), all_listed(content, text)
    # the always-on 24/7 lines are the floor of every disclosure
    floor = set(content.flow.situations.always)
    assert floor <= set(all_listed(content, text))


def test_too_many_pills_brings_the_emergency_screen_first(content: Content) -> None:
    screen = typed(content, "i took too many pills")
    assert screen.outcome is Outcome.EMERGENCY
    assert screen.listed[0] == "emergency-911"
    assert "lifeline-988" in screen.listed
    assert screen.buttons[0].label == "More help with this"  # then the situation's answer


@pytest.mark.parametrize(
    ("text", "language", "region", "text_only"),
    [
        ("me quiero matar en tacoma", "es", "wa", False),
        ("i cant talk he will kill me", "en", None, True),
    ],
)
def test_more_help_after_the_emergency_screen_keeps_the_place_and_text_only(
    content: Content, text: str, language: str, region: str | None, text_only: bool
) -> None:
    screen = content.engine.handle(Typed(text, language), WEDNESDAY_MORNING)
    assert screen.outcome is Outcome.EMERGENCY
    more = next(
        b for b in screen.buttons if b.label in ("More help with this", "Más ayuda con esto")
    )
    answer = content.engine.handle(Pressed(more.data), WEDNESDAY_MORNING)
    assert (answer.state.region, answer.state.text_only) == (region, text_only)
    if region == "wa":  # King County's own crisis line is no help in Tacoma
        assert "crisis-connections" not in answer.listed
    if text_only:
        cards = {r.id: r for r in content.directory.resources}
        assert all(can_text(cards[r]) for r in answer.listed), answer.listed


@pytest.mark.parametrize(
    ("text", "not_listed"),
    [
        ("no tengo papeles", "trans-lifeline"),  # "no" matched "no binario"
        ("no me deja salir", "trans-lifeline"),
        ("he hurts me", "harborview-hatc"),  # "hurt" matched medical clinics
        ("he hurts me", "seattle-indian-health-board"),
    ],
)
def test_function_words_and_near_words_do_not_pick_a_resource(
    content: Content, text: str, not_listed: str
) -> None:
    assert not_listed not in all_listed(content, text)


def test_abuse_lists_the_domestic_violence_line_first_not_a_substance_use_line(
    content: Content,
) -> None:
    screen = typed(content, "abuse")
    assert screen.listed[0] == "domestic-violence-hotline"
    assert "samhsa-helpline" not in all_listed(content, "abuse")


@pytest.mark.parametrize(
    ("text", "region", "says"),
    [
        ("98104", "wa-king", "Seattle and King County"),
        # no shelter serves Washington as a whole: no "help across Washington State" then
        ("shelter in Tacoma", "wa", "I don't have services listed for Tacoma, Washington yet"),
        ("lawyer in Tacoma", "wa", "Here is help across Washington State"),
        ("shelter Portland", "us", "I don't have services listed for Portland, Oregon yet"),
        ("abogado en Texas", "us", "Todavía no tengo servicios para Texas"),
        ("Texas", "us", "I don't have services listed for Texas yet"),
        ("Chicago", "us", "I don't have services listed for Chicago, Illinois yet"),
        # Aurora Avenue, Seattle's: "on aurora" is the street; "aurora colorado" the city
        ("need a bed tonight, im on aurora", "wa-king", "Seattle and King County"),
        ("shelter in aurora colorado", "us", "I don't have services listed for Aurora, Colorado"),
    ],
)
def test_places_are_understood_and_out_of_area_is_said_honestly(
    content: Content, text: str, region: str, says: str
) -> None:
    screen = typed(content, text)
    assert screen.outcome is Outcome.SEARCH
    assert screen.state.region == region
    assert says in screen.text
    if "national lines" in screen.text:
        by_id = content.directory.resource_by_id
        assert all(content.directory.is_national(by_id[r]) for r in screen.listed)
    listed = all_listed(content, text)
    directory = content.directory
    if region != "wa-king":
        # never a King County service presented as if it fitted
        assert not any("wa-king" in directory.resource_by_id[r].regions for r in listed)


def test_search_results_page_with_more(content: Content) -> None:
    engine = content.engine
    screen = typed(content, "me violaron")
    more = [b for b in screen.buttons if b.label.startswith("Más")]
    assert more, [b.label for b in screen.buttons]
    second = engine.handle(Pressed(more[0].data), WEDNESDAY_MORNING)
    assert second.state.page == 1
    assert set(second.listed).isdisjoint(screen.listed)
    assert "Página 2 de" in second.text
