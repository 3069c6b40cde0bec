"""Search over the shipped directory: real questions get the right services first."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.directory.entries import LoadOptions
from bot.directory.load import load_directory
from bot.directory.search import SearchIndex

RESOURCES = Path(__file__).resolve().parents[2] / "resources"


@pytest.fixture(scope="module")
def shipped() -> SearchIndex:
    # A date after every `last_verified`: staleness is only a warning and does not matter here.
    result = load_directory(RESOURCES, LoadOptions(today=dt.date(2030, 1, 1)))
    assert result.directory is not None, str(result.report)
    return SearchIndex.build(result.directory)


LEGAL_TAGGED = ("nwjp-clear", "ht-legal-center", "kcba-legal")  # tagged lawyer or abogado
SHELTERS_IN_KING = ("dawn", "rest-seattle", "youthcare")
CRISIS_LINES = ("lifeline-988", "crisis-text-line", "crisis-connections")

# text, categories, region, language, the top hits (in any order; a 1-tuple pins the first)
RANKING: list[tuple[str, tuple[str, ...], str | None, str | None, tuple[str, ...]]] = [
    ("abogado", ("legal",), None, "es", LEGAL_TAGGED),
    ("lawer", ("legal",), None, "en", LEGAL_TAGGED),
    ("I need a lawyer", ("legal",), None, "en", LEGAL_TAGGED),
    ("trabajo", ("jobs",), None, "es", ("casa-latina", "worksource-seattle-king")),
    ("somewhere to sleep tonight", ("shelter",), None, "en", SHELTERS_IN_KING),
    ("necesito un lugar para dormir", ("shelter",), None, "es", SHELTERS_IN_KING),
    ("seatle shelter", ("shelter",), "wa-king", "en", SHELTERS_IN_KING),
    ("therapist near Burien", ("therapy",), "wa-king", "en",
     ("harborview-hatc", "kcsarc", "ops-seattle", "rest-seattle")),
    ("trafficking hotline", ("hotline",), None, "en", ("national-human-trafficking-hotline",)),
    ("trata de personas", (), None, "es", ("national-human-trafficking-hotline",)),
    ("I was trafficked", (), None, "en",
     ("national-human-trafficking-hotline", "ht-legal-center", "warn")),
    ("necesito un abogado en Seattle", ("legal",), "wa-king", "es", ("kcba-legal",)),
    ("wage theft", ("legal",), None, "en", ("casa-latina", "dol-wage-and-hour")),
    ("robo de salario", ("legal",), None, "es", ("casa-latina", "dol-wage-and-hour")),
    ("suicide", (), None, "en", ("lifeline-988",)),
    # Hotlines that list the language typed in come first, 988 before the rest by name.
    ("I want to die", ("hotline",), None, "en", ("lifeline-988",)),
    ("me quiero morir", ("hotline",), None, "es", ("lifeline-988",)),
    ("sin papeles", ("legal",), None, "es", ("warn",)),
    ("línea de crisis", ("hotline",), None, "es", CRISIS_LINES),
    ("linea de crisis", ("hotline",), None, "es", CRISIS_LINES),
    ("doctor", ("medical",), None, None, ("seattle-indian-health-board",)),
    ("police", (), None, "en", ("emergency-911",)),
    ("kicked out", (), None, "en", ("national-runaway-safeline",)),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "categories", "region", "language", "top"), RANKING, ids=[r[0] for r in RANKING]
)
def test_the_shipped_directory_answers_real_questions(
    shipped: SearchIndex,
    text: str,
    categories: tuple[str, ...],
    region: str | None,
    language: str | None,
    top: tuple[str, ...],
) -> None:
    result = shipped.search(text)
    query = result.query
    assert (query.categories, query.region, query.language) == (categories, region, language)
    found = [hit.resource.id for hit in result.hits]
    assert set(found[: len(top)]) == set(top), found
    for hit in result.hits:
        if region is not None:
            assert hit.distance == shipped.directory.distance(hit.resource, region)
        if categories and hit.score == result.hits[0].score:
            assert set(categories) & set(hit.resource.categories)


def test_the_shipped_directory_finds_nothing_for_gibberish(shipped: SearchIndex) -> None:
    result = shipped.search("xyzzy")
    assert result.hits == ()
    assert result.query.terms == ("xyzzy",)


def test_the_shipped_directory_local_before_national(shipped: SearchIndex) -> None:
    hits = shipped.search("abogado en seattle", limit=50).hits
    assert all(hit.distance is not None for hit in hits)
    distances = [hit.distance or 0 for hit in hits if hit.score == hits[0].score]
    assert distances == sorted(distances)
    assert distances[0] == 0 and distances[-1] == 2  # King County first, national last


def test_every_shipped_category_browses_to_something_in_king_county(
    shipped: SearchIndex,
) -> None:
    for category in shipped.directory.categories:
        listed = shipped.browse(category.id, "wa-king")
        assert listed, category.id
        distances = [shipped.directory.distance(r, "wa-king") for r in listed]
        assert None not in distances
        assert distances == sorted(d or 0 for d in distances)
