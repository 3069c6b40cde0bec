"""Lines only for minors are not offered to someone who says they are an adult; lines for
children come when a message says a child is concerned."""

from __future__ import annotations

import pytest

from bot.content import Content
from bot.directory.text import words
from bot.flows.events import Pressed, Typed
from bot.understanding.ages import says_a_child, says_adult
from tests.helpers.content import WEDNESDAY_MORNING


@pytest.mark.parametrize(
    ("text", "adult"),
    [
        ("I'm 28", True),
        ("i am 45 and", True),
        ("tengo 30 años", True),
        ("28 yo", True),
        ("28f, my ex", True),
        ("soy mayor de edad", True),
        ("im 16", False),
        ("tengo 15", False),
        ("im 20 minutes away", False),
        ("i have 3 kids", False),
        ("my ex posted my pics", False),
    ],
)
def test_an_adult_age_is_read_as_people_type_it(text: str, adult: bool) -> None:
    assert says_adult(words(text)) is adult


def test_the_cybertipline_is_offered_unless_the_writer_is_an_adult(content: Content) -> None:
    said = "my ex posted naked pics of me online"
    unknown = content.engine.handle(Typed(said, "en"), WEDNESDAY_MORNING)
    adult = content.engine.handle(Typed(said + ", im 28", "en"), WEDNESDAY_MORNING)
    assert unknown.listed[0] == "ncmec-cybertipline"
    assert adult.state.situation == "images-shared"
    assert "ncmec-cybertipline" not in adult.listed
    assert "domestic-violence-hotline" in adult.listed


@pytest.mark.parametrize(
    ("text", "child"),
    [
        ("mi hija de 13 conoció a un muchacho por tiktok", True),
        ("my daughter is 14 and an older man buys her things", True),
        ("mi hijo tiene 15 años", True),
        ("im 15 and he sells me", True),
        ("tengo 16 y me corrieron", True),
        ("she is a minor", True),
        ("soy menor de edad", True),
        ("videos from when i was 15", True),  # a child then
        ("cuando tenia 14 me vendieron", True),
        ("my son is 25", False),
        ("i have 3 kids", False),  # how many, not how old
        ("we work 16 hours a day", False),
        ("my daughter is 2 hours away", False),
        ("im 28", False),
    ],
)
def test_a_child_concerned_is_read_as_people_type_it(text: str, child: bool) -> None:
    assert says_a_child(words(text)) is child


def test_a_child_lured_online_gets_the_cybertipline_on_every_page(content: Content) -> None:
    """`for_a_child`: right after the situation's own lines, and "More" keeps it (the state's
    "c" flag); an adult's trafficking answer has no CyberTipline."""
    said = "mi hija de 13 conoció a un muchacho por tiktok que le manda regalos"
    screen = content.engine.handle(Typed(said, "es"), WEDNESDAY_MORNING)
    assert screen.state.situation == "trafficking" and screen.state.child
    own = content.flow.situations.by_id["trafficking"].lines
    assert list(screen.listed[: len(own) + 1]) == [*own, "ncmec-cybertipline"]
    more = content.flow.translations.text("es", "button.next")
    button = next(b for b in screen.buttons if b.label == more)
    following = content.engine.handle(Pressed(button.data, "es"), WEDNESDAY_MORNING)
    assert following.state.child and "ncmec-cybertipline" not in following.listed
    adult = content.engine.handle(
        Typed("he promised me a job and now i owe him for the trip, im 30", "en"),
        WEDNESDAY_MORNING,
    )
    assert adult.state.situation == "trafficking" and not adult.state.child
    assert "ncmec-cybertipline" not in adult.listed


def test_images_taken_of_a_child_are_reported_whatever_the_age_now(content: Content) -> None:
    """An adult writer gets no CyberTipline, unless the message says it began in childhood."""
    said = "my ex from when i was 15 still had videos of me and he put one up. im 19 now"
    screen = content.engine.handle(Typed(said, "en"), WEDNESDAY_MORNING)
    assert screen.state.situation == "images-shared"
    assert "ncmec-cybertipline" in screen.listed
