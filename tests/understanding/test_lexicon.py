"""What lets a few phrases understand many messages (bot/understanding/lexicon.py): word
classes, interchangeable words, exact phrases, denials and everyday phrases that hold a crisis
word; checked at their line, and at work on the shipped situations."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content import Content
from bot.directory.phrases import Lexicon, Phrase, PhraseMatcher, phrase_words
from bot.directory.text import words
from bot.flows.events import Typed
from bot.flows.screen import Outcome
from tests.helpers.content import WEDNESDAY_MORNING
from tests.understanding.test_situations import GOOD, problems

LEXICON = Lexicon(
    {"<harm>": (("en", "hurt"), ("en", "kill")), "<family>": (("en", "kids"), ("en", "mom"))},
    {"her": ("me",), "him": ("me",)},
)


def threat(text: str, *, ordered: bool = False) -> Phrase:
    return Phrase(phrase_words(text), (("situation", "t"),), frozenset({"en"}), ordered)


def found(matcher: PhraseMatcher, text: str) -> bool:
    return bool(matcher.find(words(text)))


def test_a_word_class_is_any_of_its_words_in_any_form() -> None:
    matcher = PhraseMatcher([threat("<harm> my <family>")], LEXICON)
    assert phrase_words("<Harm> my kids!") == ("<harm>", "my", "kids")
    for text in ("he will hurt my kids", "gonna kill my mom", "said hed be killing my kids"):
        assert found(matcher, text), text
    assert not found(matcher, "he will hurt my car")
    assert not found(matcher, "my kids")


def test_an_interchangeable_word_stands_in_only_beside_a_word_typed_exactly() -> None:
    matcher = PhraseMatcher([threat("hits me")], LEXICON)
    assert found(matcher, "her husband hits her")  # a sister's story reads like one's own
    assert found(matcher, "he hits me")
    # "her" stands for "me" only next to a word of the phrase typed as it is
    assert not found(matcher, "he hitting her")


def test_an_exact_phrase_needs_its_little_words_in_order() -> None:
    matcher = PhraseMatcher([threat("in the life", ordered=True)], LEXICON)
    assert found(matcher, "been in the life since i was 16")
    assert not found(matcher, "the best life")
    assert not found(matcher, "life in the city")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("en: [raped, i was raped]", "en: [raped, <harm> me]",
         "situations.yaml:6: situation sexual-assault: phrase '<harm> me' names no word class "
         "<harm>"),
        ("situations:\n", "words:\n  harm: {en: [hurt badly]}\nsituations:\n",
         "situations.yaml:3: word class harm: 'hurt badly' is not one word; write longer "
         "phrases in a situation"),
        ("situations:\n", "interchangeable: {en: [[me]]}\nsituations:\n",
         "situations.yaml:2: interchangeable: a group needs two words or more"),
        ("situations:\n", "not_emergency: {en: [<chore> is killing me]}\nsituations:\n",
         "situations.yaml:2: not_emergency: phrase '<chore> is killing me' names no word "
         "class <chore>"),
    ],
)  # fmt: skip
def test_lexicon_mistakes_are_named_at_their_line(
    tmp_path: Path, content: Content, old: str, new: str, expected: str
) -> None:
    assert old in GOOD
    assert problems(tmp_path, content.directory, GOOD.replace(old, new)) == [expected]


@pytest.mark.parametrize(
    ("text", "situation", "emergency"),
    [
        ("he said he will hurt my kids if i leave", "threatened", True),
        ("dice que me va a matar", "threatened", True),
        ("theres a guy with a knife outside", "threatened", True),
        ("she threatens to call immigration", "status-threat", False),
        ("my landlord says he will call ice if i dont pay rent", "status-threat", False),
        ("my sister's boyfriend took her passport", "documents-taken", False),
        ("mi amiga no la dejan salir", "controlled", False),
        ("he hurts me", "partner-violence", False),
        ("me duele mucho el brazo", "injured", False),
        ("i dont want to do this anymore", "had-enough", False),
        ("ya no puedo más", "had-enough", False),
        ("my friend odd and shes not waking up", "overdose", True),
        ("i cant wake up in the morning", None, False),  # waking up is someone else's
        ("i dont want to be here anymore", "had-enough", False),  # "here" is not "herida"
        ("she took my kids and left", "partner-violence", False),
        ("he doesnt hit me, i just need a job", None, False),  # denied
        ("no one is following me", None, False),
        ("this job is killing me, need a new one", None, False),
        ("my brother passed from an od last year", None, False),
    ],
)
def test_the_shipped_situations_generalise(
    content: Content, text: str, situation: str | None, emergency: bool
) -> None:
    screen = content.engine.handle(Typed(text), WEDNESDAY_MORNING)
    assert screen.state.situation == situation
    assert (screen.outcome is Outcome.EMERGENCY) == emergency
    if situation in ("threatened", "partner-violence", "status-threat"):
        assert "harborview-hatc" not in screen.listed  # "hurt" by a person is no clinic


def test_the_emergency_screen_keeps_the_place_and_only_its_local_lines(content: Content) -> None:
    """A crisis typed with a place brings that place's 24-hour crisis line, and a situation's
    own lines only where they serve: King County's crisis line is no help in Spokane."""
    engine = content.engine
    seattle = engine.handle(Typed("overdose in Seattle"), WEDNESDAY_MORNING)
    assert seattle.outcome is Outcome.EMERGENCY and seattle.state.region == "wa-king"
    assert "crisis-connections" in seattle.listed
    spokane = engine.handle(Typed("i want to kill myself, i live in spokane"), WEDNESDAY_MORNING)
    assert spokane.outcome is Outcome.EMERGENCY and spokane.state.region == "wa"
    assert "lifeline-988" in spokane.listed
    assert "crisis-connections" not in spokane.listed
    tacoma = engine.handle(Typed("suicida en Tacoma"), WEDNESDAY_MORNING)
    assert tacoma.state.language == "es" and "crisis-connections" not in tacoma.listed
