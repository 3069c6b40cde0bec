"""Finding phrases in typed words: stems, misspellings, word order, negations, function words."""

from __future__ import annotations

import pytest

from bot.directory.phrases import Phrase, PhraseMatcher
from bot.directory.text import words


def situation(text: str, target: str = "s", language: str = "en") -> Phrase:
    return Phrase(tuple(words(text)), (("situation", target),), frozenset({language}), False)


def synonym(text: str, target: str = "c", language: str = "en") -> Phrase:
    return Phrase(tuple(words(text)), (("category", target),), frozenset({language}))


def found(matcher: PhraseMatcher, text: str) -> list[str]:
    return [t for m in matcher.find(words(text)) for _, t in m.phrase.targets]


@pytest.mark.parametrize(
    "text",
    [
        "he hits me",
        "he is hitting me",  # another form of the verb: the Snowball stem
        "my husband keeps hitting me",
        "hits me",
        "HE HITS ME!!!",
    ],
)
def test_inflections_and_case_match(text: str) -> None:
    assert found(PhraseMatcher([situation("hits me")]), text) == ["s"]


def test_spanish_stems_match_spanish_phrases() -> None:
    matcher = PhraseMatcher([situation("me violaron", language="es")])
    assert found(matcher, "me violo") == ["s"]
    assert found(matcher, "me violó ayer") == ["s"]


def test_word_order_and_little_words_may_differ() -> None:
    matcher = PhraseMatcher([situation("took my passport")])
    assert found(matcher, "they took the passport") == ["s"]
    assert found(matcher, "the passport, they took it") == ["s"]  # another order, less sure
    assert found(matcher, "took a long walk with my dog and then found my passport") == []


def test_a_negation_must_be_typed_and_its_kind_is_enough() -> None:
    matcher = PhraseMatcher(
        [situation("no me deja salir", language="es"), situation("not paid", "w")]
    )
    assert found(matcher, "no me deja salir") == ["s"]
    assert found(matcher, "me deja salir") == []  # he lets me leave
    assert found(matcher, "he hasnt paid me") == ["w"]  # "hasnt" says what "not" says
    assert found(matcher, "i got paid") == []


def test_object_pronouns_count() -> None:
    matcher = PhraseMatcher([situation("hurts me"), synonym("hurt", "medical")])
    assert found(matcher, "he hurts me") == ["s"]
    assert found(matcher, "i hurt my knee") == ["medical"]


def test_misspellings_of_long_words_only() -> None:
    matcher = PhraseMatcher([situation("passport"), synonym("bed")])
    assert found(matcher, "pasport") == ["s"]
    assert found(matcher, "bad") == []  # short words must be exact


def test_a_word_the_phrases_use_is_never_a_misspelling_of_another() -> None:
    """Regression: "tiene" (has), a word of "tiene una pistola", was also read as a misspelt
    "viene" (comes), so "mi mama tiene por mi casa un perro" was "viene por mi" (coming for
    me): the emergency screen."""
    matcher = PhraseMatcher(
        [situation("viene por mi", "coming", "es"), situation("tiene una pistola", "gun", "es")]
    )
    assert found(matcher, "mi mama tiene por mi casa un perro") == []
    assert found(matcher, "viene por mi") == ["coming"]
    assert found(matcher, "biene por mi") == ["coming"]  # a real misspelling still is one


def test_an_everyday_word_is_itself_not_a_misspelling_but_keeps_its_forms() -> None:
    """Regression: "my mom keeps telling me to get a job" was the sex trade: "telling" read as
    a misspelt "selling" (of "selling me")."""
    phrases = [
        situation("selling me", "sold"),
        situation("me duele el ojo", "hurt", "es"),
        situation("me quiere vender", "sell", "es"),
    ]
    everyday = frozenset({"telling", "ojos", "bender"})
    plain = PhraseMatcher(phrases)
    matcher = PhraseMatcher(phrases, everyday=everyday)
    assert found(plain, "she keeps telling me") == ["sold"]
    assert found(matcher, "she keeps telling me") == []
    assert found(matcher, "he is selling me") == ["sold"]
    assert found(matcher, "he is seling me") == ["sold"]  # a word no one writes still is
    assert found(matcher, "me duelen los ojos") == ["hurt"]  # a plural is no misspelling
    assert found(matcher, "me quiere bender") == ["sell"]  # Spanish spelt as it sounds
    assert matcher.misspelling_of("telling") == {"selling"}
    assert matcher.misspelling_of("selling") == frozenset()


def test_the_longest_reading_wins_and_the_same_words_read_two_ways_keep_both() -> None:
    matcher = PhraseMatcher(
        [
            situation("abuse"),
            synonym("substance abuse", "therapy"),
            synonym("someone to talk to"),
            situation("someone to talk to", "talk"),
        ]
    )
    assert found(matcher, "substance abuse") == ["therapy"]
    assert found(matcher, "abuse") == ["s"]
    assert sorted(found(matcher, "i need someone to talk to")) == ["c", "talk"]


def test_a_word_of_one_language_is_not_another_languages_stem() -> None:
    """Regression: "call" was read as Spanish "calle" (street): the same Spanish stem."""
    matcher = PhraseMatcher(
        [situation("cant call"), situation("estoy en la calle", "street", "es")]
    )
    assert found(matcher, "i can only message, i cant call") == ["s"]


def test_the_phrases_own_words_are_read_ahead_and_no_message_adds_to_them() -> None:
    """Each word of the phrases (not of place names) is read once, when the matcher is made:
    read the same as afresh, and nothing a message says is added or changed."""
    kent = Phrase(("kent",), (("region", "wa-king"),), frozenset({"en"}), stemmed=False)
    matcher = PhraseMatcher([situation("he hits me"), synonym("lawyer"), kent])
    ahead = {word: (dict(known), stand_ins) for word, (known, stand_ins) in matcher._read.items()}
    assert {"hits", "lawyer"} <= ahead.keys() and "kent" not in ahead

    assert found(matcher, "he is hitting me, need a lawyr in kent") == ["s", "c", "wa-king"]
    assert matcher._read == ahead
    assert all(matcher._reading(word) == reading for word, reading in ahead.items())
