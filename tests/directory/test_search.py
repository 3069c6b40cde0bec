"""Search: understanding typed text, filters, ranking, and the shipped directory's answers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.directory.bits import bits_of, positions
from bot.directory.catalog import Directory
from bot.directory.entries import LoadOptions
from bot.directory.hours import is_open
from bot.directory.load import load_directory
from bot.directory.search import SearchIndex
from tests.helpers.directory_builders import (
    CATEGORIES,
    REGIONS,
    directory_of,
    resource,
    small_directory,
    small_resources,
)

SEATTLE = ZoneInfo("America/Los_Angeles")
MONDAY_10AM = dt.datetime(2026, 11, 23, 10, 0, tzinfo=SEATTLE)
MONDAY_11PM = dt.datetime(2026, 11, 23, 23, 0, tzinfo=SEATTLE)
RESOURCES = Path(__file__).resolve().parents[2] / "resources"


@pytest.fixture(scope="module")
def directory() -> Directory:
    return small_directory()


@pytest.fixture(scope="module")
def index(directory: Directory) -> SearchIndex:
    return SearchIndex.build(directory)


def ids(index: SearchIndex, text: str, **filters: object) -> list[str]:
    result = index.search(text, **filters)  # type: ignore[arg-type]
    return [hit.resource.id for hit in result.hits]


# --- understanding the text ----------------------------------------------------------------


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


# --- filters --------------------------------------------------------------------------------


def test_a_state_resource_is_shown_in_its_counties_and_local_comes_first(
    index: SearchIndex,
) -> None:
    result = index.search("lawyer", region="wa-king")
    assert [(h.resource.id, h.distance) for h in result.hits] == [
        ("seattle-lawyers", 0),
        ("evergreen-law", 1),
        ("justice-network", 2),
    ]


def test_a_county_resource_is_not_shown_for_the_whole_country(index: SearchIndex) -> None:
    assert ids(index, "lawyer", region="us") == ["justice-network"]
    assert ids(index, "lawyer", region="wa") == ["evergreen-law", "justice-network"]
    assert ids(index, "shelter", region="wa-king") == ["harbor-house"]
    assert ids(index, "shelter", region="or") == ["rose-city"]


def test_a_region_named_in_the_text_filters_like_a_given_one(index: SearchIndex) -> None:
    assert ids(index, "lawyer in seattle") == ids(index, "lawyer", region="wa-king")
    assert ids(index, "shelter portland") == ["rose-city"]


def test_a_given_region_overrides_the_one_in_the_text(index: SearchIndex) -> None:
    result = index.search("shelter portland", region="wa-king")
    assert result.query.region == "or"
    assert [h.resource.id for h in result.hits] == ["harbor-house"]


def test_a_place_alone_lists_what_serves_it(index: SearchIndex) -> None:
    result = index.search("Spokane", limit=20)
    assert {h.resource.id for h in result.hits} == {
        "night-owl",
        "evergreen-law",
        "freedom-line",
        "justice-network",
    }
    assert [h.distance for h in result.hits] == sorted(h.distance or 0 for h in result.hits)


def test_category_filter(index: SearchIndex) -> None:
    assert ids(index, "seattle", category="shelter") == ["harbor-house"]
    assert ids(index, "immigration", category="legal", region="wa-king") == [
        "seattle-lawyers",
        "justice-network",
    ]
    assert ids(index, "lawyer", category="shelter") == []


def test_language_is_a_hard_filter(index: SearchIndex) -> None:
    assert ids(index, "lawyer", region="wa-king", language="es") == [
        "seattle-lawyers",
        "justice-network",
    ]
    assert ids(index, "shelter", language="es") == ["rose-city"]
    assert ids(index, "lawyer", language="fr") == []


def test_prefer_language_only_reorders_equal_matches(index: SearchIndex) -> None:
    english = ids(index, "lawyer", prefer_language="en")
    spanish = ids(index, "lawyer", prefer_language="es")
    assert (
        sorted(english)
        == sorted(spanish)
        == [
            "evergreen-law",
            "justice-network",
            "seattle-lawyers",
        ]
    )
    assert spanish[-1] == "evergreen-law"  # the only one not speaking Spanish goes last
    # Distance still comes first: the English-only state office before the national one.
    assert ids(index, "lawyer", region="wa", prefer_language="es") == [
        "evergreen-law",
        "justice-network",
    ]


def test_the_language_typed_in_is_preferred_by_default(index: SearchIndex) -> None:
    typed_in_spanish = ids(index, "abogado")
    assert typed_in_spanish == ids(index, "abogado", prefer_language="es")
    assert typed_in_spanish[-1] == "evergreen-law"
    assert ids(index, "abogado", prefer_language="en")[-1] != "evergreen-law"


def test_open_at_keeps_only_resources_known_to_be_open(index: SearchIndex) -> None:
    by_day = ids(index, "seattle", open_at=MONDAY_10AM, limit=20)
    by_night = ids(index, "seattle", open_at=MONDAY_11PM, limit=20)
    assert set(by_day) == {"seattle-lawyers", "harbor-house", "freedom-line", "justice-network"}
    assert set(by_night) == {"harbor-house", "freedom-line", "night-owl"}
    # "By appointment" (a note only) and no hours at all are unknown: left out when filtering.
    everything = ids(index, "seattle", limit=20)
    assert "eastside-counseling" in everything
    assert "evergreen-law" in everything
    for hit in index.search("seattle", open_at=MONDAY_11PM, limit=20).hits:
        assert is_open(hit.resource.hours, MONDAY_11PM) is True


def test_open_at_needs_a_time_zone(index: SearchIndex) -> None:
    with pytest.raises(ValueError, match="time zone"):
        index.search("lawyer", open_at=dt.datetime(2026, 11, 23, 10, 0))


def test_unknown_ids_are_refused(index: SearchIndex) -> None:
    with pytest.raises(ValueError, match="unknown category"):
        index.search("lawyer", category="food")
    with pytest.raises(ValueError, match="unknown region"):
        index.search("lawyer", region="wa-pierce")
    with pytest.raises(ValueError, match="unknown region"):
        index.browse("legal", "atlantis")


def test_inactive_resources_never_appear(index: SearchIndex, directory: Directory) -> None:
    inactive = {r.id for r in directory.resources if not r.is_active}
    assert inactive == {"old-legal-clinic", "closed-shelter"}
    for text in ["old legal clinic", "cedar shelter", "lawyer", "shelter seattle", "seattle"]:
        for language in (None, "es"):
            found = ids(index, text, language=language, limit=50)
            assert inactive.isdisjoint(found), text
    for category in ("legal", "shelter"):
        assert inactive.isdisjoint(r.id for r in index.browse(category, None))


# --- ranking --------------------------------------------------------------------------------


def test_nothing_meaningful_finds_nothing(index: SearchIndex) -> None:
    for text in ["xyzzy", "", "   ", "?!", "I need help please", "necesito ayuda"]:
        assert index.search(text).hits == (), text


def test_a_name_or_tag_ranks_its_resource_first(index: SearchIndex) -> None:
    assert ids(index, "harbor house")[0] == "harbor-house"
    assert ids(index, "trata de personas")[0] == "freedom-line"
    assert ids(index, "night owl")[0] == "night-owl"
    assert ids(index, "nigth owl")[0] == "night-owl"  # a misspelt name


def test_a_term_adds_to_the_category(index: SearchIndex) -> None:
    result = index.search("immigration lawyer")
    scores = {h.resource.id: h.score for h in result.hits}
    # Both words are answered by the two offices tagged immigration, one of them by name.
    assert scores["seattle-lawyers"] > scores["justice-network"] > scores["evergreen-law"]
    assert [h.resource.id for h in result.hits] == ["seattle-lawyers", "justice-network",
                                                    "evergreen-law"]  # fmt: skip


def test_a_misspelling_scores_less_than_the_exact_word(index: SearchIndex) -> None:
    exact = index.search("harbor").hits[0]
    typo = index.search("harbr").hits[0]
    assert exact.resource.id == typo.resource.id == "harbor-house"
    assert typo.score < exact.score == 100


def test_limit(index: SearchIndex) -> None:
    assert len(index.search("seattle", limit=2).hits) == 2
    assert index.search("seattle", limit=0).hits == ()


TYPED_WORDS = ("lawyer", "abogado", "shelter", "seattle", "spokane", "night", "owl",
               "immigration", "xyzzy", "need", "a", "help", "trata", "women", "lawer",
               "portland", "crisis")  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(
        st.sampled_from(TYPED_WORDS),
        max_size=5,
    ),
    region=st.sampled_from([None, "us", "wa", "wa-king", "or"]),
    language=st.sampled_from([None, "en", "es"]),
    limit=st.integers(0, 12),
)
def test_every_hit_is_active_unique_within_filters_and_in_order(
    index: SearchIndex, words: list[str], region: str | None, language: str | None, limit: int
) -> None:
    directory = index.directory
    result = index.search(" ".join(words), region=region, language=language, limit=limit)
    hits = result.hits
    assert len(hits) <= limit
    assert len({h.resource.id for h in hits}) == len(hits)
    effective_region = region or result.query.region
    for hit in hits:
        assert hit.resource.is_active
        assert 0 < hit.score <= 100
        if language:
            assert language in hit.resource.languages
        if effective_region:
            assert hit.distance == directory.distance(hit.resource, effective_region)
            assert hit.distance is not None
        else:
            assert hit.distance is None
    order = [(-h.score, h.distance or 0) for h in hits]
    assert order == sorted(order)


@given(st.sets(st.integers(0, 2000)))
def test_bit_sets_round_trip(members: set[int]) -> None:
    assert list(positions(bits_of(members, 2001))) == sorted(members)


# --- browse ---------------------------------------------------------------------------------


def test_browse_lists_local_first_then_by_name(index: SearchIndex) -> None:
    assert [r.id for r in index.browse("legal", "wa-king")] == [
        "seattle-lawyers",
        "evergreen-law",
        "justice-network",
    ]
    assert [r.id for r in index.browse("legal", None)] == [
        "evergreen-law",
        "justice-network",
        "seattle-lawyers",
    ]


def test_browse_prefers_a_language_and_filters_on_opening(index: SearchIndex) -> None:
    assert [r.id for r in index.browse("legal", None, prefer_language="es")] == [
        "justice-network",
        "seattle-lawyers",
        "evergreen-law",
    ]
    assert [r.id for r in index.browse("hotline", "wa-king", open_at=MONDAY_10AM)] == [
        "freedom-line"
    ]
    assert [r.id for r in index.browse("hotline", "wa-king", open_at=MONDAY_11PM)] == [
        "night-owl",
        "freedom-line",
    ]


def test_an_empty_category_browses_to_nothing(index: SearchIndex) -> None:
    assert index.browse("therapy", "or") == ()


def test_an_index_of_nothing_answers_nothing() -> None:
    index = SearchIndex.build(directory_of([]))
    assert index.search("lawyer seattle").hits == ()
    assert index.browse("legal", "wa-king") == ()


def test_resources_with_the_same_name_keep_a_stable_order() -> None:
    twins = [resource(f"twin-{n}", "Twin Shelter", ["shelter"], ["wa-king"]) for n in (2, 1, 3)]
    index = SearchIndex.build(directory_of(twins))
    assert [r.id for r in index.browse("shelter", None)] == ["twin-1", "twin-2", "twin-3"]


# --- the shipped directory ------------------------------------------------------------------


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
