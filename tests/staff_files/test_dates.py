"""Dates written the way people write them elsewhere: the message says the form, and the date."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.content import DEFAULT_RESOURCES
from bot.directory.load import load_directory
from bot.staff_files.dates import date_advice, impossible_date

VERIFIED = "    last_verified: 2026-11-28\n"  # WARN's, the first entry of washington.yaml


@pytest.mark.parametrize(
    ("written", "advice"),
    [
        ("11/28/2026", "write it as YYYY-MM-DD: 2026-11-28"),
        ("28/11/2026", "write it as YYYY-MM-DD: 2026-11-28"),
        ("28.11.2026", "write it as YYYY-MM-DD: 2026-11-28"),
        ("2026-1-5", "write it as YYYY-MM-DD: 2026-01-05"),
        ("2026/11/28", "write it as YYYY-MM-DD: 2026-11-28"),
        ("20261128", "write it as YYYY-MM-DD: 2026-11-28"),
        ("Nov 28 2026", "write it as YYYY-MM-DD: 2026-11-28"),
        ("November 28, 2026", "write it as YYYY-MM-DD: 2026-11-28"),
        ("28 de noviembre de 2026", "write it as YYYY-MM-DD: 2026-11-28"),
        # Day and month could be either way round: both, never a guess.
        (
            "05/06/2026",
            "write it as YYYY-MM-DD: 2026-05-06 for May 6, or 2026-06-05 for June 5",
        ),
        ("11/11/2026", "write it as YYYY-MM-DD: 2026-11-11"),
        ("last week", "write it as YYYY-MM-DD, for example 2026-11-28"),
        ("13/13/2026", "write it as YYYY-MM-DD, for example 2026-11-28"),
    ],
)
def test_advice(written: str, advice: str) -> None:
    assert date_advice(written) == advice


def test_impossible_dates_say_why() -> None:
    assert (
        impossible_date("2026-02-30")
        == "'2026-02-30' is not a real date: February 2026 has 28 days"
    )
    assert (
        impossible_date("2028-02-30")
        == "'2028-02-30' is not a real date: February 2028 has 29 days"
    )
    assert "there is no month 13" in impossible_date("2026-13-01")


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("11/28/2026", "warn: last_verified: '11/28/2026' is not a date the bot can read: "
         "write it as YYYY-MM-DD: 2026-11-28"),
        ("Nov 28 2026", "write it as YYYY-MM-DD: 2026-11-28"),
        ("2026-11-31", "'2026-11-31' is not a real date: November 2026 has 30 days"),
    ],
)  # fmt: skip
def test_a_date_in_the_wrong_form_in_the_shipped_file(
    written: str, expected: str, tmp_path: Path
) -> None:
    resources = tmp_path / "resources"
    shutil.copytree(DEFAULT_RESOURCES, resources)
    washington = resources / "washington.yaml"
    text = washington.read_text(encoding="utf-8")
    washington.write_text(text.replace(VERIFIED, f"    last_verified: {written}\n", 1), "utf-8")
    [error] = load_directory(resources).report.errors
    lines = text.splitlines()
    assert error.line == lines.index(VERIFIED.rstrip("\n")) + 1
    assert expected in error.message
