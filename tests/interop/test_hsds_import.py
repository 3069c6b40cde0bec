"""`bot/interop/hsds_import.py`: HSDS services become draft entries that load, each marked for
review with every guess and omission named."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from bot.directory.catalog import Directory
from bot.directory.entries import LoadOptions
from bot.directory.load import load_directory
from bot.directory.models import Hours, PhoneKind, Resource, Status
from bot.interop.hsds_import import ImportOptions, import_services, slugify
from bot.interop.hsds_read import HsdsInput, HsdsService, read_hsds
from bot.interop.yaml_writer import resources_yaml
from tests.interop.conftest import TODAY
from tests.interop.hsds_schemas import EXAMPLES

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
OPTIONS = ImportOptions(today=TODAY)


def import_one(reference: Directory, options: ImportOptions = OPTIONS, **fields: Any) -> Resource:
    """Import one service made of `fields` (a name, a way to reach it, and a status added)."""
    data: dict[str, Any] = {
        "id": "0b5f4c1e-9f6a-4d2b-8c3e-1a2b3c4d5e6f",
        "name": "Test Service",
        "status": "active",
        "url": "https://example.org",
        **fields,
    }
    result = import_services(
        HsdsInput("JSON file test.json", (HsdsService(data, "test.json"),)), reference, options
    )
    assert result.skipped == (), result.skipped
    [resource] = result.resources
    return resource


def note(resource: Resource) -> str:
    assert resource.review_note is not None
    return resource.review_note


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


# Phones


def test_phone_kinds_and_numbers_that_fail_are_named_not_fixed(reference: Directory) -> None:
    resource = import_one(
        reference,
        phones=[
            {"number": "(206) 337-6155", "type": "voice"},
            {"number": "206-555-01", "type": "voice"},  # too short
            {"number": "(206) 555-0101", "type": "fax"},
            {"number": "206.555.0102", "type": "text", "description": "Keyword: HELP"},
            {"number": "1-800-555-0103", "type": "textphone"},
            {"number": "+1 206 555 0104", "type": "text", "description": "WhatsApp. Spanish"},
            {"number": "(206) 555-0105", "type": "cell"},
            {"number": "(206) 555-0106", "type": "satellite"},
        ],
    )
    assert [(p.kind, p.number) for p in resource.phones] == [
        (PhoneKind.VOICE, "(206) 337-6155"),
        (PhoneKind.SMS, "206.555.0102"),
        (PhoneKind.TTY, "1-800-555-0103"),
        (PhoneKind.WHATSAPP, "+1 206 555 0104"),
        (PhoneKind.VOICE, "(206) 555-0105"),
        (PhoneKind.VOICE, "(206) 555-0106"),
    ]
    assert resource.phones[1].keyword == "HELP"
    assert resource.phones[3].label is not None and resource.phones[3].label.en == "Spanish"
    text = note(resource)
    assert "Left out phone '206-555-01': not a valid number (not corrected: check it)." in text
    assert "Left out fax number '(206) 555-0101'." in text
    assert "Phone '(206) 555-0106' has type 'satellite': read as voice." in text


def test_a_number_given_as_a_json_number_keeps_its_digits(reference: Directory) -> None:
    resource = import_one(reference, phones=[{"number": 2065550100, "extension": 12}])
    [phone] = resource.phones
    assert phone.number == "2065550100"
    assert phone.label is not None and phone.label.en == "Extension 12"


def test_the_organizations_phones_when_the_service_has_none(reference: Directory) -> None:
    resource = import_one(
        reference,
        organization={"name": "Parent Org", "phones": [{"number": "(206) 555-0110"}]},
    )
    assert [p.number for p in resource.phones] == ["(206) 555-0110"]
    assert resource.organization == "Parent Org"
    assert "The phones are the organization's" in note(resource)


def test_a_service_with_no_valid_way_to_reach_it_is_skipped(reference: Directory) -> None:
    data = {"id": "x", "name": "Unreachable", "status": "active", "phones": [{"number": "12"}]}
    result = import_services(
        HsdsInput("JSON file x.json", (HsdsService(data, "x.json"),)), reference, OPTIONS
    )
    assert result.resources == ()
    [skipped] = result.skipped
    assert skipped.name == "Unreachable"
    assert "give at least one way to reach it" in skipped.reason


# Addresses


def test_a_physical_address_is_kept(reference: Directory) -> None:
    resource = import_one(
        reference,
        service_at_locations=[
            {
                "location": {
                    "location_type": "physical",
                    "addresses": [
                        {
                            "address_1": "401 5th Ave",
                            "address_2": "Suite 100",
                            "city": "Seattle",
                            "state_province": "WA",
                            "postal_code": "98104",
                            "country": "us",
                            "address_type": "physical",
                        }
                    ],
                }
            }
        ],
    )
    assert resource.address is not None
    assert resource.address.model_dump() == {
        "street": "401 5th Ave, Suite 100",
        "city": "Seattle",
        "region": "WA",
        "postal_code": "98104",
        "country": "US",
    }
    assert resource.regions == ("wa-king",)  # no service area: the city says where
    assert "Region 'wa-king' taken from the address." in note(resource)


HIDDEN = {
    "address_1": "1 Hidden Rd",
    "city": "Kent",
    "state_province": "WA",
    "postal_code": "98032",
    "country": "US",
    "address_type": "physical",
}


def test_a_shelter_never_gets_an_address(reference: Directory) -> None:
    resource = import_one(
        reference,
        name="Safe Night Shelter",
        description="Emergency shelter for women.",
        service_at_locations=[
            {
                "location": {
                    "location_type": "physical",
                    "addresses": [HIDDEN],
                }
            }
        ],
    )
    assert "shelter" in resource.categories
    assert resource.address is None
    assert "1 Hidden Rd" not in resources_yaml([resource])
    assert "Address left out: a shelter's address is never published." in note(resource)


def test_an_address_is_left_out_when_the_words_speak_of_shelter(reference: Directory) -> None:
    resource = import_one(
        reference,
        description="Legal advice, and a safe place to sleep for the night.",
        attributes=[term("Legal help")],
        service_at_locations=[{"location": {"location_type": "physical", "addresses": [HIDDEN]}}],
    )
    assert resource.categories == ("legal",)
    assert resource.address is None
    assert "Address left out: the service may be a shelter" in note(resource)


def test_a_chat_is_a_virtual_location_that_says_chat(reference: Directory) -> None:
    resource = import_one(
        reference,
        service_at_locations=[
            {"location": {"location_type": "virtual", "url": "https://example.org/a"}},
            {
                "location": {
                    "location_type": "virtual",
                    "name": "Online chat",
                    "url": "https://example.org/chat",
                }
            },
        ],
    )
    assert resource.chat_url == "https://example.org/chat"


# Hours


def weekday_schedule() -> dict[str, Any]:
    """An HSDS schedule row: weekdays, 9 to 5."""
    return {"freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR", "opens_at": "09:00", "closes_at": "17:00"}


def hours_of(reference: Directory, schedules: list[dict[str, Any]], **fields: Any) -> Hours:
    resource = import_one(reference, schedules=schedules, **fields)
    assert resource.hours is not None
    return resource.hours


SEATTLE: dict[str, Any] = {"service_areas": [{"name": "Seattle"}]}


def test_a_weekly_rule_with_an_offset_takes_the_regions_zone(reference: Directory) -> None:
    hours = hours_of(reference, [{**weekday_schedule(), "timezone": -8}], **SEATTLE)
    assert hours.timezone == "America/Los_Angeles"
    assert [p.model_dump() for p in hours.weekly] == [
        {"days": ("mon", "tue", "wed", "thu", "fri"), "opens": "09:00", "closes": "17:00"}
    ]
    summer = hours_of(
        reference,
        [{**weekday_schedule(), "opens_at": "09:00-07:00", "closes_at": "17:00-07:00"}],
        **SEATTLE,
    )
    assert summer.timezone == "America/Los_Angeles"


def test_an_offset_no_region_explains_becomes_a_fixed_zone(reference: Directory) -> None:
    resource = import_one(reference, schedules=[{**weekday_schedule(), "timezone": 3}])
    assert resource.hours is not None and resource.hours.timezone == "Etc/GMT-3"
    assert "Hours are in UTC+3 all year (Etc/GMT-3): use the local zone." in note(resource)


def test_a_zone_named_instead_of_an_offset_is_used(reference: Directory) -> None:
    hours = hours_of(reference, [{**weekday_schedule(), "timezone": "America/New_York"}])
    assert hours.timezone == "America/New_York"


def test_no_time_zone_is_read_as_the_regions_zone_and_said_so(reference: Directory) -> None:
    resource = import_one(reference, schedules=[weekday_schedule()], **SEATTLE)
    assert resource.hours is not None and resource.hours.timezone == "America/Los_Angeles"
    assert "The source gives no time zone: times read as America/Los_Angeles." in note(resource)


def test_no_time_zone_and_no_region_keeps_the_hours_as_words(reference: Directory) -> None:
    schedule = {**weekday_schedule(), "description": "Weekdays 9 to 5"}
    resource = import_one(reference, schedules=[schedule])
    assert resource.hours is not None
    assert resource.hours.weekly == ()
    assert resource.hours.note is not None and resource.hours.note.en == "Weekdays 9 to 5."


def test_rules_we_cannot_express_become_a_note(reference: Directory) -> None:
    monthly = {
        "freq": "MONTHLY",
        "byday": "1SA",
        "opens_at": "09:00",
        "closes_at": "12:00",
        "description": "First Saturday of the month, 9 to 12",
    }
    resource = import_one(reference, schedules=[monthly], **SEATTLE)
    assert resource.hours is not None and resource.hours.weekly == ()
    assert resource.hours.note is not None
    assert resource.hours.note.en == "First Saturday of the month, 9 to 12."
    assert "Schedule kept as a note: FREQ MONTHLY; BYDAY 1SA." in note(resource)


def test_all_day_every_day_is_open_24_7(reference: Directory) -> None:
    always = {
        "freq": "WEEKLY",
        "byday": "MO,TU,WE,TH,FR,SA,SU",
        "opens_at": "00:00",
        "closes_at": "23:59",
    }
    assert hours_of(reference, [always]).open_24_7
    split = [
        {**always, "byday": "MO,TU,WE"},
        {**always, "byday": "TH,FR,SA,SU", "closes_at": "00:00"},
    ]
    assert hours_of(reference, split).open_24_7


def test_days_sharing_times_are_one_period_and_late_nights_end_at_midnight(
    reference: Directory,
) -> None:
    hours = hours_of(
        reference,
        [
            {**weekday_schedule(), "byday": "MO,WE", "timezone": -8},
            {**weekday_schedule(), "byday": "FR", "timezone": -8},
            {
                **weekday_schedule(),
                "byday": "SA",
                "opens_at": "18:00",
                "closes_at": "23:59",
                "timezone": -8,
            },
        ],
        **SEATTLE,
    )
    assert [(p.days, p.opens, p.closes) for p in hours.weekly] == [
        (("mon", "wed", "fri"), "09:00", "17:00"),
        (("sat",), "18:00", "24:00"),
    ]


def test_expired_schedules_are_left_out(reference: Directory) -> None:
    old = {**weekday_schedule(), "valid_to": "2024-12-31", "timezone": -8}
    current = {**weekday_schedule(), "byday": "SA", "timezone": -8}
    resource = import_one(reference, schedules=[old, current], **SEATTLE)
    assert resource.hours is not None
    assert [p.days for p in resource.hours.weekly] == [("sat",)]
    assert "Left out a schedule that ended on 2024-12-31." in note(resource)


# Languages, eligibility, cost, dates, status


def test_languages_by_any_iso_code_or_english_name(reference: Directory) -> None:
    resource = import_one(
        reference,
        languages=[
            {"code": "en-US"},
            {"code": "spa"},
            {"name": "Vietnamese"},
            {"code": "ES"},
            {"code": "klingon"},
        ],
    )
    assert resource.languages == ("en", "es", "vi")
    assert "Language 'klingon' not recognised: left out." in note(resource)


def test_ages_alone_become_an_eligibility_note(reference: Directory) -> None:
    resource = import_one(reference, minimum_age="12", maximum_age=24)
    assert resource.eligibility is not None and resource.eligibility.note is not None
    assert resource.eligibility.note.en == "Ages 12 to 24."


@pytest.mark.parametrize(
    ("fields", "cost"),
    [
        ({"cost_options": [{"amount": 0, "currency": "USD"}]}, "free"),
        ({"fees_description": "Free of charge for everyone."}, "free"),
        ({"cost_options": [{"option": "Free"}]}, "free"),
        ({"cost_options": [{"option": "Sliding scale"}]}, "sliding-scale"),
        ({"cost_options": [{"amount": 0}, {"amount": "20"}]}, "fee"),
        ({"fees_description": "Call to ask."}, None),
        ({}, None),
    ],
)
def test_cost(reference: Directory, fields: dict[str, Any], cost: str | None) -> None:
    assert import_one(reference, **fields).cost == cost


def test_last_verified_prefers_the_assured_date_and_never_the_future(
    reference: Directory,
) -> None:
    metadata = [{"last_action_date": "2026-03-01"}, {"last_action_date": "2026-05-01"}]
    assert import_one(reference, assured_date="2026-01-15").last_verified == dt.date(2026, 1, 15)
    from_metadata = import_one(reference, assured_date="2027-01-01", metadata=metadata)
    assert from_metadata.last_verified == dt.date(2026, 5, 1)
    assert "assured_date 2027-01-01 is in the future: not used." in note(from_metadata)
    unknown = import_one(reference)
    assert unknown.last_verified == TODAY
    assert "last_verified is the import day, not a check" in note(unknown)


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("active", Status.ACTIVE),
        ("temporarily closed", Status.TEMPORARILY_CLOSED),
        ("inactive", Status.INACTIVE),
        ("defunct", Status.INACTIVE),
    ],
)
def test_status(reference: Directory, status: str, expected: Status) -> None:
    assert import_one(reference, status=status).status is expected


def test_inactive_option_keeps_unreviewed_entries_off_screen(reference: Directory) -> None:
    resource = import_one(reference, ImportOptions(today=TODAY, inactive=True))
    assert resource.status is Status.INACTIVE
    assert "Imported as inactive: set status to active once reviewed." in note(resource)


def test_html_is_stripped_from_descriptions(reference: Directory) -> None:
    resource = import_one(reference, description="<p>Free <b>legal</b> help &amp; advice.</p>")
    assert resource.description.en == "Free legal help & advice."


# Categories and regions


def term(name: str, code: str | None = None) -> dict[str, Any]:
    return {
        "taxonomy_term": {"name": name, "description": name, **({"code": code} if code else {})}
    }


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
