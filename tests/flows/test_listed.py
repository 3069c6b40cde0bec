"""An answer's link naming the services it listed (the web chat's redirect after a search)."""

from __future__ import annotations

from bot.content import Content
from bot.flows.events import Listed, Pressed, Typed
from bot.flows.state import State
from tests.helpers.content import WEDNESDAY_MORNING as NOW


def test_a_name_searchs_answer_is_shown_again_from_its_state_and_ids(content: Content) -> None:
    engine = content.engine
    typed = engine.handle(Typed("polaris", "en"), NOW)
    own = engine.handle(Pressed(typed.state.pack()), NOW)
    assert typed.listed == ("national-human-trafficking-hotline",) != own.listed
    again = engine.handle(Listed(typed.state.pack(), ".".join(typed.listed)), NOW)
    assert again.listed == typed.listed
    assert again.paragraphs == typed.paragraphs and again.rows == typed.rows


def test_unknown_repeated_and_extra_ids_are_left_out(content: Content) -> None:
    """Only a page of ids is read (what the web chat's links carry): the rest is forged."""
    engine = content.engine
    state = State("search", "en").pack()
    ids = ["rainn", "nowhere", "rainn", "kcba-legal", "us-211", "lifeline-988", "warn"]
    screen = engine.handle(Listed(state, ".".join(ids)), NOW)
    assert screen.listed == ("rainn", "kcba-legal", "us-211")
    assert engine.handle(Listed(state, "x" * 5000), NOW) == engine.handle(Pressed(state), NOW)


def test_ids_name_services_only_on_an_answers_screen(content: Content) -> None:
    engine = content.engine
    results = State("results", "en", "legal", "wa-king").pack()
    assert engine.handle(Listed(results, "rainn"), NOW) == engine.handle(Pressed(results), NOW)
    forged = engine.handle(Listed("1.nowhere.en....0.", "rainn"), NOW)
    assert forged.state == engine.start_state("en")
    search = State("search", "en", "legal").pack()
    assert engine.handle(Listed(search, ""), NOW) == engine.handle(Pressed(search), NOW)
