"""Loading resources/*.yaml into a checked `Directory`, with every problem at its file and line.

Each entry is validated on its own, so one mistake never hides the next; then the entries are
checked against each other (unique ids, known categories and regions). A directory with any
error is refused as a whole: the bot keeps serving the last good one.
"""

from __future__ import annotations

import datetime as dt
import gc
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bot.directory import checks, phones
from bot.directory.directory import Directory, Origin
from bot.directory.models import Category, DirectoryFile, Region, Resource
from bot.problems import Problem, Report, Severity
from bot.schema_errors import describe, did_you_mean
from bot.yaml_source import MAX_FILE_BYTES, Loc, YamlDocument, YamlError, parse_yaml, read_yaml

SCHEMA_FILE = "schema.json"
SECTIONS: dict[str, type[Resource | Category | Region]] = {
    "resources": Resource,
    "categories": Category,
    "regions": Region,
}
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # what YAML counts as a new line


@dataclass(frozen=True)
class LoadOptions:
    """What counts as a warning, and the limits on input."""

    today: dt.date | None = None  # None: the real date
    stale_after_days: int = 365
    translation_languages: tuple[str, ...] = ("es",)
    max_file_bytes: int = MAX_FILE_BYTES

    def current_date(self) -> dt.date:
        return self.today or dt.date.today()


@dataclass(frozen=True)
class LoadResult:
    """The directory (None when there were errors) and the full report."""

    directory: Directory | None
    report: Report


@dataclass(frozen=True, slots=True)
class Entry:
    """A valid entry and where it came from, kept until the cross-checks are done."""

    value: Resource | Category | Region
    path: Path
    section: str
    index: int
    line: int | None
    # Where its text is: start line and column, end line and column (0-based, as YAML marks).
    span: tuple[int, int, int, int] | None = None


@dataclass
class _Collector:
    """Gathers entries and problems across files; finds lines again for cross-file problems."""

    problems: list[Problem] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    _documents: dict[Path, YamlDocument | None] = field(default_factory=dict)
    _lines: tuple[Path, list[str] | None] | None = None  # the file last re-read, line by line

    def add(
        self, severity: Severity, path: Path, line: int | None, message: str, kind: str
    ) -> None:
        self.problems.append(Problem(severity, path, line, message, kind))

    def line_of(self, entry: Entry, loc: Loc) -> int | None:
        """The line of `loc` inside `entry`, re-reading the file only when a problem needs it."""
        if not loc:
            return entry.line
        line = self._line_in_entry(entry, loc)
        if line is not None:
            return line
        if entry.path not in self._documents:
            parsed = read_yaml(entry.path)
            self._documents[entry.path] = parsed if isinstance(parsed, YamlDocument) else None
        document = self._documents[entry.path]
        line = document.line_of((entry.section, entry.index, *loc)) if document else None
        return line or entry.line

    def _line_in_entry(self, entry: Entry, loc: Loc) -> int | None:
        """The line of `loc`, parsing again only the entry's own text rather than its file.

        Same answer for far less work: with a stale date in every file, parsing whole
        files again doubled the load time. None when the text no longer holds the same entry
        (then the whole file is parsed, as before).
        """
        lines = self._file_lines(entry.path) if entry.span else None
        if not lines or entry.span is None:
            return None
        first, column, last, end_column = entry.span
        chunk = lines[first : last + 1]
        if not chunk:
            return None
        chunk[-1] = chunk[-1][:end_column] if last < len(lines) else chunk[-1]
        chunk[0] = " " * column + chunk[0][column:]  # "- id: x" -> "  id: x": same lines
        parsed = parse_yaml("".join(chunk).encode("utf-8"))
        if not (
            isinstance(parsed, YamlDocument)
            and isinstance(parsed.data, dict)
            and parsed.data.get("id") == entry.value.id
        ):
            return None
        line = parsed.line_of(loc)
        return line + first if line else None

    def _file_lines(self, path: Path) -> list[str] | None:
        if self._lines is None or self._lines[0] != path:
            try:
                text: str | None = path.read_bytes().decode("utf-8-sig")
            except (OSError, UnicodeDecodeError):
                text = None
            self._lines = (path, _split_lines(text) if text is not None else None)
        return self._lines[1]


def _split_lines(text: str) -> list[str]:
    """Lines with their endings, counted as YAML counts them (NEL and LS end a line too)."""
    if not any(c in text for c in "\x0b\x0c\x1c\x1d\x1e"):
        return text.splitlines(keepends=True)  # the same breaks as YAML's, when these are absent
    lines, start = [], 0
    for match in _LINE_BREAK.finditer(text):
        lines.append(text[start : match.end()])
        start = match.end()
    lines.append(text[start:])
    return lines


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while loading.

    Parsing and validating create hundreds of thousands of objects, none in reference cycles;
    with the collector on, it walks them all again and again and a 10,000-entry directory
    takes ten times longer to load. Everything is still freed by reference counting.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def yaml_files(root: Path) -> list[Path]:
    """The directory's YAML files in a stable order."""
    return sorted(p for p in root.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def load_directory(root: Path, options: LoadOptions | None = None) -> LoadResult:
    """Load and check every YAML file in `root`."""
    with _collector_paused(), phones.remembering():
        return _load_directory(root, options or LoadOptions())


def _load_directory(root: Path, options: LoadOptions) -> LoadResult:
    collector = _Collector()
    if not root.is_dir():
        collector.add(Severity.ERROR, root, None, "not a directory of YAML files", "missing")
        return LoadResult(None, Report.of(collector.problems))
    files = yaml_files(root)
    if not files:
        collector.add(Severity.ERROR, root, None, "no .yaml files found", "missing")
    for path in files:
        _load_file(path, options, collector)
    by_kind = _unique_entries(collector)
    checks.cross_check(by_kind, collector, options)
    report = Report.of(collector.problems)
    if not report.ok:
        return LoadResult(None, report)
    directory = Directory(
        resources=tuple(e.value for e in by_kind["resources"].values()),  # type: ignore[misc]
        categories=tuple(
            sorted(
                (e.value for e in by_kind["categories"].values()),  # type: ignore[misc]
                key=lambda c: (c.order, c.label.en),
            )
        ),
        regions=tuple(e.value for e in by_kind["regions"].values()),  # type: ignore[misc]
        origins={
            e.value.id: Origin(e.path, e.line) for kind in by_kind.values() for e in kind.values()
        },
    )
    return LoadResult(directory, report)


def _load_file(path: Path, options: LoadOptions, collector: _Collector) -> None:
    parsed = read_yaml(path, max_bytes=options.max_file_bytes)
    if isinstance(parsed, YamlError):
        collector.add(Severity.ERROR, path, parsed.line, parsed.message, "syntax")
        return
    data = parsed.data
    if not isinstance(data, dict):
        collector.add(
            Severity.ERROR,
            path,
            parsed.line_of(()),
            "expected a mapping with 'resources:', 'categories:' or 'regions:' at the top",
            "schema",
        )
        return
    for key, items in data.items():
        if key not in SECTIONS:
            hint = did_you_mean(key, list(SECTIONS))
            collector.add(
                Severity.ERROR,
                path,
                parsed.line_of((key,)),
                f"unknown section {key!r}{hint}",
                "schema",
            )
            continue
        if not isinstance(items, list):
            collector.add(
                Severity.ERROR,
                path,
                parsed.line_of((key,)),
                f"{key}: expected a list of entries",
                "schema",
            )
            continue
        nodes = _section_items(parsed, key)
        for index, item in enumerate(items):
            node = nodes[index] if index < len(nodes) else None
            _load_entry(parsed, path, key, index, item, collector, node)


def _section_items(document: YamlDocument, section: str) -> list[yaml.Node]:
    """The nodes of the entries listed under `section`."""
    root = document.root
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if isinstance(key, yaml.ScalarNode) and key.value == section:
                return list(value.value) if isinstance(value, yaml.SequenceNode) else []
    return []


def _load_entry(
    document: YamlDocument,
    path: Path,
    section: str,
    index: int,
    item: Any,
    collector: _Collector,
    node: yaml.Node | None = None,
) -> None:
    model = SECTIONS[section]
    line = document.line_of((section, index))
    label = entry_label(section, index, item)
    try:
        value = model.model_validate(item)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            message = describe(error, model)
            error_line = document.line_of((section, index, *_data_loc(error["loc"], item)))
            kind = "unknown-key" if error["type"] == "extra_forbidden" else "schema"
            collector.add(Severity.ERROR, path, error_line, f"{label}: {message}", kind)
        return
    span = None
    if node is not None:
        start, end = node.start_mark, node.end_mark
        span = (start.line, start.column, end.line, end.column)
    collector.entries.append(Entry(value, path, section, index, line, span))


def entry_label(section: str, index: int, item: Any) -> str:
    """How a message names an entry: its id if it has a usable one."""
    entry_id = item.get("id") if isinstance(item, dict) else None
    if isinstance(entry_id, str) and entry_id:
        return entry_id if section == "resources" else f"{section[:-1]} {entry_id}"
    return f"{section}[{index}]"


def _data_loc(loc: Sequence[str | int], item: Any) -> list[str | int]:
    """The prefix of pydantic's `loc` that actually exists in the YAML data, for line lookup."""
    result: list[str | int] = []
    node = item
    for part in loc:
        in_mapping = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if not (in_mapping or in_list):
            break
        node = node[part]
        result.append(part)
    return result


def _unique_entries(collector: _Collector) -> dict[str, dict[str, Entry]]:
    """Entries by section and id; a repeated id is an error at the second one."""
    by_kind: dict[str, dict[str, Entry]] = {section: {} for section in SECTIONS}
    for entry in collector.entries:
        seen = by_kind[entry.section]
        first = seen.get(entry.value.id)
        if first is None:
            seen[entry.value.id] = entry
            continue
        collector.add(
            Severity.ERROR,
            entry.path,
            collector.line_of(entry, ("id",)),
            f"{entry.value.id}: id is already used at {first.path}:{first.line}",
            "duplicate-id",
        )
    return by_kind


def directory_file_schema() -> dict[str, Any]:
    """JSON Schema for every file under resources/ (editors use it to autocomplete)."""
    schema = DirectoryFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["description"] = (
        "A file of the resource directory. Generated by `python -m bot schema`; do not edit."
    )
    return schema
