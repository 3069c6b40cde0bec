"""`bot/interop/hsds_import_hours.py`: HSDS schedules as opening hours, in the right time zone,
or as a note when they cannot be."""

from __future__ import annotations

from typing import Any

from bot.directory.catalog import Directory
from bot.directory.models import Hours
from tests.interop.importing import import_one, note


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
