"""Every sentence the bot says, per language, from conversations/locales/<code>.yaml.

A locale file is nested YAML (`welcome: {body: ...}`) read as dotted keys (`welcome.body`).
Placeholders are `{name}`; a translation must use exactly the placeholders of the English text.
"""

from __future__ import annotations

import string
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.staff_files.problems import Problem, Severity
from bot.staff_files.yaml_source import YamlError, read_yaml


@dataclass(frozen=True)
class Locale:
    """One language's texts, with the line of each key for error messages."""

    language: str
    path: Path
    texts: Mapping[str, str]
    lines: Mapping[str, int | None]

    def line(self, key: str) -> int | None:
        return self.lines.get(key)


@dataclass(frozen=True)
class Translations:
    """All locales; `text()` falls back to the default language, then to the key itself."""

    locales: Mapping[str, Locale]
    default_language: str

    def text(self, language: str, key: str, **values: object) -> str:
        template = self.template(language, key)
        if not values:
            return template.replace("{{", "{").replace("}}", "}")
        return template.format_map(_Blank(values))

    def template(self, language: str, key: str) -> str:
        for code in (language, self.default_language):
            locale = self.locales.get(code)
            if locale is not None and key in locale.texts:
                return locale.texts[key]
        return key

    def has(self, language: str, key: str) -> bool:
        locale = self.locales.get(language)
        return locale is not None and key in locale.texts


class _Blank(dict[str, object]):
    """Formatting values where a missing placeholder renders as nothing, never KeyError."""

    def __missing__(self, key: str) -> str:
        return ""


def placeholders(template: str) -> frozenset[str]:
    """The `{names}` a template uses; raises ValueError for unbalanced braces."""
    return frozenset(
        name for _, name, _, _ in string.Formatter().parse(template) if name is not None
    )


def load_locale(path: Path) -> Locale | Problem:
    """Read one locale file; every value must be a string."""
    parsed = read_yaml(path)
    if isinstance(parsed, YamlError):
        return Problem(Severity.ERROR, path, parsed.line, parsed.message, "syntax")
    if not isinstance(parsed.data, dict):
        return Problem(Severity.ERROR, path, 1, "expected a mapping of keys to texts", "schema")
    texts: dict[str, str] = {}
    lines: dict[str, int | None] = {}
    for key, value, loc in _flatten(parsed.data, ()):
        if not isinstance(value, str) or not value.strip():
            return Problem(
                Severity.ERROR,
                path,
                parsed.line_of(loc),
                f"{key}: expected a non-empty text, got {value!r}",
                "schema",
            )
        texts[key] = value.strip()
        lines[key] = parsed.line_of(loc)
    return Locale(path.stem, path, texts, lines)


def _flatten(data: Any, loc: tuple[str, ...]) -> Iterator[tuple[str, Any, tuple[str, ...]]]:
    if isinstance(data, dict) and data:
        for key, value in data.items():
            yield from _flatten(value, (*loc, str(key)))
    else:
        yield ".".join(loc), data, loc
