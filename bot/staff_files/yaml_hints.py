"""What to do about a YAML syntax error, in the words of someone who edits YAML by hand.

The parser's own words ("mapping values are not allowed here", "did not find expected '-'
indicator") say what it could not do, not what the person did. `syntax_hint` looks at the lines
the error points to and names the usual mistake: a value with `: ` in it that needs quotes, a
line indented one space off, a quote or a bracket never closed, a missing space after a colon,
a value that starts with a character YAML keeps for itself. It only reads text, and says
nothing when no common mistake fits. When the mistake is on another line than the one where
the parser gave up (a quote opened 30 lines earlier), the hint names that line instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

# `  - key: value`, with the parts a hint needs; anything else has no key.
_LINE = re.compile(
    r"^(?P<indent> *)(?P<dash>(?:- +)*)(?:(?P<key>[A-Za-z0-9_][\w .-]*?):(?: +|$))?(?P<value>.*)$"
)
_DOUBLE_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')
_SINGLE_QUOTED = re.compile(r"'(?:[^']|'')*'")
_NO_SPACE_AFTER_COLON = re.compile(r"^ *(?:- +)?[A-Za-z0-9_][\w-]*:[^\s:/]")
# Characters that cannot start a plain value: each means something else to YAML.
_RESERVED_START = {
    "@": "@",
    "`": "`",
    "*": "* (an alias)",
    "&": "& (an anchor)",
    "!": "! (a tag)",
    "%": "%",
}
_BLOCK_PROBLEMS = ("expected <block end>", "did not find expected", "expected key")


@dataclass(frozen=True, slots=True)
class SyntaxHint:
    """What to do (a sentence to append to the parser's message), and the line to point at
    when the mistake is not where the parser stopped."""

    text: str = ""
    line: int | None = None


@dataclass(frozen=True, slots=True)
class _Line:
    number: int  # 1-based
    text: str
    indent: int  # spaces before the first character (a dash, a key or a value)
    key_column: int  # where a key (or value) after any dashes starts
    key: str | None
    value: str  # after `key: ` (or after `- `)
    value_column: int  # where the value starts

    def character(self, column: int) -> str:
        return self.text[column : column + 1]

    @classmethod
    def of(cls, lines: list[str], index: int) -> _Line:
        text = lines[index] if 0 <= index < len(lines) else ""
        match = _LINE.match(text)
        if match is None:  # pragma: no cover - every part of the pattern is optional
            raise ValueError(text)
        return cls(
            number=index + 1,
            text=text,
            indent=len(match["indent"]),
            key_column=match.end("dash"),
            key=match["key"],
            value=match["value"].rstrip(),
            value_column=match.start("value"),
        )


def syntax_hint(text: str, error: yaml.MarkedYAMLError) -> SyntaxHint:
    """How to fix `error` (a sentence starting with '. '), or an empty hint when none fits."""
    problem_mark, context_mark = error.problem_mark, error.context_mark
    if problem_mark is None:
        return SyntaxHint()
    lines = text.splitlines()
    problem = str(error.problem or "")
    here = _Line.of(lines, problem_mark.line)
    context_line = context_mark.line if context_mark is not None else problem_mark.line
    for found in (
        _reserved_start(here, problem_mark.column, problem),
        _unclosed_quote(lines, min(context_line, problem_mark.line), problem_mark.line),
        _quote_inside_quotes(here, problem_mark.column),
        _unclosed_bracket(lines, context_mark, problem_mark.line),
        _colon_in_value(lines, here, problem_mark.column, problem),
        _no_space_after_colon(lines, context_line, problem),
        _indentation(lines, here, problem),
    ):
        if isinstance(found, SyntaxHint):
            return SyntaxHint(f". {found.text}", found.line)
        if found:
            return SyntaxHint(f". {found}")
    return SyntaxHint()


def _reserved_start(here: _Line, column: int, problem: str) -> str | None:
    if "cannot start any token" not in problem and "undefined alias" not in problem:
        return None
    character = here.character(column)
    if character not in _RESERVED_START:
        return None
    return (
        f"A value cannot start with {_RESERVED_START[character]}: put the value in quotes, "
        f"as in {_quoted_suggestion(here)}"
    )


def _unclosed_quote(lines: list[str], first: int, last: int) -> SyntaxHint | None:
    """The nearest line at or above the error (not above `first`) whose quote never closes."""
    for index in range(min(last, len(lines) - 1), max(first, 0) - 1, -1):
        line = _Line.of(lines, index)
        quote = _opening_quote_left_open(line.value)
        if quote:
            return SyntaxHint(
                f"The {quote} on line {line.number} opens a quoted value that does not close "
                f"on that line: add the closing {quote}",
                line.number,
            )
    return None


def _opening_quote_left_open(value: str) -> str | None:
    if value.startswith('"') and not _DOUBLE_QUOTED.match(value):
        return '"'
    if value.startswith("'") and not _SINGLE_QUOTED.match(value):
        return "'"
    if value.startswith(("{", "[")):
        # Inside [ ] or { } an odd number of double quotes leaves one open.
        unescaped = len(re.findall(r'(?<!\\)"', value))
        if unescaped % 2:
            return '"'
    return None


def _quote_inside_quotes(here: _Line, column: int) -> str | None:
    if not here.value.startswith('"') or column <= here.value_column:
        return None
    closed = _DOUBLE_QUOTED.match(here.value)
    if closed is None or here.value_column + closed.end() > column:
        return None
    return (
        "The quote after the first one ends the value: to use double quotes inside it, put the "
        'whole value in single quotes instead (\'like "this"\'), or write \\" for each inner one'
    )


def _colon_in_value(lines: list[str], here: _Line, column: int, problem: str) -> str | None:
    if "mapping values are not allowed" in problem:
        if here.key is not None and column > here.value_column:
            # `key: text: more`: the first `: ` ends the key, the second is inside the value.
            return (
                "The value contains ': ', which YAML reads as the start of another key: put "
                f"the value in quotes, as in {_quoted_suggestion(here)}"
            )
        return _indented_more(lines, here)
    if "expected ','" in problem and here.character(column) == ":":
        return (
            "Inside { } a value that contains ': ' must be in quotes, "
            'as in {en: "Main line: 24/7"}'
        )
    return None


def _indented_more(lines: list[str], here: _Line) -> str | None:
    above = _previous_content_line(lines, here.number - 1)
    if above is None or here.indent <= _column_below(above, here):
        return None
    return (
        f"{_indent_sentence(above, here)}, so YAML reads line {here.number} as part of line "
        f"{above.number}'s value. Keys of the same entry must line up exactly"
    )


def _unclosed_bracket(
    lines: list[str], context_mark: yaml.Mark | None, last: int
) -> SyntaxHint | None:
    if context_mark is None or context_mark.line == last:
        return None
    opened = _Line.of(lines, context_mark.line).text[context_mark.column :]
    for opening, closing in (("[", "]"), ("{", "}")):
        if opened.startswith(opening) and opened.count(opening) > opened.count(closing):
            return SyntaxHint(
                f"The {opening} on line {context_mark.line + 1} is never closed: add {closing} "
                "at the end of that line",
                context_mark.line + 1,
            )
    return None


def _no_space_after_colon(lines: list[str], context_line: int, problem: str) -> str | None:
    if "could not find expected ':'" not in problem:
        return None
    line = _Line.of(lines, context_line)
    if not _NO_SPACE_AFTER_COLON.match(line.text):
        return None
    key, _, value = line.text.strip().removeprefix("- ").partition(":")
    return f"Put a space after the colon on line {line.number}: {key}: {value.strip()}"


def _indentation(lines: list[str], here: _Line, problem: str) -> str | None:
    if not any(words in problem for words in _BLOCK_PROBLEMS):
        return None
    if here.key is None and here.key_column == here.indent:
        return None  # neither a key nor a list item: something else is wrong with the line
    above = _previous_content_line(lines, here.number - 1)
    if above is None or _column_below(above, here) == here.indent:
        return None
    return (
        f"{_indent_sentence(above, here)}. Keys of the same entry, and the dashes of the same "
        "list, must line up exactly"
    )


def _column_below(above: _Line, here: _Line) -> int:
    """Where `here` would start to line up with `above`: under its key, or under its dash
    when both are list items (`- id: x` has its keys 4 characters in, its dash 2)."""
    return above.indent if here.key_column > here.indent else above.key_column


def _indent_sentence(above: _Line, here: _Line) -> str:
    return (
        f"Check the indentation: line {here.number} is indented {here.indent} spaces, line "
        f"{above.number} above it {_column_below(above, here)}"
    )


def _previous_content_line(lines: list[str], before: int) -> _Line | None:
    """The nearest line above 1-based line `before` + 1 that is neither blank nor a comment."""
    for index in range(before - 1, -1, -1):
        stripped = lines[index].strip()
        if stripped and not stripped.startswith("#"):
            return _Line.of(lines, index)
    return None


def _quoted_suggestion(line: _Line) -> str:
    value = line.value.replace("\\", "\\\\").replace('"', '\\"')
    prefix = f"{line.key}: " if line.key else ""
    return f'{prefix}"{value}"'
