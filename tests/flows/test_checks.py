"""The flow checker: each rule, broken once, gives its `path:line` message and refuses the flow."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from bot.content import DEFAULT_CONVERSATIONS, DEFAULT_RESOURCES
from bot.directory.catalog import Directory
from bot.directory.entries import LoadOptions
from bot.directory.load import load_directory
from bot.flows.load import load_flow
from bot.staff_files.problems import display_path
from tests.helpers.editing import edit


@pytest.fixture(scope="module")
def directory() -> Directory:
    loaded = load_directory(DEFAULT_RESOURCES, LoadOptions(today=dt.date(2026, 11, 28)))
    assert loaded.directory is not None
    return loaded.directory


def broken_copy(tmp_path: Path, file: str, old: str, new: str) -> tuple[Path, Path]:
    """A copy of conversations/ with one edit; returns the copy and the edited file."""
    root = tmp_path / "conversations"
    shutil.copytree(DEFAULT_CONVERSATIONS, root)
    target = root / file
    edit(target, old, new, count=1)
    return root, target


def line_of(path: Path, fragment: str) -> int:
    """The first line containing `fragment`; a fragment ending in ':' must be the whole line."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if (line == fragment) if fragment.endswith(":") else (fragment in line):
            return number
    raise AssertionError(f"{fragment!r} not in {path}")


def errors(root: Path, directory: Directory) -> list[str]:
    flow, report = load_flow(root, directory)
    assert flow is None, "a broken flow must refuse to load"
    return [str(p) for p in report.errors]


def test_the_shipped_flow_loads_cleanly(directory: Directory) -> None:
    flow, report = load_flow(DEFAULT_CONVERSATIONS, directory)
    assert flow is not None, str(report)
    assert report.problems == ()


def test_a_button_leading_nowhere(tmp_path: Path, directory: Directory) -> None:
    root, path = broken_copy(
        tmp_path,
        "flow.yaml",
        "home: {label: button.home, goto: welcome}",
        "home: {label: button.home, goto: welcom}",
    )
    line = line_of(path, "goto: welcom}")
    assert (
        f"{path}:{line}: button 'home': goto: unknown screen 'welcom'; did you mean 'welcome'?"
        in errors(root, directory)
    )


def test_a_row_naming_an_unknown_button(tmp_path: Path, directory: Directory) -> None:
    root, path = broken_copy(
        tmp_path,
        "flow.yaml",
        "      - [erase]\n\n  choose_region:",
        "      - [erasee]\n\n  choose_region:",
    )
    line = line_of(path, "[erasee]")
    assert errors(root, directory) == [
        f"{path}:{line_of(path, '  welcome:')}: screen 'welcome' has no Erase button",
        f"{path}:{line}: screen 'welcome': rows[4][0]: unknown button 'erasee'; "
        "did you mean 'erase'?",
    ]


def test_a_text_missing_from_one_language(tmp_path: Path, directory: Directory) -> None:
    root, _ = broken_copy(tmp_path, "locales/es.yaml", "  home: 🏠 Inicio\n", "")
    flow_file = root / "flow.yaml"
    line = line_of(flow_file, "home: {label: button.home")
    assert errors(root, directory) == [
        f"{flow_file}:{line}: text 'button.home' is missing from es.yaml"
    ]


def test_a_screen_nobody_can_reach(tmp_path: Path, directory: Directory) -> None:
    root, path = broken_copy(
        tmp_path,
        "flow.yaml",
        "  search_tip:\n",
        "  orphan:\n    text: search_tip.body\n    rows:\n      - [home, erase]\n\n  search_tip:\n",
    )
    assert errors(root, directory) == [
        f"{path}:{line_of(path, '  orphan:')}: screen 'orphan' cannot be reached from 'welcome'"
    ]


def test_a_dead_end_with_no_way_back(tmp_path: Path, directory: Directory) -> None:
    root, path = broken_copy(tmp_path, "flow.yaml", "      - [start_again]", "      - [erase]")
    assert errors(root, directory) == [
        f"{path}:{line_of(path, '  erase:')}: screen 'erase' is a dead end: "
        "no way back to 'welcome'"
    ]


def test_a_screen_without_erase(tmp_path: Path, directory: Directory) -> None:
    root, path = broken_copy(
        tmp_path,
        "flow.yaml",
        "    text: privacy.body\n    rows:\n      - [safety]\n      - [home, erase]",
        "    text: privacy.body\n    rows:\n      - [safety]\n      - [home]",
    )
    assert errors(root, directory) == [
        f"{path}:{line_of(path, '  privacy:')}: screen 'privacy' has no Erase button"
    ]


def test_placeholders_must_match_english(tmp_path: Path, directory: Directory) -> None:
    root, path = broken_copy(
        tmp_path, "locales/es.yaml", "Página {page} de {pages}", "Página {pagina} de {pages}"
    )
    assert errors(root, directory) == [
        f"{path}:{line_of(path, 'Página {pagina}')}: results.page: "
        "placeholders {pages}, {pagina} "
        "do not match English {page}, {pages}"
    ]


def test_callback_data_that_could_exceed_64_bytes(tmp_path: Path, directory: Directory) -> None:
    resources = tmp_path / "resources"
    shutil.copytree(DEFAULT_RESOURCES, resources)
    (resources / "more-regions.yaml").write_text(
        "regions:\n"
        "  - id: king-county-including-seattle-metro\n"
        "    parent: wa\n"
        "    label: {en: King County, es: Condado de King}\n",
        encoding="utf-8",
    )
    bigger = load_directory(resources, LoadOptions(today=dt.date(2026, 11, 28))).directory
    assert bigger is not None
    flow_path = DEFAULT_CONVERSATIONS / "flow.yaml"
    messages = errors(DEFAULT_CONVERSATIONS, bigger)
    assert (
        f"{display_path(flow_path)}:{line_of(flow_path, '  choose_region:')}: "
        "screen 'choose_region': "
        "its buttons' data "
        "can reach 70 bytes (category 'advocacy', region 'king-county-including-seattle-metro'); "
        "Telegram allows 64: shorten the screen name or those ids"
    ) in messages


def test_a_typo_in_a_flow_key_suggests_the_right_one(tmp_path: Path, directory: Directory) -> None:
    root, path = broken_copy(
        tmp_path, "flow.yaml", "    when_region_known: results", "    when_region_knwn: results"
    )
    assert errors(root, directory) == [
        f"{path}:{line_of(path, 'when_region_knwn')}: screens.choose_region: unknown key "
        "'when_region_knwn'; did you mean 'when_region_known'?"
    ]


def test_an_unknown_resource_in_a_screen(tmp_path: Path, directory: Directory) -> None:
    root, path = broken_copy(
        tmp_path, "flow.yaml", "      - emergency-911\n", "      - emergency-9111\n"
    )
    assert errors(root, directory) == [
        f"{path}:{line_of(path, 'emergency-9111')}: screen 'emergency': resources[0]: "
        "unknown resource "
        "'emergency-9111'; did you mean 'emergency-911'?"
    ]


def test_a_language_without_its_locale_file(tmp_path: Path, directory: Directory) -> None:
    root, path = broken_copy(
        tmp_path, "flow.yaml", "languages: [en, es]", "languages: [en, es, fr]"
    )
    found = errors(root, directory)
    assert (
        f"{path}:{line_of(path, 'languages: [en, es, fr]')}: settings: languages[2]: "
        "no locale file locales/fr.yaml" in found
    )
    assert any("emergency_words: no words for 'fr'" in m for m in found)


def test_a_yaml_syntax_error_in_a_locale(tmp_path: Path, directory: Directory) -> None:
    root, path = broken_copy(
        tmp_path, "locales/en.yaml", "  home: 🏠 Start\n", "  home: [🏠 Start\n"
    )
    (message,) = errors(root, directory)
    assert message.startswith(f"{path}:")
    assert "YAML syntax error" in message
