"""Staff's usual YAML mistakes, made in the shipped files, each answered with what to do.

Every case edits a real line of resources/washington.yaml or conversations/flow.yaml the way
people get it wrong, loads the copy, and checks the message names the right line and says how
to fix it (not only what the parser could not do).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.content import DEFAULT_CONVERSATIONS, DEFAULT_RESOURCES, load_content
from bot.directory.load import load_directory
from bot.staff_files.yaml_hints import syntax_hint
from bot.staff_files.yaml_source import YamlError, parse_yaml

WASHINGTON = DEFAULT_RESOURCES / "washington.yaml"
SHIPPED = WASHINGTON.read_text(encoding="utf-8")
ORGANIZATION = "    organization: IRC Seattle\n"  # WARN, the first entry


def line_of(text: str, fragment: str) -> int:
    """The 1-based line of the first line of `text` that contains `fragment`."""
    return next(i for i, line in enumerate(text.splitlines(), start=1) if fragment in line)


def errors_after(tmp_path: Path, edited: str) -> list[str]:
    resources = tmp_path / "resources"
    shutil.copytree(DEFAULT_RESOURCES, resources)
    (resources / "washington.yaml").write_text(edited, encoding="utf-8")
    report = load_directory(resources).report
    return [f"{p.line}: {p.message}" for p in report.errors]


def edit(old: str, new: str) -> str:
    assert old in SHIPPED, old
    return SHIPPED.replace(old, new, 1)


CASES = [
    pytest.param(
        edit(ORGANIZATION, "    organization: IRC Seattle: Washington office\n"),
        "IRC Seattle: Washington",
        'put the value in quotes, as in organization: "IRC Seattle: Washington office"',
        id="unquoted colon in a value",
    ),
    pytest.param(
        edit(
            "        en: Any trafficking victim in Washington, regardless of immigration status.",
            "        en: Note: any trafficking victim in Washington, regardless of immigration "
            "status.",
        ),
        "en: Note: any",
        'put the value in quotes, as in en: "Note: any trafficking victim',
        id="unquoted colon in a translation",
    ),
    pytest.param(
        edit(
            '      - {kind: voice, number: "206-245-0782"}',
            '      - {kind: voice, number: "206-245-0782", label: {en: Main line: 24/7}}',
        ),
        "Main line: 24/7",
        "Inside {{ }} a value that contains ': ' must be in quotes",
        id="unquoted colon inside braces",
    ),
    pytest.param(
        edit(ORGANIZATION, "   organization: IRC Seattle\n"),
        "   organization: IRC",
        "Check the indentation: line {line} is indented 3 spaces, line {prev} above it 4",
        id="a key one space short",
    ),
    pytest.param(
        edit(ORGANIZATION, "      organization: IRC Seattle\n"),
        "      organization: IRC",
        "is indented 6 spaces, line {prev} above it 4, so YAML reads line {line} as part of line "
        "{prev}'s",
        id="a key indented too far",
    ),
    pytest.param(
        edit("    cost: free\n    confidential: true\n", "    cost: free\n  confidential: true\n"),
        "  confidential: true",
        "is indented 2 spaces, line {prev} above it 4",
        id="a key back at the level of the list",
    ),
    pytest.param(
        edit('number: "206-245-0782"}', 'number: "206-245-0782}'),
        '"206-245-0782}',  # the parser stops 36 lines later, at the next quote
        'The " on line {line} opens a quoted value that does not close on that line',
        id="a quote never closed",
    ),
    pytest.param(
        edit(ORGANIZATION, "    organization: 'IRC Seattle\n"),
        "'IRC Seattle",  # the parser stops at an apostrophe 286 lines later
        "The ' on line {line} opens a quoted value that does not close on that line",
        id="a single quote never closed",
    ),
    pytest.param(
        edit("    categories: [hotline, legal]\n", "    categories: [hotline, legal\n"),
        "[hotline, legal",
        "The [ on line {line} is never closed: add ]",
        id="a bracket never closed",
    ),
    pytest.param(
        edit("    cost: free\n", "    cost:free\n"),
        "confidential: true",  # the parser notices on the next line
        "Put a space after the colon on line {prev}: cost: free",
        id="no space after the colon",
    ),
    pytest.param(
        edit(ORGANIZATION, "    organization: @IRC Seattle\n"),
        "@IRC",
        'A value cannot start with @: put the value in quotes, as in organization: "@IRC Seattle"',
        id="a value starting with @",
    ),
    pytest.param(
        edit(ORGANIZATION, '    organization: "IRC "Seattle" office"\n'),
        'IRC "Seattle',
        "put the whole value in single quotes instead",
        id="quotes inside a quoted value",
    ),
]


@pytest.mark.parametrize(("edited", "at", "hint"), CASES)
def test_each_mistake_names_its_line_and_what_to_do(
    edited: str, at: str, hint: str, tmp_path: Path
) -> None:
    [error] = errors_after(tmp_path, edited)
    line, _, message = error.partition(": ")
    expected = line_of(edited, at)
    assert int(line) == expected, error
    assert message.startswith("YAML syntax error: "), error
    # {line}: the line of `at`; {prev}: the line above it (no blank line in between here).
    assert hint.format(line=expected, prev=expected - 1) in message, error


def test_the_hint_comes_whichever_parser_reads_the_file() -> None:
    """PyYAML's C and Python parsers word their errors differently; the hint does not care."""
    import yaml

    edited = edit(ORGANIZATION, "    organization: IRC Seattle: Washington office\n")
    hints = set()
    for loader in (yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        with pytest.raises(yaml.MarkedYAMLError) as caught:
            yaml.compose(edited, Loader=loader)
        hints.add(syntax_hint(edited, caught.value).text)
    [hint] = hints
    assert "put the value in quotes" in hint


def test_the_flow_file_gets_the_same_hints(tmp_path: Path) -> None:
    conversations = tmp_path / "conversations"
    shutil.copytree(DEFAULT_CONVERSATIONS, conversations)
    flow = conversations / "flow.yaml"
    text = flow.read_text(encoding="utf-8")
    old = "  home: {label: button.home, goto: welcome}"
    assert old in text
    flow.write_text(text.replace(old, "   home: {label: button.home, goto: welcome}"), "utf-8")
    report = load_content(DEFAULT_RESOURCES, conversations).report
    [error] = report.errors
    assert error.line == line_of(flow.read_text(encoding="utf-8"), "   home:")
    assert "Check the indentation" in error.message


def test_no_hint_when_no_usual_mistake_fits() -> None:
    parsed = parse_yaml(b"resources:\n  - id: x\n  ]\n")
    assert isinstance(parsed, YamlError)
    assert parsed.message.count(".") <= 1, parsed.message  # the parser's words, nothing added
