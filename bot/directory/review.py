"""What staff should look at in the directory, most urgent first, as a table to act on.

`review(...)` is pure: it takes the loaded directory, the loader's report and the resource ids
the conversation flow names, and returns `Finding`s, one per thing to do, each at the line
`validate` gives for it. `render(...)` (review_output.py) turns findings (these, or the link
checker's) into a terminal table, a Markdown table or CSV.

Urgency, from the top:
- urgent: the directory or the flow does not load, or the flow names a resource that is closed
  or missing. The bot refuses such content, so nothing else can be published until it is fixed.
- high: entries staff marked `needs_review`: a detail someone doubts is being shown right now.
- normal: entries not verified for longer than the threshold, and likely duplicates.
- low: missing translations and missing opening hours: the entry works, but less well.

Entries nobody is shown (status inactive or temporarily closed) are not asked for translations
or hours; inactive ones are not asked to be re-verified either.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from pathlib import Path

from bot.directory.catalog import Directory
from bot.directory.models import Resource, Status

# How findings are shown (`render`, `Format`) lives in review_output; importable from here too.
from bot.directory.review_output import CSV_HEADERS, HEADERS, Format, render
from bot.staff_files.problems import Problem, Report, display_path

LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}


class Urgency(IntEnum):
    URGENT = 0
    HIGH = 1
    NORMAL = 2
    LOW = 3

    @property
    def label(self) -> str:
        return self.name.lower()


class Kind(StrEnum):
    """What a finding is about; the CSV's `kind` column, for filtering in a spreadsheet."""

    ERROR = "error"
    CLOSED_IN_FLOW = "closed-in-flow"
    UNKNOWN_IN_FLOW = "unknown-in-flow"
    NEEDS_REVIEW = "needs-review"
    STALE = "stale"
    DUPLICATE = "duplicate"
    MISSING_TRANSLATION = "missing-translation"
    NO_HOURS = "no-hours"


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing for staff to do, at a file and line."""

    urgency: Urgency
    kind: str
    entry_id: str  # empty when the problem is not inside one entry (e.g. a YAML syntax error)
    path: Path | None
    line: int | None
    action: str  # what to do, in plain words
    last_verified: dt.date | None = None

    @property
    def where(self) -> str:
        if self.path is None:
            return ""
        path = display_path(self.path)
        return f"{path}:{self.line}" if self.line else str(path)

    def sort_key(self) -> tuple[int, dt.date, str, str, int, str]:
        """Urgency first, then the oldest verification, then a stable order."""
        return (
            self.urgency,
            self.last_verified or dt.date.max,
            self.entry_id,
            str(self.path or ""),
            self.line or 0,
            self.kind,
        )


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=Finding.sort_key)


# --- Where the flow names resources ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FlowReference:
    """A resource id written in the conversation flow, and where."""

    resource_id: str
    path: Path
    line: int | None
    place: str  # where a person sees it, e.g. "the emergency screen"


@dataclass(frozen=True)
class FlowReferences:
    references: tuple[FlowReference, ...] = ()
    problems: tuple[Problem, ...] = field(default=())


# --- The review --------------------------------------------------------------------------------


def review(
    directory: Directory | None,
    report: Report,
    *,
    today: dt.date,
    older_than_days: int = 365,
    flow: FlowReferences | None = None,
    languages: Sequence[str] = ("es",),
) -> list[Finding]:
    """Everything staff should look at, most urgent first."""
    flow = flow or FlowReferences()
    findings = [error_finding(p) for p in (*report.errors, *flow.problems)]
    if directory is not None:
        entries = _EntryFinder(directory)
        lines = _warning_lines(entries, report)
        findings += _flow_findings(directory, flow.references)
        findings += _duplicate_findings(directory, entries, report)
        for resource in directory.resources:
            findings += _resource_findings(
                directory, resource, today, older_than_days, languages, lines
            )
        findings += _label_findings(directory, languages, lines)
    return sort_findings(findings)


Where = tuple[Path | None, int | None]


def _warning_lines(entries: _EntryFinder, report: Report) -> dict[tuple[str, str], Where]:
    """Where `validate` put each of its warnings, by entry id and kind: the review points at
    the same line (`needs_review:`, `last_verified:`, `description:`) for the same entry."""
    found: dict[tuple[str, str], Where] = {}
    for problem in report.warnings:
        if problem.kind not in _SAME_AS_VALIDATE:
            continue
        entry_id = entries.at(problem.path, problem.line)
        if entry_id is not None:
            found.setdefault((entry_id, problem.kind), (problem.path, problem.line))
    return found


# The kinds of finding that `validate` also reports as a warning (the same kind names).
_SAME_AS_VALIDATE = frozenset({"needs-review", "stale", "missing-translation"})


def error_finding(problem: Problem) -> Finding:
    return Finding(Urgency.URGENT, Kind.ERROR, "", problem.path, problem.line, problem.message)


def _resource_findings(
    directory: Directory,
    resource: Resource,
    today: dt.date,
    older_than_days: int,
    languages: Sequence[str],
    lines: dict[tuple[str, str], Where],
) -> list[Finding]:
    origin = directory.origin(resource.id)
    entry: Where = (origin.path, origin.line) if origin else (None, None)

    def finding(urgency: Urgency, kind: Kind, action: str) -> Finding:
        path, line = lines.get((resource.id, kind.value), entry)
        return Finding(urgency, kind, resource.id, path, line, action, resource.last_verified)

    found: list[Finding] = []
    done = f"then set last_verified: {today.isoformat()}"
    if resource.needs_review:
        note = resource.review_note or "no note says what; check every detail."
        found.append(
            finding(
                Urgency.HIGH,
                Kind.NEEDS_REVIEW,
                f"Check it: {_sentence(note)} Once it is confirmed, delete the needs_review "
                f"and review_note lines and set last_verified: {today.isoformat()}.",
            )
        )
    days = (today - resource.last_verified).days
    if days > older_than_days and resource.status is not Status.INACTIVE:
        found.append(
            finding(
                Urgency.NORMAL,
                Kind.STALE,
                f"Not verified for {days} days: check its phone numbers, website and hours "
                f"with the service, {done}.",
            )
        )
    if not resource.is_active:
        return found  # nobody is shown it: translations and hours can wait
    for language in languages:
        if resource.description.get(language) is None:
            found.append(
                finding(
                    Urgency.LOW,
                    Kind.MISSING_TRANSLATION,
                    f"Add the {_language_name(language)} description "
                    f"(description: {language}: ...).",
                )
            )
    if resource.hours is None:
        found.append(
            finding(
                Urgency.LOW,
                Kind.NO_HOURS,
                "Add its hours: open_24_7: true, a weekly schedule, or a note "
                "such as 'by appointment'.",
            )
        )
    return found


def _label_findings(
    directory: Directory, languages: Sequence[str], lines: dict[tuple[str, str], Where]
) -> list[Finding]:
    """Category and region labels without a translation: buttons shown in English."""
    found: list[Finding] = []
    entries = [("category", c.id, c.label) for c in directory.categories]
    entries += [("region", r.id, r.label) for r in directory.regions]
    for what, entry_id, label in entries:
        origin = directory.origin(entry_id)
        entry: Where = (origin.path, origin.line) if origin else (None, None)
        path, line = lines.get((entry_id, Kind.MISSING_TRANSLATION.value), entry)
        for language in languages:
            if label.get(language) is None:
                found.append(
                    Finding(
                        Urgency.LOW,
                        Kind.MISSING_TRANSLATION,
                        entry_id,
                        path,
                        line,
                        f"Add the {_language_name(language)} label of this {what} "
                        f"(label: {language}: ...).",
                    )
                )
    return found


def _flow_findings(directory: Directory, references: Iterable[FlowReference]) -> list[Finding]:
    """Resources the flow offers although they are closed, or not in the directory at all."""
    found: list[Finding] = []
    for ref in references:
        resource = directory.resource_by_id.get(ref.resource_id)
        if resource is None:
            found.append(
                Finding(
                    Urgency.URGENT,
                    Kind.UNKNOWN_IN_FLOW,
                    ref.resource_id,
                    ref.path,
                    ref.line,
                    f"The bot is told to offer this resource on {ref.place}, but no entry has "
                    f"this id: correct the id there, or remove it from the list.",
                )
            )
        elif not resource.is_active:
            status = resource.status.value.replace("_", " ")
            origin = directory.origin(resource.id)
            found.append(
                Finding(
                    Urgency.URGENT,
                    Kind.CLOSED_IN_FLOW,
                    resource.id,
                    ref.path,
                    ref.line,
                    f"It is {status} (status at {origin}), but the bot still offers it on "
                    f"{ref.place}: remove it from that list, or set status: active if it "
                    "has reopened. Until then the bot refuses to load the conversation.",
                    resource.last_verified,
                )
            )
    return found


_DUPLICATE_SUFFIX = re.compile(r";\s*a duplicate entry\?$")
_FIELD_PATH = re.compile(r"^phones\[\d+\]: same number as")  # validate's words, for staff


def _duplicate_findings(
    directory: Directory, entries: _EntryFinder, report: Report
) -> list[Finding]:
    """The loader's likely-duplicate warnings, attributed to the entry they are in."""
    found: list[Finding] = []
    for problem in report.warnings:
        if problem.kind != "duplicate":
            continue
        entry_id = entries.at(problem.path, problem.line)
        resource = directory.resource_by_id.get(entry_id or "")
        detail = problem.message.removeprefix(f"{entry_id}: ") if entry_id else problem.message
        detail = _FIELD_PATH.sub("same phone number as", _DUPLICATE_SUFFIX.sub("", detail))
        found.append(
            Finding(
                Urgency.NORMAL,
                Kind.DUPLICATE,
                entry_id or "",
                problem.path,
                problem.line,
                f"Likely duplicate: {detail}. Merge the two entries, or make their names "
                "show how they differ.",
                resource.last_verified if resource else None,
            )
        )
    return found


class _EntryFinder:
    """The entry that contains a file's line: the nearest one starting at or above it."""

    def __init__(self, directory: Directory) -> None:
        starts: dict[Path, list[tuple[int, str]]] = {}
        for entry_id, origin in directory.origins.items():
            if origin.line is not None:
                starts.setdefault(origin.path, []).append((origin.line, entry_id))
        self._starts = {path: sorted(found) for path, found in starts.items()}

    def at(self, path: Path, line: int | None) -> str | None:
        starts = self._starts.get(path)
        if line is None or not starts:
            return None
        index = bisect.bisect_right(starts, (line, "\uffff")) - 1
        return starts[index][1] if index >= 0 else None


def _language_name(code: str) -> str:
    name = LANGUAGE_NAMES.get(code)
    return f"{name} ({code!r})" if name else repr(code)


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else text + "."


__all__ = [
    "CSV_HEADERS",
    "HEADERS",
    "Finding",
    "FlowReference",
    "FlowReferences",
    "Format",
    "Kind",
    "Urgency",
    "error_finding",
    "render",
    "review",
    "sort_findings",
]
