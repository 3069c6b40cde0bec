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


# Regression: a name written where an id belongs ("King County" in `regions:`) failed the id
# pattern before the hint could run, and pydantic added "tuple should have at least 1 item
# after validation, not 0" beside it. Now: one message, with the id to write.
@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("King County", "warn: regions[0]: unknown region 'King County'; 'King County' is a name "
         "for region wa-king (Seattle and King County): write wa-king"),
        ("Seattle", "warn: regions[0]: unknown region 'Seattle'; 'Seattle' is a name for region "
         "wa-king (Seattle and King County): write wa-king"),
        ("Washington State", "warn: regions[0]: unknown region 'Washington State'; 'Washington "
         "State' is a name for region wa (Washington State): write wa"),
        ("WA-KING", "warn: regions[0]: unknown region 'WA-KING'; did you mean 'wa-king'?"),
        ("Texas", "warn: regions[0]: 'Texas' is not a region id: write the id of a region in "
         "regions.yaml (expected one of: us, wa, wa-king)"),
    ],
)  # fmt: skip
def test_a_name_written_as_a_region_id_gets_one_message_with_the_id_to_write(
    written: str, expected: str, tmp_path: Path
) -> None:
    assert errors_after(tmp_path, WARN_REGIONS, f"    regions: [{written}]\n") == [expected]


def test_a_label_written_as_a_category_id_gets_the_id_to_write(tmp_path: Path) -> None:
    errors = errors_after(tmp_path, WARN_CATEGORIES, "    categories: [hotline, Legal help]\n")
    assert errors == [
        "warn: categories[1]: unknown category 'Legal help'; 'Legal help' is a search word of "
        "category legal (Legal help): write legal"
    ]


def test_a_place_no_listed_region_covers_is_never_sent_to_the_whole_country(
    tmp_path: Path,
) -> None:
    # "King" is a town in the US but no listed region's: "write us" would show it everywhere.
    [error] = errors_after(tmp_path, WARN_REGIONS, "    regions: [King]\n")
    assert "write us" not in error
    assert error == "warn: regions[0]: unknown region 'King'; did you mean 'wa-king'?"


def test_an_empty_list_of_regions_says_so_plainly(tmp_path: Path) -> None:
    assert errors_after(tmp_path, WARN_REGIONS, "    regions: []\n") == [
        "warn: regions: needs at least one item (got [])"
    ]


def test_a_parent_written_by_name_gets_the_id_to_write(tmp_path: Path) -> None:
    resources = tmp_path / "resources"
    shutil.copytree(DEFAULT_RESOURCES, resources)
    regions = resources / "regions.yaml"
    text = regions.read_text(encoding="utf-8")
    assert "    parent: wa\n" in text
    regions.write_text(text.replace("    parent: wa\n", "    parent: Washington\n", 1), "utf-8")
    messages = [p.message for p in load_directory(resources).report.errors]
    assert messages[0] == (
        "region wa-king: parent: unknown region 'Washington'; 'Washington' is a name for region "
        "wa (Washington State): write wa"
    )
