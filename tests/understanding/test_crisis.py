"""Crisis words come first; a negation right before a word that only states a condition
turns it around ("not in danger"), and nothing else does."""

from __future__ import annotations

import pytest

from bot.understanding.crisis import CrisisWords

WORDS = CrisisWords(
    {
        "en": ("danger", "suicidal", "want to die", "kill myself", "911"),
        "es": ("peligro", "en peligro", "no quiero vivir", "911"),
    }
)


@pytest.mark.parametrize(
    ("text", "languages"),
    [
        ("I'm in danger", ["en"]),
        ("I'm not in danger, I need a lawyer", []),
        ("no estoy en peligro", []),
        ("not suicidal, just sad", []),
        ("I don't want to die", ["en"]),  # a negation before a wish is no all-clear
        ("no quiero vivir", ["es"]),  # the phrase has its own negation
        ("nobody believes me but i want to kill myself", ["en"]),
        ("911", ["en", "es"]),
        ("Estoy en PELIGRO!!", ["es"]),
        ("the game was dangerous", []),  # whole words only
    ],
)
def test_crisis_words(text: str, languages: list[str]) -> None:
    assert WORDS.languages_in(text) == languages


def test_an_everyday_phrase_excuses_only_its_own_crisis_word() -> None:
    """`not_emergency` phrases, with word classes: "<chore> is killing me" is any of its words
    ("this job", "my back"); another crisis word in the message still counts."""
    words = CrisisWords(
        {"en": ("killing", "want to die", "overdose")},
        [
            (frozenset({"job", "back"}), frozenset({"is"}), frozenset({"killing"})),
            (
                frozenset({"died", "passed"}),
                frozenset({"of"}),
                frozenset({"an"}),
                frozenset({"overdose", "od"}),
            ),
        ],
    )
    assert words.languages_in("this job is killing me lol") == []
    assert words.languages_in("my back is killing me") == []
    assert words.languages_in("my uncle passed of an overdose") == []
    assert words.languages_in("he is killing me") == ["en"]
    assert words.languages_in("my back is killing me and i want to die") == ["en"]
    assert words.languages_in("he took an overdose") == ["en"]
    # quote marks between its words, as a word asked about is written
    assert words.languages_in("what does it mean, 'died of an \u201coverdose\u201d'?") == []
    assert words.languages_in("my 'back' is killing me") == []
    assert words.languages_in("my back. is killing me") == ["en"]  # a sentence ends
