"""Printed cards' opaque codes: every shipped code opens the screen it stands for, and each
mistake in conversations/cards.yaml is refused at its line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.content import Content, load_content
from bot.directory.catalog import Directory
from bot.flows.deeplink import DeepLink, parse
from bot.flows.events import Start
from tests.flows.test_checks import broken_copy, directory, errors, line_of
from tests.helpers.content import WEDNESDAY_MORNING

__all__ = ["directory"]  # the shared fixture

KNOWN: dict[str, Any] = {
    "categories": {"legal"},
    "regions": {"wa-king"},
    "languages": {"en", "es"},
    "commands": {"emergency"},
}
CODES = {"h5f": DeepLink("legal", "wa-king"), "j3f": DeepLink(command="emergency")}


def test_a_code_stands_for_its_words() -> None:
    assert parse("h5f", **KNOWN, codes=CODES) == DeepLink("legal", "wa-king")
    assert parse("H5F", **KNOWN, codes=CODES) == DeepLink("legal", "wa-king")
    assert parse("h5f_es", **KNOWN, codes=CODES) == DeepLink("legal", "wa-king", "es")
    assert parse("j3f_es", **KNOWN, codes=CODES) == DeepLink(language="es", command="emergency")
    # A code and a word that says the same thing twice (or two codes) mean nothing.
    assert parse("h5f_legal", **KNOWN, codes=CODES) is None
    assert parse("h5f_j3f", **KNOWN, codes=CODES) is None
    assert parse("h5f", **KNOWN) is None  # without the codes it is an unknown word


# The shipped cards.yaml, read here as text: what each code is written to open.
SHIPPED = Path(__file__).resolve().parents[2] / "conversations" / "cards.yaml"


def shipped_codes() -> list[tuple[str, dict[str, str]]]:
    found = []
    for line in SHIPPED.read_text(encoding="utf-8").splitlines():
        code, _, fields = line.strip().partition(": {")
        if fields:
            pairs = (field.split(": ") for field in fields.rstrip("}").split(", "))
            found.append((code, dict(pairs)))
    return found


def test_every_shipped_code_opens_what_it_stands_for(content: Content) -> None:
    codes = shipped_codes()
    assert len(codes) == len(content.flow.card_codes) == 30
    for code, fields in codes:
        screen = content.engine.handle(Start(code), WEDNESDAY_MORNING)
        state = screen.state
        language = fields.get("language", "en")
        if fields.get("command") == "emergency":
            assert (state.screen, state.language) == ("emergency", language), code
            continue
        expected_screen = "results" if "region" in fields else "choose_region"
        assert (state.screen, state.category, state.region, state.language) == (
            expected_screen,
            fields["category"],
            fields.get("region"),
            language,
        ), code


def test_a_code_opens_in_the_persons_own_language_unless_it_says(content: Content) -> None:
    screen = content.engine.handle(Start("h5f", language_code="es-419"), WEDNESDAY_MORNING)
    assert (screen.state.screen, screen.state.language) == ("results", "es")
    screen = content.engine.handle(Start("y7t", language_code="en"), WEDNESDAY_MORNING)
    assert screen.state.language == "es"  # the card was made for Spanish speakers


CARDS = "cards.yaml"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "h5f: {category: legal, region: wa-king}",
            "h5f: {category: lawyer, region: wa-king}",
            "card code 'h5f': unknown category 'lawyer'",
        ),
        (
            "h5f: {category: legal, region: wa-king}",
            "h5f: {category: legal, region: seattle}",
            "card code 'h5f': unknown region 'seattle'; 'seattle' is a name for region wa-king "
            "(Seattle and King County): write wa-king",
        ),
        (
            "y7t: {category: legal, region: wa-king, language: es}",
            "y7t: {category: legal, region: wa-king, language: fr}",
            "card code 'y7t': unknown language 'fr'",
        ),
        (
            "j3f: {command: emergency, call: emergency-911}",
            "j3f: {command: emergencies, call: emergency-911}",
            "card code 'j3f': unknown command 'emergencies'; did you mean 'emergency'?",
        ),
        (
            "h5f: {category: legal, region: wa-king}",
            "legal: {category: legal, region: wa-king}",
            "card code 'legal': also a category id, so a link with it would be ambiguous",
        ),
        (
            "h5f: {category: legal, region: wa-king}",
            "es: {category: legal, region: wa-king}",
            "card code 'es': also a language id",
        ),
        (
            "h5f: {category: legal, region: wa-king}",
            "help: {category: legal, region: wa-king}",
            "card code 'help': also a command id",
        ),
        (
            "h5f: {category: legal, region: wa-king}",
            "h5f: {}",
            "card code 'h5f': opens nothing",
        ),
        (
            "j3f: {command: emergency, call: emergency-911}",
            "j3f: {command: emergency, region: wa-king}",
            "card code 'j3f': a command opens its own screen",
        ),
        (
            "j3f: {command: emergency, call: emergency-911}",
            "j3f: {command: emergency, call: emergency-9111}",
            "card code 'j3f': call: unknown resource 'emergency-9111'; did you mean "
            "'emergency-911'?",
        ),
        (
            "e8x: {category: hotline}",
            "h5f: {category: hotline}",
            "the key 'h5f' appears twice in the same block",
        ),
        (
            "e8x: {category: hotline}",
            "E8X: {category: hotline}",
            "'E8X'",
        ),
    ],
)
def test_each_mistake_is_refused_at_its_line(
    old: str, new: str, message: str, tmp_path: Path, directory: Directory
) -> None:
    root, path = broken_copy(tmp_path, CARDS, old, new)
    found = errors(root, directory)
    line = line_of(path, f"  {new}")  # the edited line
    assert any(f"{path.name}:{line}: " in e and message in e for e in found), found


def test_the_same_code_in_two_files_is_refused(tmp_path: Path, directory: Directory) -> None:
    root, _ = broken_copy(tmp_path, CARDS, "# Anywhere", "# Anywhere")
    more = root / "more-cards.yaml"
    more.write_text("card_codes:\n  h5f: {category: shelter}\n", encoding="utf-8")
    found = errors(root, directory)
    assert any(
        "more-cards.yaml:2: card_code 'h5f' is already defined at" in e and "cards.yaml:" in e
        for e in found
    ), found


def test_a_call_to_a_closed_line_is_refused(tmp_path: Path) -> None:
    import shutil

    from bot.content import DEFAULT_CONVERSATIONS, DEFAULT_RESOURCES

    resources = tmp_path / "resources"
    shutil.copytree(DEFAULT_RESOURCES, resources)
    national = resources / "national.yaml"
    text = national.read_text(encoding="utf-8")
    start = text.index("  - id: emergency-911\n")
    cut = text.index("    last_verified:", start)
    national.write_text(text[:cut] + "    status: inactive\n" + text[cut:], encoding="utf-8")
    result = load_content(resources, DEFAULT_CONVERSATIONS)
    assert result.content is None
    assert any(
        "card code 'j3f': call: emergency-911 is inactive" in str(p) for p in result.report.errors
    ), [str(p) for p in result.report.errors]
