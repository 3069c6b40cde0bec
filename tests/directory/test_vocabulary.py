"""A typed word's misspellings, found through the deletion index, are exactly the known words
within the edits both words allow, as comparing the typed word with every known word says."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from bot.directory.text import VARIANT_SIMILARITY, Vocabulary, allowed_typos, variants, words

KNOWN = words(
    "lawyer abogado abogada passport pasaporte immigration inmigracion shelter refugio "
    "trafficking traficante counseling consejeria therapist terapia seattle tacoma law rent "
    "kent bed beds job jobs training entrenamiento followed following hurting golpea"
)
VOCABULARY = Vocabulary(KNOWN)


def compared_with_every_word(word: str) -> list[tuple[str, float]]:
    """What `close` must say: the word's own forms, then every known word within the edits
    both allow, by length, distance and alphabet."""
    found = {f: 1.0 if f == word else VARIANT_SIMILARITY for f in variants(word) if f in KNOWN}
    budget = allowed_typos(len(word))
    near = sorted(
        (len(k), OSA.distance(word, k), k)
        for k in KNOWN
        if budget and OSA.distance(word, k) <= min(budget, allowed_typos(len(k)))
    )
    for _, distance, known in near:
        found.setdefault(known, 1 - distance / max(len(word), len(known)))
    return list(found.items())


edits = st.lists(
    st.tuples(st.sampled_from("dist"), st.integers(0, 20), st.sampled_from("aeiolnrs")),
    max_size=3,
)


@st.composite
def typed_words(draw: st.DrawFn) -> str:
    """A known word with up to three slips: a letter dropped, inserted, changed or swapped."""
    word = draw(st.sampled_from(KNOWN))
    for kind, at, letter in draw(edits):
        i = at % (len(word) + 1)
        if kind == "d":
            word = word[:i] + word[i + 1 :]
        elif kind == "i":
            word = word[:i] + letter + word[i:]
        elif kind == "s":
            word = word[:i] + letter + word[i + 1 :]
        elif i + 1 < len(word):
            word = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word


@settings(max_examples=300, deadline=None)
@given(typed_words())
def test_the_index_finds_what_comparing_every_word_finds(word: str) -> None:
    assert list(VOCABULARY.close(word).items()) == compared_with_every_word(word)


def test_a_slip_is_forgiven_in_long_words_only_and_the_closest_comes_first() -> None:
    assert VOCABULARY.close("lawer") == {"lawyer": 1 - 1 / 6}
    assert list(VOCABULARY.close("inmigrasion").items()) == [
        ("inmigracion", 1 - 1 / 11),  # one slip
        ("immigration", 1 - 2 / 11),  # two, as a word this long may have
    ]
    assert VOCABULARY.close("folowed") == {"followed": 1 - 1 / 8}
    assert VOCABULARY.close("lax") == {}  # not "law": short words must be exact
    assert VOCABULARY.close("bed") == {"bed": 1.0, "beds": VARIANT_SIMILARITY}


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("ayudaaa", ["ayuda"]),
        ("HELPPPP me", ["help", "me"]),
        ("pleaseeee", ["please"]),
        ("hello, llamar, carro", ["hello", "llamar", "carro"]),  # two of a letter stay two
        ("98111 1000", ["98111", "1000"]),  # digits are not letters held down
    ],
)
def test_a_letter_held_down_counts_once(typed: str, read: list[str]) -> None:
    assert words(typed) == read
