"""Lines only for minors are not offered to someone who says they are an adult."""

from __future__ import annotations

import pytest

from bot.content import Content
from bot.directory.text import words
from bot.flows.events import Typed
from bot.understanding.ages import says_adult
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
