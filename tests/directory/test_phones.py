"""Phone numbers: what counts as dialable, and how numbers are shown."""

from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.directory import phones
from bot.directory.phones import dial_string, display, problem_with


@pytest.mark.parametrize(
    "number",
    [
        "1-888-373-7888",
        "(206) 245-0782",
        "206.245.0782",
        "+1 888-373-7888",
        "988",
        "211",
        "1-800-RUNAWAY",
    ],
)
def test_numbers_people_write_are_accepted(number: str) -> None:
    assert problem_with(number, sms=False) is None


@pytest.mark.parametrize(
    "number",
    [
        "206-267-71000",  # one digit too many
        "12",
        '"+44 1234 234567"',  # regression: libphonenumber skips the quotes; we must not
        "206-245-0782;rm",
        "tel:2062450782",
        "741741",  # a short code is only valid for SMS
    ],
)
def test_numbers_nobody_can_dial_are_refused(number: str) -> None:
    assert problem_with(number, sms=False) == f"{number!r} is not a valid phone number"


def test_sms_short_codes_are_allowed_for_sms() -> None:
    assert problem_with("741741", sms=True) is None
    assert problem_with("233733", sms=True) is None


def test_display_is_international_so_telegram_makes_it_tappable() -> None:
    assert display("(206) 245-0782") == "+1 206-245-0782"
    assert display("988") == "988"


def test_a_vanity_number_never_turns_into_unconfirmed_digits() -> None:
    assert display("1-800-RUNAWAY") == "1-800-RUNAWAY"
    assert dial_string("1-800-RUNAWAY") == "1800RUNAWAY"
    assert "786" not in dial_string("1-800-RUNAWAY")


@settings(max_examples=2000)
@given(st.from_regex(phones._NANP, fullmatch=True))
def test_the_fast_north_american_parse_equals_libphonenumbers(text: str) -> None:
    assert phones.parse_number(text) == phonenumbers.parse(text, "US")


@pytest.mark.parametrize(
    "text", ["1-888-373-7888", "(206) 245-0782", "+1 206.245.0782", "12062450782", "206 245 0782"]
)
def test_common_forms_take_the_fast_parse_and_agree(text: str) -> None:
    assert phones._NANP.match(text)
    assert phones.parse_number(text) == phonenumbers.parse(text, "US")
    assert problem_with(text, sms=False) is None
