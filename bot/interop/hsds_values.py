"""Small readers of HSDS values, which come as JSON types or as CSV strings.

Each returns None for what is missing or not of the kind asked for, never raises: a partner's
export is read as far as it can be, and what could not be read is named in the review note.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable
from typing import Any

from bot.directory.text import fold, words
from bot.interop.hsds import LANGUAGE_NAMES, LANGUAGE_OF_ALPHA3, Json

_TAG = re.compile(r"<[^>]+>")
_CLOCK = re.compile(
    r"^(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?"
    r"(?P<zone>Z|[+-]\d{2}(?::?\d{2})?)?$"
)


def text(value: Any) -> str | None:
    """A value as one line of text (numbers as written), or None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, str):
        joined = " ".join(value.split())
        return joined or None
    return None


def number_as_given(value: Any) -> str | None:
    """A phone number exactly as the source wrote it, only trimmed: never corrected."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return (value.strip() or None) if isinstance(value, str) else None


def plain(value: Any) -> str | None:
    """Text without HTML tags or entities (HSDS descriptions may hold HTML)."""
    found = text(value)
    if found is None:
        return None
    return text(html.unescape(_TAG.sub(" ", found)))


def number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def date(value: Any) -> dt.date | None:
    found = text(value)
    if not found:
        return None
    try:
        return dt.date.fromisoformat(found[:10])
    except ValueError:
        return None


def clock(value: str | None) -> tuple[str, float | None] | None:
    """'10:00', '10:00:00', '10:00Z', '09:00-05:00' -> ('HH:MM', UTC offset in hours or None)."""
    match = _CLOCK.match(value or "")
    if match is None:
        return None
    hours, minutes, seconds = int(match["h"]), int(match["m"]), int(match["s"] or 0)
    if seconds or minutes > 59 or hours > 24 or (hours == 24 and minutes):
        return None
    zone = match["zone"]
    offset: float | None = None
    if zone == "Z":
        offset = 0.0
    elif zone:
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        offset = sign * (int(digits[:2]) + int(digits[2:] or 0) / 60)
    return f"{hours:02d}:{minutes:02d}", offset


def language_code(code: str | None, name: str | None) -> str | None:
    """An ISO 639-1 code from an ISO 639-1/2/3 code or an English language name."""
    if code:
        primary = re.split(r"[-_]", code.strip().lower())[0]
        if re.fullmatch(r"[a-z]{2}", primary):
            return primary
        if primary in LANGUAGE_OF_ALPHA3:
            return LANGUAGE_OF_ALPHA3[primary]
    if name:
        by_name = {fold(n): c for c, n in LANGUAGE_NAMES.items()}
        return by_name.get(fold(name))
    return None


def join_sentences(texts: Iterable[str]) -> str:
    """Each distinct text once, each ending in a full stop."""
    unique: list[str] = []
    for one in texts:
        if one not in unique:
            unique.append(one)
    return " ".join(t if t.endswith((".", "!", "?")) else f"{t}." for t in unique)


def short(value: str, length: int = 60) -> str:
    return value if len(value) <= length else value[: length - 1].rsplit(" ", 1)[0] + "…"


def key(value: str) -> str:
    """`value` folded to its words, for matching labels and aliases."""
    return " ".join(words(value))


def mapping(value: Any) -> Json:
    return value if isinstance(value, dict) else {}


def objects(value: Any) -> list[Json]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def error_message(error: Any) -> str:
    """One pydantic error as 'field.path: message'."""
    where = ".".join(str(part) for part in error.get("loc", ()))
    message = str(error.get("msg", "")).removeprefix("Value error, ")
    return f"{where}: {message}" if where else message
