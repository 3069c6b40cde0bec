"""Checking and formatting phone numbers with Google's libphonenumber rules.

Numbers are written the way people in the region dial them. Three-digit service codes (911, 988,
211, 711 ...) and five- or six-digit SMS short codes are not "phone numbers" to libphonenumber,
so they are allowed explicitly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

import phonenumbers

DEFAULT_REGION = "US"

# N11 service codes in the North American Numbering Plan, plus 988.
SERVICE_CODES = frozenset({"211", "311", "411", "511", "611", "711", "811", "911", "988"})
_SMS_SHORT_CODE = re.compile(r"^[0-9]{5,6}$")
_HAS_LETTERS = re.compile(r"[A-Za-z]")
# What people write in a phone number: digits, vanity letters, + and common separators.
_PHONE_CHARACTERS = re.compile(r"^\+?[0-9A-Za-z(][0-9A-Za-z ()./-]*$")


def problem_with(number: str, *, sms: bool, region: str = DEFAULT_REGION) -> str | None:
    """Why `number` is not dialable, or None when it is fine."""
    text = number.strip()
    if text in SERVICE_CODES or (sms and _SMS_SHORT_CODE.match(text)):
        return None
    if not _PHONE_CHARACTERS.match(text) or _parse(text, region) is None:
        return f"{number!r} is not a valid phone number"
    return None


@lru_cache(maxsize=8192)  # every card shown formats its numbers: a quarter of a result screen
def display(number: str, region: str = DEFAULT_REGION) -> str:
    """The number as people should see it; Telegram makes the international form tappable.

    Vanity numbers (1-800-RUNAWAY) are shown as written: the words are what people remember,
    and a digit form that staff have not confirmed must not appear.
    """
    text = number.strip()
    if text in SERVICE_CODES or _SMS_SHORT_CODE.match(text) or _HAS_LETTERS.search(text):
        return text
    parsed = _parse(text, region)
    if parsed is None:
        return text
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def dial_string(number: str, region: str = DEFAULT_REGION) -> str:
    """E.164 (or the short code) for `tel:` links and duplicate detection.

    A vanity number stays in words (upper-cased, separators dropped): its digits are not to be
    shown or dialled unless staff have confirmed them.
    """
    text = number.strip()
    if text in SERVICE_CODES or _SMS_SHORT_CODE.match(text):
        return text
    if _HAS_LETTERS.search(text):
        return re.sub(r"[^0-9A-Z]", "", text.upper())
    parsed = _parse(text, region)
    if parsed is None:
        return re.sub(r"\D", "", text)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


# While a directory loads, each number is parsed to check it and again to find duplicates, and
# a large directory has more numbers than the cache below holds: `remembering` keeps them all
# for the length of the load, then lets them go.
_remembered: dict[tuple[str, str], phonenumbers.PhoneNumber | None] | None = None


@contextmanager
def remembering() -> Iterator[None]:
    """Parse each number only once inside this block (used around loading a directory)."""
    global _remembered  # a cache, not state: every answer is the same without it
    outer = _remembered
    if outer is None:
        _remembered = {}
    try:
        yield
    finally:
        if outer is None:
            _remembered = None


def _parse(text: str, region: str) -> phonenumbers.PhoneNumber | None:
    remembered = _remembered
    if remembered is None:
        return _parse_cached(text, region)
    key = (text, region)
    if key not in remembered:
        remembered[key] = _parse_cached(text, region)
    return remembered[key]


# `is_valid_number` finds the number's region by trying its country's regions in order, then
# checks the number against that region: for a US number both steps run the same pattern
# matching. When the US leads its country code's regions, a number valid for the US is valid,
# so that one check is enough; any other number still gets the full check.
_US_FIRST = phonenumbers.region_codes_for_country_code(1)[:1] == ("US",)


# The usual ways of writing a North American number: 1-888-373-7888, (206) 245-0782,
# +1 206.245.0782. libphonenumber's `parse` is a general normaliser for every country's habits
# (most of the time it takes); for these it can only give country code 1 and the ten digits,
# so that number is built directly (tests/directory/test_phones.py proves it equal to `parse`'s
# for every string this pattern matches). Its validity is still libphonenumber's verdict.
_NANP = re.compile(r"^(?:\+?1[ .-]?)?\(?([2-9][0-9]{2})\)?[ .-]?([0-9]{3})[ .-]?([0-9]{4})$")


def parse_number(text: str, region: str = DEFAULT_REGION) -> phonenumbers.PhoneNumber:
    """`phonenumbers.parse(text, region)`, faster for the common North American forms."""
    match = _NANP.match(text) if region == DEFAULT_REGION else None
    if match is not None:
        return phonenumbers.PhoneNumber(
            country_code=1, national_number=int("".join(match.groups()))
        )
    return phonenumbers.parse(text, region)


@lru_cache(maxsize=4096)
def _parse_cached(text: str, region: str) -> phonenumbers.PhoneNumber | None:
    try:
        parsed = parse_number(text, region)
    except phonenumbers.NumberParseException:
        return None
    if _US_FIRST and phonenumbers.is_valid_number_for_region(parsed, "US"):
        return parsed
    return parsed if phonenumbers.is_valid_number(parsed) else None
