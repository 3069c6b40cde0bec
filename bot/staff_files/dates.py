"""What to say about a date written the wrong way: the form YAML needs, and the date meant.

Staff write dates the way they write them everywhere else (11/28/2026, 28.11.2026, Nov 28 2026,
2026-1-5). The files need ISO dates (2026-11-28): `date_advice` names that form and, when the
date meant is certain, writes it out; when the day and month could be either way round
(05/06/2026), it gives both readings instead of guessing.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

ISO_FORM = "YYYY-MM-DD"

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan", "enero", "ene"),
            ("february", "feb", "febrero"),
            ("march", "mar", "marzo"),
            ("april", "apr", "abril", "abr"),
            ("may", "mayo"),
            ("june", "jun", "junio"),
            ("july", "jul", "julio"),
            ("august", "aug", "agosto", "ago"),
            ("september", "sep", "sept", "septiembre", "setiembre"),
            ("october", "oct", "octubre"),
            ("november", "nov", "noviembre"),
            ("december", "dec", "diciembre", "dic"),
        ),
        start=1,
    )
    for name in names
}
_NUMBERS = re.compile(r"^(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_WORDS = re.compile(r"[a-záéíóú]+|\d+")


def date_advice(value: Any) -> str:
    """'write it as YYYY-MM-DD: 2026-11-28', or with the two readings of an unclear date."""
    readings = _readings(str(value).strip())
    if len(readings) == 1:
        return f"write it as {ISO_FORM}: {readings[0].isoformat()}"
    if len(readings) == 2:
        first, second = readings
        return (
            f"write it as {ISO_FORM}: {first.isoformat()} for {_spoken(first)}, "
            f"or {second.isoformat()} for {_spoken(second)}"
        )
    return f"write it as {ISO_FORM}, for example 2026-11-28"


def impossible_date(text: str) -> str:
    """Why an ISO-looking date such as 2026-02-30 is not a day of the calendar."""
    year, month, _day = (int(part) for part in text.split("-"))
    if not 1 <= month <= 12:
        return f"{text!r} is not a real date: there is no month {month} ({ISO_FORM})"
    first = dt.date(year, month, 1)
    length = ((first + dt.timedelta(days=32)).replace(day=1) - first).days
    return f"{text!r} is not a real date: {first:%B %Y} has {length} days"


def _readings(text: str) -> list[dt.date]:
    """Every date `text` can mean, without a guess between them."""
    candidates: list[tuple[int, int, int]] = []  # (year, month, day)
    compact = _COMPACT.match(text)
    numbers = _NUMBERS.match(text)
    if compact:
        candidates.append((int(compact[1]), int(compact[2]), int(compact[3])))
    elif numbers:
        a, b, c = (int(part) for part in numbers.groups())
        if len(numbers[1]) == 4:  # 2026-1-5, 2026/11/28: year first, then month
            candidates.append((a, b, c))
        elif len(numbers[3]) == 4:  # 11/28/2026 or 28.11.2026: either way round
            candidates += [(c, a, b), (c, b, a)]
    else:
        candidates += _from_words(text.casefold())
    found: list[dt.date] = []
    for year, month, day in candidates:
        try:
            date = dt.date(year, month, day)
        except ValueError:
            continue
        if date not in found:
            found.append(date)
    return found


def _from_words(text: str) -> list[tuple[int, int, int]]:
    """'Nov 28 2026', '28 November 2026', '28 de noviembre de 2026'."""
    parts = [p for p in _WORDS.findall(text) if p != "de"]
    months = [_MONTHS[p] for p in parts if p in _MONTHS]
    numbers = [int(p) for p in parts if p.isdigit()]
    years = [n for n in numbers if n >= 1000]
    days = [n for n in numbers if n < 1000]
    if len(months) == 1 and len(years) == 1 and len(days) == 1 and len(parts) == 3:
        return [(years[0], months[0], days[0])]
    return []


def _spoken(date: dt.date) -> str:
    return f"{date:%B} {date.day}"
