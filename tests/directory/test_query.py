"""`bot/directory/query.py`: what typed text asks of the directory (categories, a region, a
language, other words), misspelt, inflected or unaccented."""

from __future__ import annotations

import pytest

from bot.directory.search import SearchIndex
from tests.helpers.directory_builders import CATEGORIES, REGIONS, directory_of, small_resources


@pytest.mark.parametrize(
    ("text", "categories", "region", "language", "terms"),
    [
        ("lawyer", ("legal",), None, "en", ()),
        ("I need a lawyer", ("legal",), None, "en", ()),
        ("Necesito un ABOGADO", ("legal",), None, "es", ()),
        ("lawer", ("legal",), None, "en", ()),  # one letter missing
        ("abogao", ("legal",), None, "es", ()),
        ("lawyre", ("legal",), None, "en", ()),  # two letters swapped
        ("somewhere to sleep", ("shelter",), None, "en", ()),
        ("¿Dónde dormir?", ("shelter",), None, "es", ()),
        ("donde dormir", ("shelter",), None, "es", ()),  # without the accent
        ("therapist near Burien", ("therapy",), "wa-king", "en", ()),
        ("shelter in king county", ("shelter",), "wa-king", "en", ()),
        ("seatle", (), "wa-king", None, ()),  # "seattle" is an alias in both languages
        ("lawyer in Spokane", ("legal",), "wa", "en", ()),
        ("human trafficking", (), None, "en", ("human", "trafficking")),
        ("trata de personas", (), None, "es", ("trata", "personas")),
        ("xyzzy", (), None, None, ("xyzzy",)),
        ("", (), None, None, ()),
    ],
)
def test_understand(
    index: SearchIndex,
    text: str,
    categories: tuple[str, ...],
    region: str | None,
    language: str | None,
    terms: tuple[str, ...],
) -> None:
    query = index.understand(text)
    assert (query.categories, query.region, query.language, query.terms) == (
        categories,
        region,
        language,
        terms,
    )


def test_the_query_text_is_folded(index: SearchIndex) -> None:
    assert index.understand("  ¡Línea   de CRISIS!! ").text == "linea de crisis"


@pytest.mark.parametrize("text", ["bad", "lax", "laws?", "cam", "kings"])
def test_short_words_must_be_exact(index: SearchIndex, text: str) -> None:
    # "bad" is not "bed", "lax" is not "law", "cam" is not "cama"; a plural is fine ("laws").
    query = index.understand(text)
    if text == "laws?":
        assert query.categories == ("legal",)
    else:
        assert query.categories == ()
        assert query.region is None


def test_two_categories_are_both_recognised_best_match_first(index: SearchIndex) -> None:
    query = index.understand("therapyst or a lawyer")
    assert query.categories == ("legal", "therapy")  # exact "lawyer" before misspelt "therapyst"


def test_the_most_specific_region_named_wins(index: SearchIndex) -> None:
    assert index.understand("washington seattle").region == "wa-king"
    assert index.understand("seattle washington").region == "wa-king"


def test_us_is_a_pronoun_not_a_country() -> None:
    regions = [{**r, "aliases": {"en": ["us", "usa"]}} if r["id"] == "us" else r for r in REGIONS]
    index = SearchIndex.build(directory_of(small_resources(), CATEGORIES, regions))
    assert index.understand("help us find a lawyer").region is None
    assert index.understand("lawyer usa").region == "us"
