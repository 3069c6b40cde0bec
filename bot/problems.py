"""Problems found in staff-edited files, reported as `path:line: message`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong (an error) or worth a look (a warning), at a file and line."""

    severity: Severity
    path: Path
    line: int | None
    message: str
    kind: str = field(default="", compare=False)  # short machine-readable tag, e.g. "stale"

    def __str__(self) -> str:
        path = display_path(self.path)
        where = f"{path}:{self.line}" if self.line else str(path)
        prefix = "warning: " if self.severity is Severity.WARNING else ""
        return f"{where}: {prefix}{self.message}"


@dataclass(frozen=True)
class Report:
    """Every problem of one load, errors first, each group in file and line order."""

    problems: tuple[Problem, ...] = ()

    @classmethod
    def of(cls, problems: Iterable[Problem]) -> Report:
        def order(p: Problem) -> tuple[int, str, int]:
            return (0 if p.severity is Severity.ERROR else 1, str(p.path), p.line or 0)

        return cls(tuple(sorted(problems, key=order)))

    @property
    def errors(self) -> Sequence[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> Sequence[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        e, w = len(self.errors), len(self.warnings)
        return f"{e} error{'s' * (e != 1)}, {w} warning{'s' * (w != 1)}"

    def __str__(self) -> str:
        return "\n".join([*(str(p) for p in self.problems), self.summary()])


def display_path(path: Path) -> Path:
    """The path as staff typed it: relative to where they ran the command, when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path
