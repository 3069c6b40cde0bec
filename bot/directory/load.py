"""Loading resources/*.yaml into a checked `Directory`, with every problem at its file and line.

Each entry is validated on its own, so one mistake never hides the next; then the entries are
checked against each other (unique ids, known categories and regions). A directory with any
error is refused as a whole: the bot keeps serving the last good one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from bot.directory import checks, phones
from bot.directory.catalog import Directory, Origin
from bot.directory.entries import Collector, Entry, LoadOptions, MisnamedReference
from bot.directory.gc_pause import collector_paused
from bot.directory.lines import FileLines, file_stamp
from bot.directory.models import Category, DirectoryFile, Region, Resource
from bot.directory.schema_errors import UNKNOWN_KEY_ERRORS, describe, did_you_mean
from bot.staff_files.problems import Report, Severity
from bot.staff_files.yaml_fast import parse_bytes_fast
from bot.staff_files.yaml_source import (
    YamlDocument,
    YamlError,
    parse_yaml,
    read_bytes,
)

SCHEMA_FILE = "schema.json"
SECTIONS: dict[str, type[Resource | Category | Region]] = {
    "resources": Resource,
    "categories": Category,
    "regions": Region,
}


@dataclass(frozen=True)
class LoadResult:
    """The directory (None when there were errors) and the full report."""

    directory: Directory | None
    report: Report


def yaml_files(root: Path) -> list[Path]:
    """The directory's YAML files in a stable order."""
    return sorted(p for p in root.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def load_directory(root: Path, options: LoadOptions | None = None) -> LoadResult:
    """Load and check every YAML file in `root`."""
    with collector_paused(), phones.remembering():
        return _load_directory(root, options or LoadOptions())


def _load_directory(root: Path, options: LoadOptions) -> LoadResult:
    collector = Collector()
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
            e.value.id: Origin.of_entry(e.lines, e.section, e.index)
            for kind in by_kind.values()
            for e in kind.values()
        },
    )
    return LoadResult(directory, report)


def _load_file(path: Path, options: LoadOptions, collector: Collector) -> None:
    lines = FileLines(path, file_stamp(path))  # before reading: a later edit is noticed
    raw = read_bytes(path, max_bytes=options.max_file_bytes)
    if isinstance(raw, YamlError):
        collector.add(Severity.ERROR, path, raw.line, raw.message, "syntax")
        return
    data = parse_bytes_fast(raw)
    if data is not None and _load_valid_file(path, data, lines, collector):
        return
    parsed = parse_yaml(raw)  # the reference: every problem at its line
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
        for index, item in enumerate(items):
            _load_entry(parsed, lines, key, index, item, collector)


def _load_valid_file(path: Path, data: Any, lines: FileLines, collector: Collector) -> bool:
    """Take the entries of a file read by the fast parser, if it has no problem at all.

    False (and nothing taken) on any problem: the file is then loaded again with the
    reference parser, which knows each problem's line.
    """
    if not isinstance(data, dict):
        return False
    entries = []
    for section, items in data.items():
        model = SECTIONS.get(section)
        if model is None or not isinstance(items, list):
            return False
        for index, item in enumerate(items):
            try:
                value = model.model_validate(item)
            except ValidationError:
                return False
            entries.append(Entry(value, path, section, index, lines))
    collector.entries.extend(entries)
    return True


def _load_entry(
    document: YamlDocument,
    lines: FileLines,
    section: str,
    index: int,
    item: Any,
    collector: Collector,
) -> None:
    model = SECTIONS[section]
    line = document.line_of((section, index))
    lines.set_entry_line(section, index, line)
    label = entry_label(section, index, item)
    try:
        value = model.model_validate(item)
    except ValidationError as exc:
        for error in reported_errors(exc.errors(include_url=False)):
            error_line = document.line_of((section, index, *_data_loc(error["loc"], item)))
            misnamed = misnamed_reference(section, error, lines.path, error_line, label)
            if misnamed is not None:  # its message needs every category and region: later
                collector.misnamed.append(misnamed)
                continue
            message = describe(error, model)
            kind = "unknown-key" if error["type"] in UNKNOWN_KEY_ERRORS else "schema"
            collector.add(Severity.ERROR, lines.path, error_line, f"{label}: {message}", kind)
        return
    collector.entries.append(Entry(value, lines.path, section, index, lines))


def reported_errors(errors: list[ErrorDetails]) -> list[ErrorDetails]:
    """pydantic's errors less the ones that only repeat another: a list whose every item is
    invalid is also "too short" once they are left out (`regions: [King County]` would say
    "tuple should have at least 1 item after validation, not 0" beside the real mistake)."""
    return [
        error
        for error in errors
        if not (
            error["type"] == "too_short"
            and isinstance(error.get("input"), list | tuple)
            and len(error["input"]) >= error.get("ctx", {}).get("min_length", 0)
        )
    ]


def misnamed_reference(
    section: str, error: ErrorDetails, path: Path, line: int | None, label: str
) -> MisnamedReference | None:
    """The reference to a category or region that `error` is about, when what was written
    cannot be an id at all (a name, capitals, spaces): checks.py then says which id to write."""
    loc = error["loc"]
    written = error.get("input")
    if error["type"] not in _NOT_AN_ID or not isinstance(written, str):
        return None
    if section == "resources" and len(loc) == 2 and loc[0] in _REFERENCES:
        index = loc[1]
        if isinstance(index, int):
            return MisnamedReference(path, line, label, str(loc[0]), index, written)
    if section == "regions" and tuple(loc) == ("parent",):
        return MisnamedReference(path, line, label, "parent", None, written)
    return None


_NOT_AN_ID = frozenset({"string_pattern_mismatch", "string_too_long"})
_REFERENCES = frozenset({"categories", "regions"})


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


def _unique_entries(collector: Collector) -> dict[str, dict[str, Entry]]:
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
            partial(_already_used, entry, first),
            "duplicate-id",
        )
    return by_kind


def _already_used(entry: Entry, first: Entry) -> str:
    return f"{entry.value.id}: id is already used at {first.path}:{first.line}"


def directory_file_schema() -> dict[str, Any]:
    """JSON Schema for every file under resources/ (editors use it to autocomplete)."""
    schema = DirectoryFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["description"] = (
        "A file of the resource directory. Generated by `python -m bot schema`; do not edit."
    )
    return schema
