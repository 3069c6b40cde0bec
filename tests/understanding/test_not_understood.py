"""A message that tells about someone's life, of which nothing was understood, is answered with
the always-on 24/7 lines and "I am not sure I understood", never "I could not find that"; on the
shipped content, and each mistake in `telling:` named at its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content import Content
from bot.flows.events import Typed
from bot.flows.screen import Outcome
from tests.helpers.content import WEDNESDAY_MORNING
from tests.understanding.test_situations import GOOD, problems

ALWAYS_ON = [
    "national-human-trafficking-hotline",
    "domestic-violence-hotline",
    "rainn",
    "lifeline-988",
    "us-211",
]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("something weird happened to me last weekend", "en"),
        ("idk how to say this but its been going on since i was little", "en"),
        ("things at home are really bad", "en"),  # no "me", "my": five words tell too
        ("algo me paso en una fiesta", "es"),
        ("el entra a mi cuarto", "es"),  # "entra" is no typo of a service's "entre"
    ],
)
def test_a_message_telling_something_not_understood_gets_the_always_on_lines(
    content: Content, text: str, language: str
) -> None:
    answer = content.engine.handle(Typed(text, None), WEDNESDAY_MORNING)
    assert answer.outcome is Outcome.NOT_UNDERSTOOD, "understood now: choose another example"
    assert list(answer.listed) == ALWAYS_ON
    assert answer.state.language == language
    not_understood = content.flow.translations.text(language, "search.not_understood")
    assert not_understood in answer.text
    could_not = content.flow.translations.text(language, "search.none").splitlines()[0]
    assert could_not not in answer.text
    assert "911" in answer.text


def test_the_floor_is_the_situations_always_lines(content: Content) -> None:
    assert list(content.flow.situations.always) == ALWAYS_ON


@pytest.mark.parametrize("text", ["pizza", "asdfgh", "zxqv wplm"])
def test_words_that_tell_nothing_are_not_found_as_before(content: Content, text: str) -> None:
    answer = content.engine.handle(Typed(text, None), WEDNESDAY_MORNING)
    assert answer.outcome is Outcome.SEARCH_EMPTY
    assert "I could not find that" in answer.text
    assert list(answer.listed) == list(content.flow.settings.fallback_resources)


def test_a_service_named_in_a_sentence_is_still_found(content: Content) -> None:
    answer = content.engine.handle(Typed("my friend said to try chaya", None), WEDNESDAY_MORNING)
    assert answer.outcome is Outcome.SEARCH
    assert answer.listed[0] == "api-chaya"


def test_a_misspelling_in_a_sentence_does_not_find_an_unrelated_service(
    content: Content,
) -> None:
    """Read alone, "entra" may be a typo of a service's "entre"; in a sentence it is a verb."""
    alone = content.engine.handle(Typed("entra", "es"), WEDNESDAY_MORNING)
    assert alone.outcome is Outcome.SEARCH  # a word search still forgives typos
    told = content.engine.handle(Typed("el entra a mi cuarto", "es"), WEDNESDAY_MORNING)
    assert told.outcome is Outcome.NOT_UNDERSTOOD
    assert not set(alone.listed) & set(told.listed)


TELLING = "telling:\n  en: [me, my]\n  es: [mi, estoy]\n"


def test_telling_words_load(tmp_path: Path, content: Content) -> None:
    assert problems(tmp_path, content.directory, TELLING + GOOD) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("  es: [mi, estoy]\n", "", "situations.yaml:1: telling: no words in 'es'"),
        ("[me, my]", "[me, my life]", "situations.yaml:2: telling: 'my life' is not one word"),
    ],
)
def test_each_mistake_in_the_telling_words_is_named_at_its_line(
    tmp_path: Path, content: Content, old: str, new: str, expected: str
) -> None:
    assert old in TELLING
    found = problems(tmp_path, content.directory, TELLING.replace(old, new) + GOOD)
    assert found == [expected]
