"""Who an imported service is for, what it costs, how fresh it is, and whether it runs."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from bot.directory.models import Cost, EligibilityTag, Status
from bot.directory.text import fold
from bot.interop import hsds_values as read
from bot.interop.hsds import ACTION_FLAGGED, LINK_SOURCE, Json
from bot.interop.hsds_import_context import is_eligibility
from bot.interop.hsds_import_reach import url

if TYPE_CHECKING:
    from bot.interop.hsds_import_context import ImportOptions, Notes

_STATUS = {
    "active": Status.ACTIVE,
    "inactive": Status.INACTIVE,
    "defunct": Status.INACTIVE,
    "temporarily closed": Status.TEMPORARILY_CLOSED,
    "temporarily_closed": Status.TEMPORARILY_CLOSED,
}


def languages(data: Json, notes: Notes) -> list[str]:
    """ISO 639-1 codes of the service's languages (else its phones' and locations')."""
    sources = list(read.objects(data.get("languages")))
    if not sources:
        for phone in read.objects(data.get("phones")):
            sources += read.objects(phone.get("languages"))
        for link in read.objects(data.get("service_at_locations")):
            sources += read.objects(read.mapping(link.get("location")).get("languages"))
    codes: list[str] = []
    for language in sources:
        code = read.language_code(read.text(language.get("code")), read.text(language.get("name")))
        if code is None:
            what = read.text(language.get("code")) or read.text(language.get("name")) or "?"
            notes.add(f"Language {what!r} not recognised: left out.")
        elif code not in codes:
            codes.append(code)
    return codes


def eligibility(data: Json) -> Json | None:
    note = read.plain(data.get("eligibility_description"))
    low = read.number(data.get("minimum_age"))
    high = read.number(data.get("maximum_age"))
    if not note and (low is not None or high is not None):
        if low is not None and high is not None:
            note = f"Ages {low:g} to {high:g}."
        elif low is not None:
            note = f"Ages {low:g} and over."
        else:
            note = f"Up to age {high:g}."
    tags: list[str] = []
    known = {tag.value for tag in EligibilityTag}
    for attribute in read.objects(data.get("attributes")):
        term = read.mapping(attribute.get("taxonomy_term"))
        code = read.text(term.get("code"))
        if is_eligibility(attribute, term) and code in known and code not in tags:
            tags.append(code)
    if not (note or tags):
        return None
    return {k: v for k, v in (("note", {"en": note} if note else None), ("tags", tags)) if v}


def cost(data: Json) -> str | None:
    options = list(read.objects(data.get("cost_options")))
    amounts = [a for a in (read.number(o.get("amount")) for o in options) if a is not None]
    texts = [fold(t) for t in (read.text(o.get("option")) for o in options) if t]
    fees = fold(read.text(data.get("fees_description")) or "")
    if any("sliding" in t for t in [*texts, fees]):
        return Cost.SLIDING_SCALE.value
    if any(a > 0 for a in amounts):
        return Cost.FEE.value
    says_free = any(t in ("free", "free of charge", "no cost") for t in texts) or bool(
        re.match(r"(free|no cost|no charge)\b", fees)
    )
    if says_free or (amounts and all(a == 0 for a in amounts)):
        return Cost.FREE.value
    if any(t == "fee" for t in texts):
        return Cost.FEE.value
    return None


def last_verified(data: Json, today: dt.date, notes: Notes) -> dt.date:
    """assured_date, else the latest metadata date, unless in the future; else today."""
    candidates = [("assured_date", read.date(data.get("assured_date")))]
    dates = [read.date(m.get("last_action_date")) for m in read.objects(data.get("metadata"))]
    known = [d for d in dates if d is not None]
    candidates.append(("metadata last_action_date", max(known) if known else None))
    for where, day in candidates:
        if day is None:
            continue
        if day > today:
            notes.add(f"{where} {day} is in the future: not used.")
            continue
        return day
    notes.add("No verification date in the source: last_verified is the import day, not a check.")
    return today


def doubts(data: Json, notes: Notes) -> None:
    """Note what the source itself says is uncertain: its alert, and a flag for review (ours:
    what staff elsewhere still had to confirm)."""
    alert = read.plain(data.get("alert"))
    if alert:
        notes.add(f"The source's alert: {read.join_sentences([alert])}")
    for record in read.objects(data.get("metadata")):
        if fold(read.text(record.get("last_action_type")) or "") == ACTION_FLAGGED:
            what = read.text(record.get("replacement_value"))
            detail = f": {what}" if what and what != "true" else "."
            notes.add(f"The source marks it not yet confirmed{detail}")


def sources(data: Json, notes: Notes) -> list[str]:
    found: list[str] = []
    for attribute in read.objects(data.get("attributes")):
        if read.text(attribute.get("link_type")) != LINK_SOURCE:
            continue
        address = url("source", notes, attribute.get("value"))
        if address and address not in found:
            found.append(address)
    return found


def status(data: Json, options: ImportOptions, notes: Notes) -> str:
    raw = read.text(data.get("status")) or "active"
    found = _STATUS.get(fold(raw))
    if found is None:
        found = Status.ACTIVE
        notes.add(f"HSDS status {raw!r} is unknown: imported as active.")
    elif fold(raw) == "defunct":
        notes.add("HSDS says the service is defunct.")
    if options.inactive and found is Status.ACTIVE:
        notes.add("Imported as inactive: set status to active once reviewed.")
        return Status.INACTIVE.value
    return found.value
