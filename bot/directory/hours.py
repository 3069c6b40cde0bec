"""Is a resource open at a given moment?

A weekly schedule is wall-clock time in its own time zone: "Mon-Fri 09:00-17:00" in
America/Los_Angeles is open at 09:00 Seattle time whatever the season, and zoneinfo takes care
of daylight saving. A period whose `closes` is before its `opens` runs past midnight into the
next day (Fri 22:00-02:00 is open early on Saturday), and Sunday's night runs into Monday.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.directory.models import WEEKDAYS, Hours, OpeningPeriod

MINUTES_PER_DAY = 24 * 60
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY


@dataclass(frozen=True, slots=True)
class Schedule:
    """`Hours` compiled for fast answers: merged open intervals in minutes since Monday 00:00."""

    known: bool
    always_open: bool = False
    zone: ZoneInfo | None = None
    starts: tuple[int, ...] = ()
    ends: tuple[int, ...] = ()

    def is_open(self, at: dt.datetime) -> bool | None:
        """True or False, or None when the hours are not known."""
        _require_aware(at)
        if self.always_open:
            return True
        if not self.known or self.zone is None:
            return None
        return self.is_open_at_minute(minute_of_week(at, self.zone))

    def is_open_at_minute(self, minute: int) -> bool:
        """Whether the weekly schedule is open at `minute` since Monday 00:00 local time."""
        index = bisect_right(self.starts, minute) - 1
        return index >= 0 and minute < self.ends[index]


UNKNOWN = Schedule(known=False)
ALWAYS_OPEN = Schedule(known=True, always_open=True)


def schedule_of(hours: Hours | None) -> Schedule:
    """Compile `hours`; a missing schedule, or one that is only a note, is unknown."""
    if hours is None:
        return UNKNOWN
    if hours.open_24_7:
        return ALWAYS_OPEN
    if not hours.weekly or hours.zone is None:
        return UNKNOWN
    intervals = sorted(i for period in hours.weekly for i in _intervals(period))
    merged: list[list[int]] = []
    for start, end in intervals:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return Schedule(
        known=True,
        zone=hours.zone,
        starts=tuple(start for start, _ in merged),
        ends=tuple(end for _, end in merged),
    )


def is_open(hours: Hours | None, at: dt.datetime) -> bool | None:
    """Whether a resource with `hours` is open at the instant `at` (which must be time-zone aware).

    True or False for a 24/7 or weekly schedule; None when the hours are unknown (none given,
    or only a note such as "by appointment").
    """
    return schedule_of(hours).is_open(at)


def minute_of_week(at: dt.datetime, zone: ZoneInfo) -> int:
    """Minutes since Monday 00:00 on the wall clock of `zone` at the instant `at`."""
    _require_aware(at)
    local = at.astimezone(zone)
    return local.weekday() * MINUTES_PER_DAY + local.hour * 60 + local.minute


def _require_aware(at: dt.datetime) -> None:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"{at!r} has no time zone: pass an aware datetime")


def _clock(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)  # "24:00" -> 1440, the end of the day


def _intervals(period: OpeningPeriod) -> list[tuple[int, int]]:
    """Half-open [start, end) minutes of the week; a run past Sunday midnight wraps to Monday."""
    opens, closes = _clock(period.opens), _clock(period.closes)
    result = []
    for day in period.days:
        start = WEEKDAYS.index(day) * MINUTES_PER_DAY + opens
        end = start - opens + closes + (MINUTES_PER_DAY if closes < opens else 0)
        if start >= MINUTES_PER_WEEK:  # Sunday "24:00-02:00" is Monday 00:00-02:00
            start, end = start - MINUTES_PER_WEEK, end - MINUTES_PER_WEEK
        if end <= MINUTES_PER_WEEK:
            result.append((start, end))
        else:
            result.append((start, MINUTES_PER_WEEK))
            result.append((0, end - MINUTES_PER_WEEK))
    return result
