"""Spanish written as it sounds, and a Spanish verb's person: the keys the matcher files by."""

from __future__ import annotations

import pytest

from bot.directory.phrases import Phrase, PhraseMatcher
from bot.directory.spelling import sounds_like
from bot.directory.text import stem, words


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("cuchiyo", "cuchillo"),  # ll and y
        ("bender", "vender"),  # b and v
        ("fuersa", "fuerza"),  # s and z
        ("dise", "dice"),  # s and a soft c
        ("digeron", "dijeron"),  # j and a soft g
        ("ablan", "hablan"),  # a silent h
        ("encerada", "encerrada"),  # rr and r
        ("refujio", "refugio"),
        ("iso", "hizo"),
    ],
)
def test_spellings_that_sound_the_same_share_a_key(typed: str, written: str) -> None:
    assert sounds_like(typed) == sounds_like(written) is not None


@pytest.mark.parametrize("word", ["cash", "with", "okay", "thing", "working", "oy"])
def test_english_words_and_two_letters_have_no_key(word: str) -> None:
    assert sounds_like(word) is None  # "cash" is no "casa"


def test_words_that_sound_different_keep_different_keys() -> None:
    assert sounds_like("vaca") != sounds_like("boca")
    assert sounds_like("mata") != sounds_like("nata")
    assert sounds_like("casa") == sounds_like("caza")  # they do sound the same


def test_a_spanish_verb_keeps_the_person_attached_to_it() -> None:
    assert stem("cortarme", "es") == stem("cortandome", "es") == "cort+me"
    assert stem("cortando", "es") == stem("corte", "es") == "cort"
    assert stem("suicidarse", "es") == "suicid+se"
    assert stem("muerte", "es") == "muert"  # "te" ends it, but it is no verb with a person


def situation(text: str) -> Phrase:
    return Phrase(tuple(words(text)), (("situation", "s"),), frozenset({"es"}), False)


def found(matcher: PhraseMatcher, text: str) -> bool:
    return bool(matcher.find(words(text)))


def test_a_phrase_of_spanish_finds_it_spelt_as_it_sounds() -> None:
    matcher = PhraseMatcher([situation("tiene un cuchillo")])
    assert found(matcher, "el tiene un cuchiyo")
    assert not found(matcher, "tiene un cash")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("quiero cortarme", True),
        ("me voy a cortar", True),  # the person just before the verb
        ("me quiero cortar otra vez", True),
        ("se corto las venas", True),  # someone else, to themselves
        ("trabajamos cortando arboles", False),  # nobody cutting themselves
        ("me van a cortar el agua", False),  # others do it: "van" is theirs
        ("me dijeron que hoy van a cortar", False),  # too far from its person
    ],
)
def test_a_verb_with_its_person_is_read_only_with_that_person(text: str, expected: bool) -> None:
    assert found(PhraseMatcher([situation("cortarme")]), text) is expected
