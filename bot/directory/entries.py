"""What the loader gathers while it reads staff files: options, valid entries, problems.

Shared by `load.py` (reading each file) and `checks.py` (checks across entries), so neither
imports the other.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from bot.directory.lines import FileLines
from bot.directory.models import Category, Region, Resource
from bot.staff_files.problems import LineSource, MessageSource, Problem, Severity
from bot.staff_files.yaml_source import MAX_FILE_BYTES, Loc


@dataclass(frozen=True)
class LoadOptions:
    """What counts as a warning, and the limits on input."""

    today: dt.date | None = None  # None: the real date
    stale_after_days: int = 365
    translation_languages: tuple[str, ...] = ("es",)
    max_file_bytes: int = MAX_FILE_BYTES

    def current_date(self) -> dt.date:
        return self.today or dt.date.today()


@dataclass(frozen=True, slots=True)
class Entry:
    """A valid entry and where it came from, kept until the cross-checks are done."""

    value: Resource | Category | Region
    path: Path
    section: str
    index: int
    lines: FileLines

    @property
    def line(self) -> int | None:
        return self.lines.entry_line(self.section, self.index)


@dataclass(frozen=True, slots=True)
class MisnamedReference:
    """A category or region written in an entry in a form no id can take ("King County" in
    `regions:`), kept until every category and region is known so that its message can name
    the id to write (checks.py)."""

    path: Path
    line: int | None
    entry: str  # how messages name the entry ("ops-seattle", "region wa-king")
    field: str  # "categories", "regions" or "parent"
    index: int | None  # its position in the list (None for `parent`)
    written: str


@dataclass
class Collector:
    """Gathers entries and problems across files."""

    problems: list[Problem] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    misnamed: list[MisnamedReference] = field(default_factory=list)

    def add(
        self,
        severity: Severity,
        path: Path,
        line: int | LineSource | None,
        message: str | MessageSource,
        kind: str,
    ) -> None:
        self.problems.append(Problem(severity, path, line, message, kind))

    def line_of(self, entry: Entry, loc: Loc) -> LineSource:
        """The line of `loc` inside `entry` (else the entry's), found when first read."""
        entry.lines.want(entry.section, entry.index, loc)
        return lambda: entry.lines.line(entry.section, entry.index, loc) or entry.line
