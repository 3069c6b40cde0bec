"""`bot/interop/hsds_import.py`: HSDS services become draft entries that load, each marked for
review with every guess and omission named; their categories, regions and ids."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from bot.directory.catalog import Directory
from bot.directory.entries import LoadOptions
from bot.directory.load import load_directory
from bot.directory.models import Status
from bot.interop.hsds_import import ImportOptions, import_services, slugify
from bot.interop.hsds_read import HsdsInput, HsdsService, read_hsds
from bot.interop.yaml_writer import resources_yaml
from tests.interop.conftest import TODAY
from tests.interop.hsds_schemas import EXAMPLES
from tests.interop.importing import OPTIONS, import_one, note, term

SERVICE_EXAMPLES = [
    "organization_full.json",
    "service_at_location_full.json",
    "service_at_location_list.json",
    "service_full.json",
    "service_list.json",
    "tabular.json",
    "csv",
]
NO_SERVICE_EXAMPLES = [
    "base.json",
    "location.json",
    "organization_list.json",
    "taxonomy.json",
    "taxonomy_list.json",
    "taxonomy_term.json",
    "taxonomy_term_list.json",
]


# Every example HSDS ships


def test_every_reference_example_is_covered() -> None:
    shipped = {p.name for p in EXAMPLES.iterdir()}
    assert shipped == set(SERVICE_EXAMPLES) | set(NO_SERVICE_EXAMPLES)


@pytest.mark.parametrize("example", SERVICE_EXAMPLES)
def test_each_example_imports_into_a_file_that_loads(
    example: str, reference: Directory, import_dir: Path
) -> None:
    hsds = read_hsds(EXAMPLES / example)
    result = import_services(hsds, reference, OPTIONS)
    assert result.skipped == ()
    assert [r.name for r in result.resources] == ["Community Counselling"]
    path = import_dir / "imported.yaml"
    path.write_text(resources_yaml(result.resources), encoding="utf-8")
    loaded = load_directory(import_dir, LoadOptions(today=TODAY))
    assert loaded.directory is not None, str(loaded.report)
    assert loaded.report.errors == []
    [resource] = loaded.directory.resources
    assert resource.needs_review
    assert note(resource).startswith("Imported on 2026-11-28 from HSDS (")
    assert "service ac148810-d857-441c-9679-408f346de14b" in note(resource)


@pytest.mark.parametrize("example", NO_SERVICE_EXAMPLES)
def test_examples_without_services_import_nothing(example: str, reference: Directory) -> None:
    result = import_services(read_hsds(EXAMPLES / example), reference, OPTIONS)
    assert result.resources == ()
    assert result.skipped == ()


def test_the_full_service_example_field_by_field(reference: Directory) -> None:
    [resource] = import_services(
        read_hsds(EXAMPLES / "service_full.json"), reference, OPTIONS
    ).resources
    assert resource.id == "community-counselling"
    assert resource.organization == "Example Organization Inc."
    assert resource.description.en.startswith("Counselling Services provided by trained")
    assert resource.description.languages == {"en"}
    assert resource.categories == ("therapy",)  # its taxonomy term is just "name"
    assert resource.regions == ("us",)  # "MyCity" is none of our places
    # The example writes its number inside quote marks: not dialable, so it is left out
    # (never corrected) and the review note names it.
    assert resource.phones == ()
    assert '"+44 1234 234567"' in note(resource)
    assert resource.website == "http://example.com/counselling"
    assert resource.email == "email@example.com"
    assert resource.address is None  # the only address is postal
    assert resource.hours is None  # the schedule ended in 2005
    assert resource.languages == ("ur",)
    assert resource.interpreters
    assert resource.eligibility is not None and resource.eligibility.note is not None
    assert resource.eligibility.note.en.startswith("This service is intended for all people")
    assert resource.cost == "fee"  # 35 gbp per session
    assert resource.last_verified == dt.date(2005, 1, 1)  # assured_date
    assert resource.status is Status.ACTIVE
    text = note(resource)
    for expected in (
        "Taxonomy terms 'name' match none of our categories.",
        "Categories guessed from the name: therapy.",
        "Region set to 'us': narrow it if the service is local.",
        "Only a postal address in the source",
        "Left out a schedule that ended on 2005-01-01.",
        "The source's alert: Following COVID-19 we have moved most of our counselling sessions",
    ):
        assert expected in text


# Categories and regions


@pytest.mark.parametrize(
    ("attributes", "categories"),
    [
        ([term("Whatever", code="legal")], ("legal",)),  # our own code
        ([term("Líneas de ayuda")], ("hotline",)),  # a label, in Spanish, accents and all
        ([term("Counseling")], ("therapy",)),  # a synonym
        ([term("Emergency shelter for families")], ("shelter",)),  # what search understands
        ([term("Medical care"), term("Legal help"), term("Medical care")], ("medical", "legal")),
    ],
)
def test_categories_from_taxonomy_terms(
    reference: Directory, attributes: list[dict[str, Any]], categories: tuple[str, ...]
) -> None:
    resource = import_one(reference, attributes=attributes)
    assert resource.categories == categories
    assert "guessed" not in note(resource)


def test_inexact_matches_are_named_for_the_reviewer(reference: Directory) -> None:
    resource = import_one(
        reference,
        attributes=[term("Emergency shelter for families"), term("Legal help")],
        service_areas=[{"name": "Residents of Washington, DC"}],
    )
    text = note(resource)
    assert "Taxonomy term 'Emergency shelter for families' read as category 'shelter'." in text
    assert "Legal help' read as" not in text  # an exact label needs no word
    # Not the state of Washington: the place names say DC, which only the country covers.
    assert resource.regions == ("us",)
    assert "Service area 'Residents of Washington, DC' read as region 'us'." in text


def test_unknown_kinds_of_help_get_the_default_and_say_so(reference: Directory) -> None:
    resource = import_one(reference, name="Food Pantry", description="Groceries every Tuesday.")
    assert resource.categories == ("advocacy",)
    assert "No category recognised: set to 'advocacy', probably wrong." in note(resource)
    other = import_one(
        reference, ImportOptions(today=TODAY, default_category="hotline"), name="Food Pantry"
    )
    assert other.categories == ("hotline",)


@pytest.mark.parametrize(
    ("areas", "regions"),
    [
        ([{"name": "Seattle and King County"}], ("wa-king",)),
        ([{"name": "Washington State"}, {"name": "Burien"}], ("wa", "wa-king")),
        ([{"name": "Residents of Spokane"}], ("wa",)),
        ([{"name": "Anywhere in the US"}], ("us",)),
        ([{"description": "Nationwide"}], ("us",)),
    ],
)
def test_regions_from_service_areas(
    reference: Directory, areas: list[dict[str, Any]], regions: tuple[str, ...]
) -> None:
    assert import_one(reference, service_areas=areas).regions == regions


def test_an_unknown_area_is_named_and_the_region_is_us(reference: Directory) -> None:
    resource = import_one(reference, service_areas=[{"name": "The Northern Territories"}])
    assert resource.regions == ("us",)
    text = note(resource)
    assert "Service area 'The Northern Territories' matches none of our regions." in text
    assert "Region set to 'us': narrow it if the service is local." in text
    # A US place outside every listed region is read as the country, and said so.
    elsewhere = import_one(reference, service_areas=[{"name": "Multnomah County, Oregon"}])
    assert elsewhere.regions == ("us",)
    assert "Service area 'Multnomah County, Oregon' read as region 'us'." in note(elsewhere)


# Ids


def test_ids_are_short_unique_slugs_of_the_name() -> None:
    taken = {"youthcare"}
    assert slugify("YouthCare", taken) == "youthcare-2"
    assert slugify("Línea de Ayuda — 24/7!", taken) == "linea-de-ayuda-24-7"
    long_name = "King County Bar Association Neighborhood Legal Clinics Program"
    first, second = slugify(long_name, taken), slugify(long_name, taken)
    assert first == "king-county-bar-association-neighborhood"
    assert second == "king-county-bar-association-2"
    assert all(len(i) <= 40 and not i.endswith("-") for i in taken)
    assert slugify("!!!", taken) == "service"


def test_ids_avoid_the_directory_and_each_other(reference: Directory, shipped: Directory) -> None:
    services = tuple(
        HsdsService(
            {"id": str(n), "name": "RAINN", "status": "active", "url": "https://rainn.org"}, "x"
        )
        for n in range(2)
    )
    result = import_services(HsdsInput("test", services), shipped, OPTIONS)
    assert [r.id for r in result.resources] == ["rainn-2", "rainn-3"]
    fresh = import_services(HsdsInput("test", services), reference, OPTIONS)
    assert [r.id for r in fresh.resources] == ["rainn", "rainn-2"]


def test_the_review_note_says_where_it_came_from(reference: Directory, tmp_path: Path) -> None:
    (tmp_path / "feed.json").write_text(
        json.dumps({"id": "svc-1", "name": "Clinic", "status": "active", "url": "https://a.org"}),
        encoding="utf-8",
    )
    [resource] = import_services(read_hsds(tmp_path), reference, OPTIONS).resources
    assert note(resource).startswith(
        "Imported on 2026-11-28 from HSDS (JSON directory "
        f"{tmp_path.name}, feed.json) service svc-1: check every detail"
    )


def test_a_service_flagged_for_review_says_what_was_still_to_confirm(
    reference: Directory,
) -> None:
    """How our own export marks an entry staff doubt; the next reviewer must not lose it."""
    flagged = {
        "last_action_date": "2026-11-20",
        "last_action_type": "flagged for review",
        "field_name": "review_note",
        "replacement_value": "Confirm the phone number (206) 337-6155.",
    }
    resource = import_one(reference, metadata=[flagged])
    assert "The source marks it not yet confirmed: Confirm the phone number (206) 337-6155." in (
        note(resource)
    )
    assert resource.last_verified == dt.date(2026, 11, 20)
    plain = import_one(reference, metadata=[flagged | {"last_action_type": "update"}])
    assert "not yet confirmed" not in note(plain)
