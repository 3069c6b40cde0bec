"""The synthetic directory generator writes directories the loader accepts."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from bench.generate_directory import generate_resources, write_directory
from bot.directory.entries import LoadOptions
from bot.directory.load import load_directory
from bot.directory.search import SearchIndex

TODAY = dt.date(2026, 11, 28)


def test_a_generated_directory_loads_with_zero_errors(tmp_path: Path) -> None:
    files = write_directory(tmp_path, 200, seed=7, per_file=60, today=TODAY)
    assert len([f for f in files if f.name.startswith("resources-")]) == 4  # 60+60+60+20
    result = load_directory(tmp_path, LoadOptions(today=TODAY))
    assert result.report.errors == [], str(result.report)
    directory = result.directory
    assert directory is not None
    assert len(directory.resources) == 200
    assert len(directory.regions) > 200  # the shipped three plus states and counties
    # Varied enough to exercise search: every category, several states, both languages.
    assert {c for r in directory.resources for c in r.categories} == {
        c.id for c in directory.categories
    }
    states = Counter(directory.region_chain(r.regions[0])[-2] for r in directory.resources
                     if r.regions[0] != "us")  # fmt: skip
    assert len(states) >= 5
    assert all(r.description.get("es") for r in directory.resources)
    assert any(r.hours and r.hours.weekly and r.hours.weekly[0].closes < r.hours.weekly[0].opens
               for r in directory.resources)  # fmt: skip


def test_generation_is_deterministic_for_a_seed() -> None:
    first = generate_resources(30, seed=3, today=TODAY)
    assert first == generate_resources(30, seed=3, today=TODAY)
    assert first != generate_resources(30, seed=4, today=TODAY)


def test_a_generated_directory_is_searchable(tmp_path: Path) -> None:
    write_directory(tmp_path, 200, seed=1, today=TODAY)
    directory = load_directory(tmp_path, LoadOptions(today=TODAY)).directory
    assert directory is not None
    index = SearchIndex.build(directory)
    result = index.search("abogado")
    assert result.query.categories == ("legal",)
    assert result.hits
    assert all("legal" in h.resource.categories for h in result.hits if h.score == 100)
