"""The order of a category's list: staff's priority, 24/7 and specific lines first, referral-only
never before a line a person can call; on the shipped directory and on small examples."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.directory import list_order
from bot.directory.entries import LoadOptions
from bot.directory.load import load_directory
from bot.directory.search import SearchIndex
from tests.helpers.directory_builders import CATEGORIES, directory_of, resource

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
PHONE = [{"kind": "voice", "number": "206-245-0782"}]


@pytest.fixture(scope="module")
def shipped() -> SearchIndex:
    result = load_directory(RESOURCES, LoadOptions(today=dt.date(2026, 11, 28)))
    assert result.directory is not None, str(result.report)
    return SearchIndex.build(result.directory)


def test_legal_help_in_king_county_does_not_start_with_the_day_labour_centre(
    shipped: SearchIndex,
) -> None:
    """Regression: the list was alphabetical, so Casa Latina (a day-labour worker centre)
    came first for everyone looking for a lawyer in King County."""
    for language in ("en", "es"):
        first = shipped.browse("legal", "wa-king", prefer_language=language)[0]
        assert first.id != "casa-latina"
        assert list_order.open_24_7(first)  # KCSARC's 24-hour line


def test_a_resource_nobody_can_contact_directly_never_comes_first_or_second(
    shipped: SearchIndex,
) -> None:
    directory = shipped.directory
    regions = [None, *(r.id for r in directory.regions)]
    referral_only_seen = False
    for category in directory.categories:
        for region in regions:
            reachable = [
                list_order.reachable_directly(r) for r in shipped.browse(category.id, region)
            ]
            referral_only_seen |= not all(reachable)
            assert reachable == sorted(reachable, reverse=True), (category.id, region)
    assert referral_only_seen  # the HT Legal Center is in the shipped directory


def test_staff_priority_comes_first_within_the_same_distance() -> None:
    entries = [
        resource("alpha-aid", "Alpha Aid", ["legal"], ["wa-king"], phones=PHONE),
        resource("beta-aid", "Beta Aid", ["legal"], ["wa-king"], phones=PHONE, priority=2),
        resource("gamma-aid", "Gamma Aid", ["legal"], ["wa-king"], phones=PHONE, priority=1),
        resource("state-aid", "State Aid", ["legal"], ["wa"], phones=PHONE, priority=1),
    ]
    index = SearchIndex.build(directory_of(entries))
    assert [r.id for r in index.browse("legal", "wa-king")] == [
        "gamma-aid",
        "beta-aid",
        "alpha-aid",
        "state-aid",  # a priority never lifts a statewide service above a local one
    ]


def test_without_a_priority_24_7_and_specific_lines_come_before_general_ones() -> None:
    always = {"open_24_7": True}
    entries = [
        resource("all-round", "All Round", ["legal", "shelter", "therapy"], ["wa"], phones=PHONE),
        resource("focused", "Focused", ["legal"], ["wa"], phones=PHONE),
        resource("night-line", "Night Line", ["legal", "therapy"], ["wa"], phones=PHONE,
                 hours=always),
        resource("referral", "A Referral Centre", ["legal"], ["wa"], priority=1),
    ]  # fmt: skip
    index = SearchIndex.build(directory_of(entries))
    assert [r.id for r in index.browse("legal", "wa")] == [
        "night-line",
        "focused",
        "all-round",
        "referral",  # only a website: last, even with a priority
    ]


def test_the_preferred_language_breaks_ties_before_specificity() -> None:
    entries = [
        resource("english-only", "English Only", ["legal"], ["wa"], phones=PHONE),
        resource("bilingual", "Bilingual", ["legal", "shelter"], ["wa"], phones=PHONE,
                 languages=["en", "es"]),
    ]  # fmt: skip
    index = SearchIndex.build(directory_of(entries))
    assert [r.id for r in index.browse("legal", "wa", prefer_language="es")] == [
        "bilingual",
        "english-only",
    ]
    assert [r.id for r in index.browse("legal", "wa")] == ["english-only", "bilingual"]


def test_priority_is_a_small_whole_number() -> None:
    with pytest.raises(ValueError, match="priority"):
        resource("odd", "Odd", ["legal"], ["wa"], phones=PHONE, priority=0)


def test_a_typed_request_lists_what_says_it_does_that_help_before_a_24_7_line() -> None:
    """Someone who types "lawyer" gets, within a distance and a priority, the resources whose
    name or tags use the category's words ("legal aid") before a 24/7 line that only lists
    the category among others (NCMEC's reporting line came first for "abogado en Texas");
    the distance and staff's priority still come first."""
    legal_aid = {"en": ["legal aid"]}
    always = {"open_24_7": True}
    entries = [
        resource(
            "any-time",
            "Any Time Line",
            ["hotline", "legal"],
            ["wa-king"],
            phones=PHONE,
            hours=always,
        ),
        resource("free-aid", "Free Aid", ["legal"], ["wa-king"], phones=PHONE, tags=legal_aid),
        resource("state-aid", "State Aid", ["legal"], ["wa"], phones=PHONE, tags=legal_aid),
        resource("first-aid", "Chosen Line", ["legal"], ["wa-king"], phones=PHONE, priority=1),
    ]
    index = SearchIndex.build(directory_of(entries))
    legal = index.members(categories=["legal"])
    typed = index.ranked([legal], "wa-king", preferred=index.named_for("legal"))
    assert [r.id for r in typed] == ["first-aid", "free-aid", "any-time", "state-aid"]
    browsed = [r.id for r in index.browse("legal", "wa-king")]
    assert browsed == ["first-aid", "any-time", "free-aid", "state-aid"]  # 24/7 first there


def test_a_categorys_providers_decide_who_says_they_give_its_help() -> None:
    """With `providers`, a resource tagged only with a matter of the category ("wage theft")
    no longer counts as saying it gives the help ("lawyer"), so it does not come first for a
    typed "abogado" because it speaks Spanish; without them, every synonym counts."""
    entries = [
        resource(
            "worker-centre",
            "Worker Centre",
            ["legal", "jobs"],
            ["wa-king"],
            phones=PHONE,
            languages=["es"],
            tags={"en": ["wage theft"]},
        ),
        resource(
            "bar-aid", "Bar Aid", ["legal"], ["wa-king"], phones=PHONE, tags={"en": ["legal aid"]}
        ),
    ]
    plain = SearchIndex.build(directory_of(entries))
    assert _ids(plain.named_for("legal"), plain) == {"worker-centre", "bar-aid"}
    categories = [dict(c) for c in CATEGORIES]
    legal = next(c for c in categories if c["id"] == "legal")
    legal["providers"] = {"en": ["legal aid", "lawyer"], "es": ["abogado"]}
    index = SearchIndex.build(directory_of(entries, categories))
    assert _ids(index.named_for("legal"), index) == {"bar-aid"}
    members = index.members(categories=["legal"])
    ranked = index.ranked(
        [members], "wa-king", prefer_language="es", preferred=index.named_for("legal")
    )
    assert [r.id for r in ranked] == ["bar-aid", "worker-centre"]
    before = plain.ranked(
        [members], "wa-king", prefer_language="es", preferred=plain.named_for("legal")
    )
    assert [r.id for r in before] == ["worker-centre", "bar-aid"]


def _ids(bits: int, index: SearchIndex) -> set[str]:
    return {r.id for r in index.ranked([bits], None)}
