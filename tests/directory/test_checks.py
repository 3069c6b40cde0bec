"""bot/directory/checks.py: a place or a kind of help written by its name instead of its id is
answered with the id to write, found from the shipped regions' aliases and categories' words."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.content import DEFAULT_RESOURCES
from bot.directory.load import load_directory

WARN_REGIONS = "    regions: [wa]\n"
WARN_CATEGORIES = "    categories: [hotline, legal]\n"


def errors_after(tmp_path: Path, old: str, new: str) -> list[str]:
    resources = tmp_path / "resources"
    shutil.copytree(DEFAULT_RESOURCES, resources)
    washington = resources / "washington.yaml"
    text = washington.read_text(encoding="utf-8")
    assert old in text
    washington.write_text(text.replace(old, new, 1), encoding="utf-8")
    return [p.message for p in load_directory(resources).report.errors]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("seattle", "unknown region 'seattle'; 'seattle' is a name for region wa-king "
         "(Seattle and King County): write wa-king"),
        ("bellevue", "'bellevue' is a name for region wa-king"),
        ("king-county", "'king-county' is a name for region wa-king"),
        ("tacoma", "'tacoma' is a name for region wa (Washington State): write wa"),
        ("wa-kng", "unknown region 'wa-kng'; did you mean 'wa-king'?"),
    ],
)  # fmt: skip
def test_a_place_written_instead_of_its_region_id(
    written: str, expected: str, tmp_path: Path
) -> None:
    [error] = errors_after(tmp_path, WARN_REGIONS, f"    regions: [{written}]\n")
    assert error.startswith(f"warn: regions[0]: unknown region {written!r}"), error
    assert expected in error


def test_a_search_word_written_instead_of_its_category_id(tmp_path: Path) -> None:
    [error] = errors_after(tmp_path, WARN_CATEGORIES, "    categories: [hotline, lawyer]\n")
    assert error == (
        "warn: categories[1]: unknown category 'lawyer'; 'lawyer' is a search word of category "
        "legal (Legal help): write legal"
    )
