"""Problems found in staff-edited files, reported as `path:line: message`.

A problem's line (and a message that quotes another entry's line) may be given as a function,
called the first time someone reads it: finding the lines of thousands of warnings costs a
parse of every file, and the bot only counts its warnings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any

LineSource = Callable[[], int | None]
MessageSource = Callable[[], str]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Problem:
    """One thing wrong (an error) or worth a look (a warning), at a file and line."""

    __slots__ = ("_line", "_message", "kind", "path", "severity")
    severity: Severity
    path: Path
    kind: str  # short machine-readable tag, e.g. "stale"; not compared
    _line: int | LineSource | None
    _message: str | MessageSource

    def __init__(
        self,
        severity: Severity,
        path: Path,
        line: int | LineSource | None,
        message: str | MessageSource,
        kind: str = "",
    ) -> None:
        object.__setattr__(self, "severity", severity)
        object.__setattr__(self, "path", path)
        object.__setattr__(self, "_line", line)
        object.__setattr__(self, "_message", message)
        object.__setattr__(self, "kind", kind)

    @property
    def line(self) -> int | None:
        line = self._line
        if callable(line):
            line = line()
            object.__setattr__(self, "_line", line)
        return line

    @property
    def message(self) -> str:
        message = self._message
        if callable(message):
            message = message()
            object.__setattr__(self, "_message", message)
        return message

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def _key(self) -> tuple[Severity, Path, int | None, str]:
        return (self.severity, self.path, self.line, self.message)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Problem):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (
            f"Problem(severity={self.severity!r}, path={self.path!r}, line={self.line!r}, "
            f"message={self.message!r}, kind={self.kind!r})"
        )

    def __str__(self) -> str:
        path = display_path(self.path)
        where = f"{path}:{self.line}" if self.line else str(path)
        prefix = "warning: " if self.severity is Severity.WARNING else ""
        return f"{where}: {prefix}{self.message}"


class Report:
    """Every problem of one load, errors first, each group in file and line order.

    Sorted when first read, so that counting (`ok`, `summary`, `warning_count`) and the errors
    never need the warnings' lines.
    """

    __slots__ = ("_problems", "_sorted")

    def __init__(self, problems: Sequence[Problem] = ()) -> None:
        """`problems` already in order; `Report.of` sorts them."""
        self._problems = tuple(problems)
        self._sorted = True

    @classmethod
    def of(cls, problems: Iterable[Problem]) -> Report:
        report = cls(tuple(problems))
        report._sorted = False
        return report

    @classmethod
    def merge(cls, *reports: Report) -> Report:
        """The problems of all `reports` in one, sorted when read."""
        return cls.of(p for report in reports for p in report._problems)

    @property
    def problems(self) -> tuple[Problem, ...]:
        if not self._sorted:
            self._problems = (*self.errors, *self.warnings)
            self._sorted = True
        return self._problems

    @property
    def errors(self) -> Sequence[Problem]:
        return self._of(Severity.ERROR)

    @property
    def warnings(self) -> Sequence[Problem]:
        return self._of(Severity.WARNING)

    @property
    def ok(self) -> bool:
        return not any(p.severity is Severity.ERROR for p in self._problems)

    @property
    def warning_count(self) -> int:
        return sum(p.severity is Severity.WARNING for p in self._problems)

    def summary(self) -> str:
        w = self.warning_count
        e = len(self._problems) - w
        return f"{e} error{'s' * (e != 1)}, {w} warning{'s' * (w != 1)}"

    def _of(self, severity: Severity) -> list[Problem]:
        chosen = [p for p in self._problems if p.severity is severity]
        if not self._sorted:
            chosen.sort(key=lambda p: (str(p.path), p.line or 0))
        return chosen

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Report):
            return NotImplemented
        return self.problems == other.problems

    def __hash__(self) -> int:
        return hash(self.problems)

    def __repr__(self) -> str:
        return f"Report(problems={self.problems!r})"

    def __str__(self) -> str:
        return "\n".join([*(str(p) for p in self.problems), self.summary()])


def display_path(path: Path) -> Path:
    """The path as staff typed it: relative to where they ran the command, when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path
