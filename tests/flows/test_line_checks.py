"""The checks of the lines the flow offers: tag picks, emergency lines, per-category fallbacks.
Each rule, broken once in a copy of the shipped flow, gives its `path:line` message."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.content import DEFAULT_RESOURCES
from bot.directory.catalog import Directory
from bot.directory.entries import LoadOptions
from bot.directory.load import load_directory
from tests.flows.test_checks import broken_copy, errors, line_of


@pytest.fixture(scope="module")
def directory() -> Directory:
    loaded = load_directory(DEFAULT_RESOURCES, LoadOptions(today=dt.date(2026, 11, 28)))
    assert loaded.directory is not None
    return loaded.directory


CRISIS_PICK = "      - {tag: 24-hour crisis line, local: true}\n"


def test_a_tag_no_resource_carries(tmp_path: Path, directory: Directory) -> None:
    root, path = broken_copy(
        tmp_path, "flow.yaml", CRISIS_PICK, "      - {tag: 24-hour crisis lines, local: true}\n"
    )
    assert errors(root, directory) == [
        f"{path}:{line_of(path, 'crisis lines')}: screen 'emergency': resources[5]: no active "
        "resource has the tag '24-hour crisis lines'; did you mean '24-hour crisis line'?; "
        "add it to a resource's tags, or remove the pick"
    ]


def test_a_local_pick_whose_tag_only_national_lines_carry(
    tmp_path: Path, directory: Directory
) -> None:
    root, path = broken_copy(
        tmp_path, "flow.yaml", CRISIS_PICK, "      - {tag: befree, local: true}\n"
    )
    assert errors(root, directory) == [
        f"{path}:{line_of(path, 'tag: befree')}: screen 'emergency': resources[5]: every "
        "resource tagged 'befree' is national, so 'local: true' never shows one; give a local "
        "resource the tag"
    ]


def test_an_emergency_line_that_keeps_office_hours(tmp_path: Path, directory: Directory) -> None:
    root, path = broken_copy(tmp_path, "flow.yaml", "      - rainn\n", "      - trans-lifeline\n")
    assert errors(root, directory) == [
        f"{path}:{line_of(path, '      - trans-lifeline')}: screen 'emergency': resources[4]: "
        "emergency line 'trans-lifeline' does not answer 24/7 (hours: open_24_7: true); the "
        "emergency screen lists only lines a person can reach at any hour"
    ]


def test_a_tag_pick_that_finds_a_line_with_office_hours(
    tmp_path: Path, directory: Directory
) -> None:
    """Every resource a tag can show, for any place, is checked, not only the first."""
    root, path = broken_copy(tmp_path, "flow.yaml", CRISIS_PICK, "      - {tag: asian}\n")
    assert errors(root, directory) == [
        f"{path}:{line_of(path, 'tag: asian')}: screen 'emergency': resources[5]: emergency "
        "line 'api-chaya' does not answer 24/7 (hours: open_24_7: true); the emergency screen "
        "lists only lines a person can reach at any hour"
    ]


def test_a_category_without_fallback_lines(tmp_path: Path, directory: Directory) -> None:
    root, path = broken_copy(
        tmp_path, "flow.yaml", "    jobs: [us-211, national-human-trafficking-hotline]\n", ""
    )
    assert errors(root, directory) == [
        f"{path}:{line_of(path, '  category_fallbacks:')}: settings: category_fallbacks: no "
        "lines for category 'jobs': list the lines that fit it and help anywhere, so someone "
        "who finds nothing nearby still has someone to reach"
    ]


def test_fallback_lines_that_are_closed_at_night_or_cannot_take_a_text(
    tmp_path: Path, directory: Directory
) -> None:
    root, path = broken_copy(
        tmp_path,
        "flow.yaml",
        "    jobs: [us-211, national-human-trafficking-hotline]\n",
        "    jobs: [us-211, trans-lifeline]\n",
    )
    assert errors(root, directory) == [
        f"{path}:{line_of(path, '    jobs: [us-211, trans')}: settings: category_fallbacks.jobs: "
        "none of these lines is open 24/7 and takes texts or chats; add one (such as the "
        "national trafficking hotline), so the list is never empty at night or for someone "
        "who cannot talk"
    ]


def test_fallback_lines_for_a_category_that_does_not_exist(
    tmp_path: Path, directory: Directory
) -> None:
    root, path = broken_copy(tmp_path, "flow.yaml", "    jobs: [us-211,", "    job: [us-211,")
    found = errors(root, directory)
    assert (
        f"{path}:{line_of(path, '    job: [us-211,')}: settings: category_fallbacks: unknown "
        "category 'job'; did you mean 'jobs'?"
    ) in found
    assert any("no lines for category 'jobs'" in message for message in found)


def test_an_unknown_fallback_line(tmp_path: Path, directory: Directory) -> None:
    root, path = broken_copy(tmp_path, "flow.yaml", "    jobs: [us-211,", "    jobs: [us-2111,")
    assert errors(root, directory) == [
        f"{path}:{line_of(path, '    jobs: [us-2111,')}: settings: category_fallbacks.jobs: "
        "unknown resource 'us-2111'; did you mean 'us-211'?"
    ]


def test_a_text_only_row_on_a_screen_that_lists_nothing(
    tmp_path: Path, directory: Directory
) -> None:
    root, path = broken_copy(
        tmp_path,
        "flow.yaml",
        "    text: search_tip.body\n    rows:\n",
        "    text: search_tip.body\n    rows:\n      - {each: text_only}  # here\n",
    )
    assert errors(root, directory) == [
        f"{path}:{line_of(path, '# here')}: screen 'search_tip': rows[0]: "
        "'each: text_only' filters listed lines, but this screen lists none (show: results or "
        "resources)"
    ]
