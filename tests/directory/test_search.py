"""`bot/directory/search.py`: filters, ranking and browsing over a small directory."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.directory.catalog import Directory
from bot.directory.hours import is_open
from bot.directory.search import SearchIndex
from tests.helpers.directory_builders import directory_of, resource

SEATTLE = ZoneInfo("America/Los_Angeles")
MONDAY_10AM = dt.datetime(2026, 11, 23, 10, 0, tzinfo=SEATTLE)
MONDAY_11PM = dt.datetime(2026, 11, 23, 23, 0, tzinfo=SEATTLE)


def ids(index: SearchIndex, text: str, **filters: object) -> list[str]:
    result = index.search(text, **filters)  # type: ignore[arg-type]
    return [hit.resource.id for hit in result.hits]


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


# --- asked for by name ------------------------------------------------------------------------


def test_a_place_asked_for_by_name_is_found_with_a_typo_in_all_but_one_word(
    index: SearchIndex,
) -> None:
    assert [r.id for r in index.named("harbor house")] == ["harbor-house"]
    assert [r.id for r in index.named("harbor huose")] == ["harbor-house"]
    assert [r.id for r in index.named("seattle imigrant lawyers")] == ["seattle-lawyers"]
    assert index.named("harbr huose") == []  # no word as written: not asked by name
    assert index.named("harbor") == []  # one word is a search, not a name
