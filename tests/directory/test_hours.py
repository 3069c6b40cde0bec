"""Opening hours: weekly schedules on the local wall clock, past midnight and across DST."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from bot.directory.hours import is_open, minute_of_week, schedule_of
from bot.directory.models import WEEKDAYS, Hours, Weekday
from tests.helpers.directory_builders import weekly_hours

UTC = dt.UTC
SEATTLE = ZoneInfo("America/Los_Angeles")
NEW_YORK = ZoneInfo("America/New_York")
ZONES = ("America/Los_Angeles", "America/New_York", "America/Chicago", "Pacific/Honolulu",
         "Europe/Madrid", "Australia/Lord_Howe", "Asia/Kolkata")  # fmt: skip


def seattle(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=SEATTLE)


# 2026-11-23 is a Monday; 2026-11-27 a Friday; 2026-11-29 a Sunday.
MONDAY, FRIDAY, SATURDAY, SUNDAY = 23, 27, 28, 29
OFFICE = weekly_hours((["mon", "tue", "wed", "thu", "fri"], "09:00", "17:00"))


def test_a_naive_datetime_is_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        is_open(OFFICE, dt.datetime(2026, 11, 23, 10, 0))
    with pytest.raises(ValueError, match="time zone"):
        is_open(None, dt.datetime(2026, 11, 23, 10, 0))


def test_unknown_hours_give_none() -> None:
    note_only = Hours.model_validate({"note": {"en": "By appointment", "es": "Con cita"}})
    assert is_open(None, seattle(2026, 11, MONDAY, 10)) is None
    assert is_open(note_only, seattle(2026, 11, MONDAY, 10)) is None


def test_open_24_7_is_open_at_3am_on_a_sunday() -> None:
    assert is_open(Hours(open_24_7=True), seattle(2026, 11, SUNDAY, 3)) is True


@pytest.mark.parametrize(
    ("day", "hour", "minute", "expected"),
    [
        (MONDAY, 8, 59, False),
        (MONDAY, 9, 0, True),
        (MONDAY, 16, 59, True),
        (MONDAY, 17, 0, False),
        (FRIDAY, 12, 0, True),
        (SATURDAY, 12, 0, False),
    ],
)
def test_office_hours(day: int, hour: int, minute: int, expected: bool) -> None:
    assert is_open(OFFICE, seattle(2026, 11, day, hour, minute)) is expected


def test_a_period_closing_before_it_opens_runs_past_midnight() -> None:
    friday_night = weekly_hours((["fri"], "22:00", "02:00"))
    assert is_open(friday_night, seattle(2026, 11, FRIDAY, 21, 59)) is False
    assert is_open(friday_night, seattle(2026, 11, FRIDAY, 23, 0)) is True
    assert is_open(friday_night, seattle(2026, 11, SATURDAY, 1, 0)) is True
    assert is_open(friday_night, seattle(2026, 11, SATURDAY, 2, 0)) is False
    # Only Friday night: early Friday morning belongs to a Thursday night that is not listed.
    assert is_open(friday_night, seattle(2026, 11, FRIDAY, 1, 0)) is False


def test_sunday_night_runs_into_monday_morning() -> None:
    sunday_night = weekly_hours((["sun"], "20:00", "06:00"))
    assert is_open(sunday_night, seattle(2026, 11, SUNDAY, 19, 59)) is False
    assert is_open(sunday_night, seattle(2026, 11, SUNDAY, 23, 30)) is True
    assert is_open(sunday_night, seattle(2026, 11, MONDAY + 7, 5, 59)) is True
    assert is_open(sunday_night, seattle(2026, 11, MONDAY + 7, 6, 0)) is False
    assert is_open(sunday_night, seattle(2026, 11, MONDAY, 5, 0)) is True  # the week before


def test_24_00_means_the_end_of_the_day() -> None:
    evening = weekly_hours((["mon"], "18:00", "24:00"))
    assert is_open(evening, seattle(2026, 11, MONDAY, 23, 59)) is True
    assert is_open(evening, seattle(2026, 11, MONDAY + 1, 0, 0)) is False


def test_several_periods_on_one_day() -> None:
    split = weekly_hours((["mon"], "09:00", "12:00"), (["mon"], "13:00", "17:00"))
    assert is_open(split, seattle(2026, 11, MONDAY, 11, 0)) is True
    assert is_open(split, seattle(2026, 11, MONDAY, 12, 30)) is False
    assert is_open(split, seattle(2026, 11, MONDAY, 13, 0)) is True


def test_the_schedule_follows_the_wall_clock_across_the_spring_dst_change() -> None:
    # 2026-03-08: clocks in Seattle jump from 02:00 PST to 03:00 PDT.
    early_sunday = weekly_hours((["sun"], "01:00", "04:00"))
    assert is_open(early_sunday, dt.datetime(2026, 3, 8, 8, 30, tzinfo=UTC)) is False  # 00:30
    assert is_open(early_sunday, dt.datetime(2026, 3, 8, 9, 59, tzinfo=UTC)) is True  # 01:59 PST
    assert is_open(early_sunday, dt.datetime(2026, 3, 8, 10, 30, tzinfo=UTC)) is True  # 03:30 PDT
    assert is_open(early_sunday, dt.datetime(2026, 3, 8, 11, 0, tzinfo=UTC)) is False  # 04:00 PDT
    # The Friday before, 09:00 is 17:00 UTC; the Monday after, it is 16:00 UTC.
    assert is_open(OFFICE, dt.datetime(2026, 3, 6, 16, 30, tzinfo=UTC)) is False
    assert is_open(OFFICE, dt.datetime(2026, 3, 9, 16, 30, tzinfo=UTC)) is True


def test_the_repeated_hour_of_the_autumn_dst_change_is_open_both_times() -> None:
    # 2026-11-01: 01:00-02:00 happens twice in Seattle, first in PDT then in PST.
    one_am = weekly_hours((["sun"], "01:00", "02:00"))
    assert is_open(one_am, dt.datetime(2026, 11, 1, 8, 30, tzinfo=UTC)) is True  # 01:30 PDT
    assert is_open(one_am, dt.datetime(2026, 11, 1, 9, 30, tzinfo=UTC)) is True  # 01:30 PST
    assert is_open(one_am, dt.datetime(2026, 11, 1, 10, 0, tzinfo=UTC)) is False  # 02:00 PST


def test_a_schedule_is_read_in_its_own_time_zone() -> None:
    new_york_office = weekly_hours((["mon"], "09:00", "17:00"), zone="America/New_York")
    assert is_open(new_york_office, seattle(2026, 11, MONDAY, 6, 30)) is True  # 09:30 in NY
    assert is_open(new_york_office, seattle(2026, 11, MONDAY, 14, 0)) is False  # 17:00 in NY
    tokyo = ZoneInfo("Asia/Tokyo")
    # Tuesday 00:30 in Tokyo is Monday 10:30 in New York.
    assert is_open(new_york_office, dt.datetime(2026, 11, 24, 0, 30, tzinfo=tokyo)) is True


def test_minute_of_week_counts_from_monday_midnight_local() -> None:
    assert minute_of_week(seattle(2026, 11, MONDAY, 0, 0), SEATTLE) == 0
    assert minute_of_week(seattle(2026, 11, SUNDAY, 23, 59), SEATTLE) == 7 * 1440 - 1
    assert minute_of_week(seattle(2026, 11, MONDAY, 6, 0), NEW_YORK) == 9 * 60


@given(st.datetimes(timezones=st.timezones()))
def test_a_24_7_resource_is_always_open(at: dt.datetime) -> None:
    assume(at.utcoffset() is not None)
    assert is_open(Hours(open_24_7=True), at) is True


def _clock_times() -> st.SearchStrategy[str]:
    return st.builds(
        lambda h, m: f"{h:02d}:{m:02d}", st.integers(0, 23), st.integers(0, 59)
    ) | st.just("24:00")


def _wall_time(date: dt.date, clock: str, zone: ZoneInfo, minus_minutes: int = 0) -> dt.datetime:
    hours, minutes = map(int, clock.split(":"))
    local = dt.datetime.combine(date, dt.time(0, 0))
    local += dt.timedelta(hours=hours, minutes=minutes - minus_minutes)
    at = local.replace(tzinfo=zone)
    # Skip wall times that do not exist (the hour lost when clocks go forward).
    assume(at.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == local)
    return at


@given(
    day=st.sampled_from(WEEKDAYS),
    opens=_clock_times(),
    closes=_clock_times(),
    zone_name=st.sampled_from(ZONES),
    some_day=st.dates(dt.date(2020, 1, 1), dt.date(2035, 12, 31)),
)
def test_a_schedule_opens_at_opens_and_closes_exactly_at_closes(
    day: Weekday, opens: str, closes: str, zone_name: str, some_day: dt.date
) -> None:
    assume(opens != closes and opens != "24:00")
    zone = ZoneInfo(zone_name)
    hours = weekly_hours(([day], opens, closes), zone=zone_name)
    date = some_day + dt.timedelta(days=(WEEKDAYS.index(day) - some_day.weekday()) % 7)
    closing_date = date + dt.timedelta(days=1) if closes < opens else date
    opening = _wall_time(date, opens, zone)
    closing = _wall_time(closing_date, closes, zone)
    assert is_open(hours, opening) is True
    assert is_open(hours, closing) is False
    last_minute = _wall_time(closing_date, closes, zone, minus_minutes=1)
    assume(last_minute.replace(tzinfo=None) > opening.replace(tzinfo=None))
    assert is_open(hours, last_minute) is True


def test_the_compiled_schedule_agrees_with_is_open() -> None:
    schedule = schedule_of(OFFICE)
    at = seattle(2026, 11, MONDAY, 10)
    assert schedule.is_open(at) is is_open(OFFICE, at) is True
    assert schedule.is_open_at_minute(minute_of_week(at, SEATTLE)) is True
