"""HSDS schedules (RFC 5545 rules) as our opening hours, or as a note when they cannot be.

WEEKLY rules (interval 1, plain days, no BYWEEKNO/BYMONTHDAY/BYYEARDAY/COUNT) become weekly
periods; 00:00-23:59 every day becomes open_24_7; "23:59" as a closing time is read as "24:00"
(HSDS's way to say end of day). The time zone comes from an IANA name in the schedule's notes,
else from the UTC offset matched to the service's regions' zone, else a fixed Etc/GMT zone.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.directory.catalog import Directory
from bot.directory.models import WEEKDAYS, Weekday
from bot.interop import hsds_values as read
from bot.interop.hsds import DAY_END, DAY_START, WEEKDAY_OF_BYDAY, Json, zone_offsets

if TYPE_CHECKING:
    from bot.interop.hsds_import_context import Notes

_IANA_ZONE = re.compile(r"\b(?:[A-Z][A-Za-z_]+/)+[A-Z][A-Za-z_]+\b")
_ZONE_SENTENCE = re.compile(r"Times are local time in [^.(]+(?:\([^)]*\))?\.\s*")


def hours(
    data: Json,
    regions: Sequence[str],
    regions_known: bool,
    *,
    directory: Directory,
    today: dt.date,
    notes: Notes,
) -> Json | None:
    """Our `hours` for the service's schedules (else its locations'), or None for none."""
    schedules = list(read.objects(data.get("schedules")))
    if not schedules:
        for link in read.objects(data.get("service_at_locations")):
            schedules += read.objects(link.get("schedules"))
    parsed = [Schedule.of(s, today) for s in schedules]
    for schedule in parsed:
        if schedule.expired:
            notes.add(f"Left out a schedule that ended on {schedule.expired}.")
    parsed = [s for s in parsed if not s.expired]
    texts = [t for s in parsed for t in s.texts()]
    weekly = [s for s in parsed if s.periods]
    problems = [p for s in parsed for p in s.problems]
    if problems or not weekly:
        if not texts:
            return None
        if problems:
            notes.add(f"Schedule kept as a note: {'; '.join(problems)}.")
        return {"note": {"en": read.join_sentences(texts)}}
    beside = [t for s in parsed for t in s.notes_texts()]
    if _always_open(weekly):
        found: Json = {"open_24_7": True}
    else:
        zones = directory.region_by_id
        region_zones = [zones[r].timezone for r in regions] if regions_known else []
        zone = _zone(weekly, region_zones, notes)
        if zone is None:
            return {"note": {"en": read.join_sentences(texts)}}
        found = {"timezone": zone, "weekly": _merge_periods(weekly)}
    if beside:
        found["note"] = {"en": read.join_sentences(beside)}
    return found


def _zone(weekly: Sequence[Schedule], region_zones: Sequence[str], notes: Notes) -> str | None:
    offsets = {s.offset for s in weekly if s.offset is not None}
    if len(offsets) > 1:
        notes.add("Schedules in several UTC offsets: kept as a note.")
        return None
    offset = next(iter(offsets), None)
    named = [z for s in weekly for z in s.zones()]
    for zone in [*named, *region_zones]:
        if offset is None or offset in zone_offsets(ZoneInfo(zone)):
            if offset is None and zone not in named:
                notes.add(f"The source gives no time zone: times read as {zone}.")
            return zone
    if offset is None:
        notes.add("The source gives no time zone for its hours: kept as a note.")
        return None
    if offset.is_integer() and -12 <= offset <= 14:  # the Etc/GMT zones that exist
        zone = "Etc/UTC" if offset == 0 else f"Etc/GMT{-int(offset):+d}"
        notes.add(f"Hours are in UTC{offset:+g} all year ({zone}): use the local zone.")
        return zone
    notes.add(f"Hours are in UTC{offset:+g}, which no zone here matches: kept as a note.")
    return None


@dataclass(frozen=True)
class Schedule:
    """One HSDS schedule, understood: weekly periods, or why it cannot be, plus its texts."""

    source: Json
    periods: tuple[tuple[tuple[Weekday, ...], str, str], ...] = ()
    offset: float | None = None
    problems: tuple[str, ...] = ()
    expired: dt.date | None = None

    @classmethod
    def of(cls, source: Json, today: dt.date) -> Schedule:
        for key in ("valid_to", "until"):
            last_day = read.date(source.get(key))
            if last_day is not None and last_day < today:
                return cls(source, expired=last_day)
        freq = (read.text(source.get("freq")) or "").upper()
        byday = read.text(source.get("byday"))
        opens, closes = read.text(source.get("opens_at")), read.text(source.get("closes_at"))
        if not (freq or byday or opens or closes):
            return cls(source)  # only words: a note
        problems = []
        if freq not in ("", "WEEKLY", "DAILY"):
            problems.append(f"FREQ {freq}")
        interval = read.number(source.get("interval"))
        if interval not in (None, 1):
            problems.append(f"INTERVAL {interval:g}")
        for key in ("byweekno", "bymonthday", "byyearday", "count"):
            if read.text(source.get(key)):
                problems.append(key.upper())
        days: list[Weekday] = []
        if byday:
            for code in (c.strip().upper() for c in byday.split(",")):
                day = WEEKDAY_OF_BYDAY.get(code)
                if day is None:
                    problems.append(f"BYDAY {code}")
                elif day not in days:
                    days.append(day)
        elif freq == "DAILY":
            days = list(WEEKDAYS)
        else:
            problems.append("no BYDAY")
        start, end = read.clock(opens), read.clock(closes)
        if start is None or end is None:
            problems.append(f"opening times {opens!r} to {closes!r}")
        if problems or start is None or end is None:
            return cls(source, problems=tuple(problems))
        (opens_at, opens_offset), (closes_at, closes_offset) = start, end
        if closes_at == DAY_END or (opens_at, closes_at) == (DAY_START, DAY_START):
            closes_at = "24:00"  # end of the day
        if opens_offset != closes_offset and None not in (opens_offset, closes_offset):
            return cls(source, problems=("opens and closes in different offsets",))
        offset = read.number(source.get("timezone"))
        if offset is None:
            offset = opens_offset if opens_offset is not None else closes_offset
        if opens_at == closes_at and opens_at != DAY_START:
            return cls(source, problems=(f"opens and closes at {opens_at}",))
        ordered = tuple(d for d in WEEKDAYS if d in days)
        return cls(source, periods=((ordered, opens_at, closes_at),), offset=offset)

    def texts(self) -> list[str]:
        """Every human-readable word the schedule carries, or a summary of its fields."""
        found = [t for t in (read.text(self.source.get(k)) for k in ("description", "notes")) if t]
        found = [_ZONE_SENTENCE.sub("", t).strip() or t for t in found]
        if found:
            return found
        fields = ("freq", "byday", "opens_at", "closes_at")
        return [
            " ".join(f"{k}={read.text(self.source.get(k))}" for k in fields if self.source.get(k))
        ]

    def notes_texts(self) -> list[str]:
        """Notes beside a weekly rule (the description only restates the rule)."""
        if not self.periods:
            return self.texts()
        notes = read.text(self.source.get("notes"))
        rest = _ZONE_SENTENCE.sub("", notes).strip() if notes else ""
        return [rest] if rest else []

    def zones(self) -> list[str]:
        """IANA zones named in the schedule's words (our export names its zone in `notes`)."""
        words_ = " ".join(
            t
            for t in (read.text(self.source.get(k)) for k in ("timezone", "notes", "description"))
            if t
        )
        zones = []
        for name in _IANA_ZONE.findall(words_):
            try:
                ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
            zones.append(name)
        return zones


def _always_open(weekly: Sequence[Schedule]) -> bool:
    full_days: set[Weekday] = set()
    for schedule in weekly:
        for days, opens, closes in schedule.periods:
            if opens == DAY_START and closes in ("24:00", DAY_START):
                full_days.update(days)
    return full_days == set(WEEKDAYS)


def _merge_periods(weekly: Sequence[Schedule]) -> list[Json]:
    """Periods with the same times share one entry: Mon-Fri 10:00-16:00 stays one line."""
    by_times: dict[tuple[str, str], list[Weekday]] = {}
    for schedule in weekly:
        for days, opens, closes in schedule.periods:
            merged = by_times.setdefault((opens, closes), [])
            merged += [d for d in days if d not in merged]
    return [
        {"days": [d for d in WEEKDAYS if d in days], "opens": opens, "closes": closes}
        for (opens, closes), days in by_times.items()
    ]
