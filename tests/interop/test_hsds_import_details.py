"""`bot/interop/hsds_import_details.py`: an imported service's languages, eligibility, cost,
dates and status."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bot.directory.catalog import Directory
from bot.directory.models import Status
from bot.interop.hsds_import import ImportOptions
from tests.interop.conftest import TODAY
from tests.interop.importing import import_one, note


def test_languages_by_any_iso_code_or_english_name(reference: Directory) -> None:
    resource = import_one(
        reference,
        languages=[
            {"code": "en-US"},
            {"code": "spa"},
            {"name": "Vietnamese"},
            {"code": "ES"},
            {"code": "klingon"},
        ],
    )
    assert resource.languages == ("en", "es", "vi")
    assert "Language 'klingon' not recognised: left out." in note(resource)


def test_ages_alone_become_an_eligibility_note(reference: Directory) -> None:
    resource = import_one(reference, minimum_age="12", maximum_age=24)
    assert resource.eligibility is not None and resource.eligibility.note is not None
    assert resource.eligibility.note.en == "Ages 12 to 24."


@pytest.mark.parametrize(
    ("fields", "cost"),
    [
        ({"cost_options": [{"amount": 0, "currency": "USD"}]}, "free"),
        ({"fees_description": "Free of charge for everyone."}, "free"),
        ({"cost_options": [{"option": "Free"}]}, "free"),
        ({"cost_options": [{"option": "Sliding scale"}]}, "sliding-scale"),
        ({"cost_options": [{"amount": 0}, {"amount": "20"}]}, "fee"),
        ({"fees_description": "Call to ask."}, None),
        ({}, None),
    ],
)
def test_cost(reference: Directory, fields: dict[str, Any], cost: str | None) -> None:
    assert import_one(reference, **fields).cost == cost


def test_last_verified_prefers_the_assured_date_and_never_the_future(
    reference: Directory,
) -> None:
    metadata = [{"last_action_date": "2026-03-01"}, {"last_action_date": "2026-05-01"}]
    assert import_one(reference, assured_date="2026-01-15").last_verified == dt.date(2026, 1, 15)
    from_metadata = import_one(reference, assured_date="2027-01-01", metadata=metadata)
    assert from_metadata.last_verified == dt.date(2026, 5, 1)
    assert "assured_date 2027-01-01 is in the future: not used." in note(from_metadata)
    unknown = import_one(reference)
    assert unknown.last_verified == TODAY
    assert "last_verified is the import day, not a check" in note(unknown)


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("active", Status.ACTIVE),
        ("temporarily closed", Status.TEMPORARILY_CLOSED),
        ("inactive", Status.INACTIVE),
        ("defunct", Status.INACTIVE),
    ],
)
def test_status(reference: Directory, status: str, expected: Status) -> None:
    assert import_one(reference, status=status).status is expected


def test_inactive_option_keeps_unreviewed_entries_off_screen(reference: Directory) -> None:
    resource = import_one(reference, ImportOptions(today=TODAY, inactive=True))
    assert resource.status is Status.INACTIVE
    assert "Imported as inactive: set status to active once reviewed." in note(resource)


def test_html_is_stripped_from_descriptions(reference: Directory) -> None:
    resource = import_one(reference, description="<p>Free <b>legal</b> help &amp; advice.</p>")
    assert resource.description.en == "Free legal help & advice."
