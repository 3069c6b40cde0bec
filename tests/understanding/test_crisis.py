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
