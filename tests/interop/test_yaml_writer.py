"""`bot/interop/yaml_writer.py`: entries written as staff write them, and read back the same."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from bot.directory.catalog import Directory
from bot.directory.models import Resource
from bot.interop.yaml_writer import SCHEMA_COMMENT, resources_yaml


def test_house_style(shipped: Directory) -> None:
    resources = [
        shipped.resource_by_id[i] for i in ("national-human-trafficking-hotline", "api-chaya")
    ]
    text = resources_yaml(resources, comment=["Imported for a test."])
    lines = text.splitlines()
    assert lines[:3] == [SCHEMA_COMMENT, "# Imported for a test.", "resources:"]
    assert lines[3] == "  - id: national-human-trafficking-hotline"
    assert all((len(line) - len(line.lstrip(" "))) % 2 == 0 for line in lines)
    assert '      - {kind: voice, number: "1-888-373-7888"}' in lines
    assert '        number: "233733"' in lines  # labelled phones are a block, still quoted
    assert '        - {days: [mon, tue, wed, thu, fri], opens: "10:00", closes: "16:00"}' in lines
    assert "    categories: [hotline, advocacy]" in lines
    assert "    last_verified: 2026-11-28" in lines  # a date, not a string
    assert "      en: >-" in lines  # long texts folded
    assert not re.search(r"number: [^\"{]", text)  # every number quoted


@pytest.mark.parametrize("name", ["211", "1e5", "no", "null", "10:00", "- dash", "# hash", "a: b"])
def test_names_yaml_would_misread_are_quoted(name: str) -> None:
    resource = Resource.model_validate(
        {
            "id": "tricky",
            "name": name,
            "description": {"en": name},
            "categories": ["legal"],
            "regions": ["us"],
            "website": "https://example.org",
            "last_verified": dt.date(2026, 11, 1),
        }
    )
    resources_yaml([resource])  # raises YamlWriteError if it would read back differently
