"""The parts of Open Referral HSDS 3.x that export and import share: ids, codes and names.

HSDS (the Human Services Data Specification, https://openreferral.org/) wants every object to
have a UUID. Ours are derived with uuid5 from the directory's stable ids under one fixed
namespace, so exporting the same directory twice gives the same ids, and a consumer can update
its copy instead of duplicating it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Final
from zoneinfo import ZoneInfo

from bot.directory.models import WEEKDAYS, PhoneKind, Weekday

Json = dict[str, Any]

HSDS_VERSION: Final = "3.0"
OPENAPI_URL: Final = (
    "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"
)

# Never change this: every exported id depends on it.
NAMESPACE: Final = uuid.UUID("5b0f6f4e-6c4f-5d7a-9a0e-2f1d3c8b7a61")


def hsds_id(kind: str, *parts: str) -> str:
    """A stable UUID for the HSDS object `kind` made from our own ids, e.g. ("service", "rainn")."""
    return str(uuid.uuid5(NAMESPACE, ":".join((kind, *parts))))


# Our taxonomies, published with the data (HSDS "embedded taxonomy").
CATEGORY_TAXONOMY: Final = "Safe Harbor categories"
ELIGIBILITY_TAXONOMY: Final = "Safe Harbor eligibility"

# attribute.link_type values we write and read back (HSDS leaves the codelist open).
LINK_CATEGORY: Final = "service_category"
LINK_ELIGIBILITY: Final = "eligibility"
LINK_SOURCE: Final = "source"

# metadata.last_action_type of the record saying what staff last did (an open codelist too).
ACTION_VERIFIED: Final = "verified"
ACTION_FLAGGED: Final = "flagged for review"  # checked, and a detail still to confirm

# Phones: our kinds to RFC 6350 types (HSDS phone.type), and HSDS types back to our kinds.
PHONE_TYPE: Final[dict[PhoneKind, str]] = {
    PhoneKind.VOICE: "voice",
    PhoneKind.SMS: "text",
    PhoneKind.TTY: "textphone",
    PhoneKind.WHATSAPP: "text",  # RFC 6350 has no WhatsApp; the description says so
}
WHATSAPP_PREFIX: Final = "WhatsApp"
PHONE_KIND_OF_TYPE: Final[dict[str, PhoneKind]] = {
    "": PhoneKind.VOICE,
    "voice": PhoneKind.VOICE,
    "cell": PhoneKind.VOICE,
    "main": PhoneKind.VOICE,
    "hotline": PhoneKind.VOICE,
    "text": PhoneKind.SMS,
    "sms": PhoneKind.SMS,
    "textphone": PhoneKind.TTY,
    "tty": PhoneKind.TTY,
}
# Types that cannot reach a person in our terms: dropped on import.
UNREACHABLE_PHONE_TYPES: Final = frozenset({"fax", "pager", "video"})

# iCalendar day codes (schedule.byday) and ours.
BYDAY: Final[dict[Weekday, str]] = {
    "mon": "MO",
    "tue": "TU",
    "wed": "WE",
    "thu": "TH",
    "fri": "FR",
    "sat": "SA",
    "sun": "SU",
}
WEEKDAY_OF_BYDAY: Final[dict[str, Weekday]] = {code: day for day, code in BYDAY.items()}
ALL_DAYS: Final = ",".join(BYDAY[day] for day in WEEKDAYS)

# HSDS has no flag for 24/7; its guidance is 00:00 to 23:59 every day.
DAY_START: Final = "00:00"
DAY_END: Final = "23:59"

# ISO 639-1 codes with their English names, for the languages likely in a US directory.
LANGUAGE_NAMES: Final[dict[str, str]] = {
    "am": "Amharic",
    "ar": "Arabic",
    "bn": "Bengali",
    "de": "German",
    "en": "English",
    "es": "Spanish",
    "fa": "Persian",
    "fr": "French",
    "hi": "Hindi",
    "ht": "Haitian Creole",
    "it": "Italian",
    "ja": "Japanese",
    "km": "Khmer",
    "ko": "Korean",
    "lo": "Lao",
    "my": "Burmese",
    "ne": "Nepali",
    "om": "Oromo",
    "pa": "Punjabi",
    "pl": "Polish",
    "ps": "Pashto",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "sk": "Slovak",
    "so": "Somali",
    "sw": "Swahili",
    "th": "Thai",
    "ti": "Tigrinya",
    "tl": "Tagalog",
    "uk": "Ukrainian",
    "ur": "Urdu",
    "vi": "Vietnamese",
    "zh": "Chinese",
}
# ISO 639-2/639-3 codes (HSDS allows them) for the same languages.
LANGUAGE_OF_ALPHA3: Final[dict[str, str]] = {
    "amh": "am",
    "ara": "ar",
    "ben": "bn",
    "deu": "de",
    "ger": "de",
    "eng": "en",
    "spa": "es",
    "fas": "fa",
    "per": "fa",
    "fra": "fr",
    "fre": "fr",
    "hin": "hi",
    "hat": "ht",
    "ita": "it",
    "jpn": "ja",
    "khm": "km",
    "kor": "ko",
    "lao": "lo",
    "mya": "my",
    "bur": "my",
    "nep": "ne",
    "orm": "om",
    "pan": "pa",
    "pol": "pl",
    "pus": "ps",
    "por": "pt",
    "ron": "ro",
    "rum": "ro",
    "rus": "ru",
    "slk": "sk",
    "slo": "sk",
    "som": "so",
    "swa": "sw",
    "tha": "th",
    "tir": "ti",
    "tgl": "tl",
    "fil": "tl",
    "ukr": "uk",
    "urd": "ur",
    "vie": "vi",
    "zho": "zh",
    "chi": "zh",
    "cmn": "zh",
    "yue": "zh",
}

# A winter and a summer day: a zone's standard offset is the one without daylight saving.
_SEASONS: Final = (dt.datetime(2025, 1, 15, 12), dt.datetime(2025, 7, 15, 12))


def zone_offsets(zone: ZoneInfo) -> tuple[float, ...]:
    """The zone's UTC offsets in hours, standard time first (one entry when there is no DST)."""
    offsets: list[tuple[bool, float]] = []
    for moment in _SEASONS:
        local = moment.replace(tzinfo=zone)
        offset = local.utcoffset() or dt.timedelta(0)
        is_dst = bool(local.dst())
        hours = offset.total_seconds() / 3600
        if all(hours != known for _, known in offsets):
            offsets.append((is_dst, hours))
    return tuple(hours for _, hours in sorted(offsets))


def number(value: float) -> int | float:
    """A JSON number without a needless '.0'."""
    return int(value) if float(value).is_integer() else value
