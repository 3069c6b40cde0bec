"""A time zone that names a folder of the zone database ("America") is refused with a line,
like any unknown zone. Regression: ZoneInfo raised IsADirectoryError, and the load crashed
(found by tests/fuzz/test_yaml_mutations.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.directory.load import load_directory
from tests.helpers.yaml_directory import entry, write_directory


@pytest.mark.parametrize("zone", ["America", "Etc", "America/Nowhere", "../etc/passwd"])
def test_a_zone_that_is_no_zone_is_an_error_with_its_line(tmp_path: Path, zone: str) -> None:
    hours = {"timezone": zone, "weekly": [{"days": ["mon"], "opens": "09:00", "closes": "17:00"}]}
    root = write_directory(tmp_path, [entry("a", hours=hours)])
    errors = load_directory(root).report.errors
    assert len(errors) == 1, errors
    assert "is not an IANA time zone" in errors[0].message
    assert errors[0].line is not None
