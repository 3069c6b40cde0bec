"""Reading HSDS 3.x data, in any of its shapes, as a list of services.

What comes in: one JSON file or a directory of them (a single service, an organization with its
services, a service_at_location, an API `Page` of any of these, a list, or a whole `export-hsds`
tree), or a Tabular Data Package (a directory with `datapackage.json` and one CSV file per
table; the same tables keyed by file name in one JSON object, as in HSDS's `tabular.json`).

What goes out: every service once, *dereferenced*: its phones, schedules, areas, languages,
cost options, attributes (with their taxonomy terms), metadata, contacts and
service_at_locations (with their location and addresses) nested inside it, and its
organization under "organization". CSV rows are joined on their `*_id` columns to get there.
Values stay as HSDS gives them (CSV cells are strings, an empty cell is left out): the importer
copes with both.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.interop.hsds import Json

MAX_FILE_BYTES = 50 * 1024 * 1024

# HSDS object name -> the CSV file names it may come in (the first is HSDS's own).
TABLE_FILES: dict[str, tuple[str, ...]] = {
    "organization": ("organizations.csv",),
    "service": ("services.csv",),
    "phone": ("phones.csv",),
    "schedule": ("schedules.csv",),
    "service_area": ("service_areas.csv",),
    "language": ("languages.csv",),
    "service_at_location": ("service_at_location.csv", "service_at_locations.csv"),
    "location": ("locations.csv",),
    "address": ("addresses.csv",),
    "cost_option": ("cost_options.csv",),
    "attribute": ("attributes.csv",),
    "taxonomy_term": ("taxonomy_terms.csv",),
    "taxonomy": ("taxonomies.csv",),
    "metadata": ("metadata.csv",),
    "contact": ("contacts.csv",),
}
_TABLE_OF_FILE = {name: table for table, names in TABLE_FILES.items() for name in names}

Tables = dict[str, list[Json]]


class HsdsReadError(ValueError):
    """The input cannot be read as HSDS: missing, not JSON, not a package."""


@dataclass(frozen=True)
class HsdsService:
    """One service, dereferenced, and where it was read."""

    data: Json
    origin: str  # a file inside the input, e.g. "services.json" or "services.csv"

    @property
    def id(self) -> str:
        value = self.data.get("id")
        return value if isinstance(value, str) else ""


@dataclass(frozen=True)
class HsdsInput:
    """Every service found in one input, and what the reader noticed about the input."""

    label: str  # e.g. "JSON file service_full.json", "CSV package csv"
    services: tuple[HsdsService, ...]
    notices: tuple[str, ...] = ()


@dataclass
class _Found:
    services: dict[str, HsdsService] = field(default_factory=dict)
    ignored: dict[str, int] = field(default_factory=dict)

    def add(self, service: Json, origin: str) -> None:
        # Without an id a service cannot be recognised again: never merge it with another.
        key = str(service.get("id") or f"#{len(self.services)}")
        known = self.services.get(key)
        if known is None:
            self.services[key] = HsdsService(service, origin)
            return
        # The same service again (e.g. from /services and /services/{id}): keep the first copy,
        # and any service_at_location only the second one carries.
        links = list(_objects(known.data.get("service_at_locations")))
        seen = {link.get("id") for link in links}
        extra = [
            s for s in _objects(service.get("service_at_locations")) if s.get("id") not in seen
        ]
        if extra:
            merged = {**known.data, "service_at_locations": links + extra}
            self.services[key] = HsdsService(merged, known.origin)

    def ignore(self, kind: str) -> None:
        self.ignored[kind] = self.ignored.get(kind, 0) + 1


def read_hsds(path: Path) -> HsdsInput:
    """Read `path`: a JSON file, a directory of JSON files, or a CSV Tabular Data Package."""
    if not path.exists():
        raise HsdsReadError(f"{path}: no such file or directory")
    if path.is_dir():
        if (path / "datapackage.json").is_file() or (path / "services.csv").is_file():
            return _read_package(path)
        files = sorted((p for p in path.rglob("*.json") if p.is_file()), key=_reading_order(path))
        return _read_json_files(path, files)
    if path.name == "datapackage.json" or path.suffix.lower() == ".csv":
        return _read_package(path.parent)
    return _read_json_files(path, [path])


# JSON


def _reading_order(root: Path) -> Callable[[Path], tuple[int, str]]:
    """An API mirror (such as our export) is read from its service list first, so entries keep
    the publisher's order and each names the file a person would look in."""

    def order(path: Path) -> tuple[int, str]:
        relative = path.relative_to(root).as_posix()
        rank = 0 if relative == "services.json" else 1 if relative.startswith("services/") else 2
        return rank, relative

    return order


def _read_json_files(root: Path, files: list[Path]) -> HsdsInput:
    if not files:
        raise HsdsReadError(f"{root}: no .json files and no datapackage.json here")
    found = _Found()
    for file in files:
        origin = file.name if file == root else str(file.relative_to(root))
        _collect(_load_json(file), origin, found)
    kind = "file" if root.is_file() else "directory"
    return HsdsInput(f"JSON {kind} {root.name}", tuple(found.services.values()), _notices(found))


def _load_json(path: Path) -> Any:
    text = _read_text(path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise HsdsReadError(f"{path}:{exc.lineno}: not valid JSON: {exc.msg}") from None


def _collect(value: Any, origin: str, found: _Found) -> None:
    """Find the services in any HSDS JSON shape."""
    if isinstance(value, list):
        for item in value:
            _collect(item, origin, found)
        return
    if not isinstance(value, dict):
        found.ignore(type(value).__name__)
        return
    if isinstance(value.get("contents"), list):  # an API Page
        _collect(value["contents"], origin, found)
    elif value and all(isinstance(k, str) and k.endswith(".csv") for k in value):
        tables = _tables_by_name(value)  # tabular.json: the CSV tables as JSON
        for service in _join(tables):
            found.add(service, origin)
    elif _is_service(value):
        found.add(value, origin)
    elif isinstance(value.get("service"), dict):  # a service_at_location
        link = {k: v for k, v in value.items() if k != "service"}
        service = {**value["service"]}
        service["service_at_locations"] = [*_objects(service.get("service_at_locations")), link]
        found.add(service, origin)
    elif isinstance(value.get("services"), list):  # an organization with its services
        organization = {k: v for k, v in value.items() if k != "services"}
        for service in _objects(value["services"]):
            found.add({"organization": organization, **service}, origin)
    else:
        found.ignore(_kind_of(value))


def _is_service(value: Json) -> bool:
    # `status` is required in a service and exists in no other HSDS object.
    return isinstance(value.get("name"), str) and "status" in value and "location_type" not in value


def _kind_of(value: Json) -> str:
    if "location_type" in value:
        return "location"
    if {"taxonomy", "taxonomy_id", "taxonomy_detail", "term_uri", "code"} & value.keys():
        return "taxonomy term"
    if "openapi_url" in value:
        return "API description"
    if "name" in value and "description" in value:
        return "organization or taxonomy"
    return "other object"


def _notices(found: _Found) -> tuple[str, ...]:
    if not found.ignored:
        return ()
    kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(found.ignored.items()))
    return (f"not services, so not imported: {kinds}",)


# Tabular Data Package


def _read_package(root: Path) -> HsdsInput:
    notices: list[str] = []
    paths = _package_paths(root, notices)
    tables: Tables = {}
    for table, path in paths.items():
        tables[table] = _read_csv(path)
    if "service" not in tables:
        raise HsdsReadError(f"{root}: no services.csv in this package")
    services = _join(tables)
    return HsdsInput(
        f"CSV package {root.name}",
        tuple(HsdsService(s, _file_of(paths, "service")) for s in services),
        tuple(notices),
    )


def _package_paths(root: Path, notices: list[str]) -> dict[str, Path]:
    """Table name -> CSV file, from datapackage.json when it is a descriptor, else by name."""
    descriptor = root / "datapackage.json"
    paths: dict[str, Path] = {}
    if descriptor.is_file():
        try:
            package = json.loads(_read_text(descriptor))
        except json.JSONDecodeError:
            package = None
        resources = package.get("resources") if isinstance(package, dict) else None
        if isinstance(resources, list):
            for resource in _objects(resources):
                file = resource.get("path")
                name = resource.get("name")
                if not isinstance(file, str):
                    continue
                table = name if name in TABLE_FILES else _TABLE_OF_FILE.get(Path(file).name)
                candidate = (root / file).resolve()
                if table and candidate.is_file() and candidate.is_relative_to(root.resolve()):
                    paths.setdefault(table, candidate)
        else:
            notices.append(
                "datapackage.json is not a package descriptor: read the CSV files by their "
                "HSDS names"
            )
    for table, names in TABLE_FILES.items():
        for name in names:
            if table not in paths and (root / name).is_file():
                paths[table] = root / name
    return paths


def _file_of(paths: Mapping[str, Path], table: str) -> str:
    return paths[table].name


def _read_csv(path: Path) -> list[Json]:
    text = _read_text(path)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    # An empty cell is a missing value: leave it out, as JSON would.
    return [{k: v for k, v in row.items() if k and v not in (None, "")} for row in reader]


def _tables_by_name(value: Json) -> Tables:
    tables: Tables = {}
    for file, rows in value.items():
        table = _TABLE_OF_FILE.get(file)
        if table is not None and isinstance(rows, list):
            tables[table] = list(_objects(rows))
    return tables


def _join(tables: Tables) -> list[Json]:
    """Services with every related row nested inside, as HSDS JSON would carry them."""

    def rows(table: str, key: str, value: Any) -> list[Json]:
        if value is None:
            return []
        return [dict(row) for row in tables.get(table, []) if row.get(key) == value]

    def by_id(table: str) -> dict[Any, Json]:
        return {row.get("id"): row for row in tables.get(table, []) if row.get("id")}

    organizations = by_id("organization")
    locations = by_id("location")
    terms = by_id("taxonomy_term")
    taxonomies = by_id("taxonomy")

    def with_phones(rows_: list[Json], key: str) -> list[Json]:
        return [{**row, "phones": rows("phone", key, row.get("id"))} for row in rows_]

    def attribute(row: Json) -> Json:
        term = terms.get(row.get("taxonomy_term_id"))
        if term is None:
            return row
        detail = taxonomies.get(term.get("taxonomy_id"))
        term = {**term, "taxonomy_detail": detail} if detail else term
        return {**row, "taxonomy_term": term}

    def link(row: Json) -> Json:
        location = locations.get(row.get("location_id"))
        joined = {
            **row,
            "phones": rows("phone", "service_at_location_id", row.get("id")),
            "schedules": rows("schedule", "service_at_location_id", row.get("id")),
        }
        if location is not None:
            joined["location"] = {
                **location,
                "addresses": rows("address", "location_id", location.get("id")),
            }
        return joined

    services = []
    for row in tables.get("service", []):
        service_id = row.get("id")
        service = dict(row)
        organization = organizations.get(row.get("organization_id"))
        if organization is not None:
            service["organization"] = organization
        service["phones"] = rows("phone", "service_id", service_id)
        service["schedules"] = rows("schedule", "service_id", service_id)
        service["service_areas"] = rows("service_area", "service_id", service_id)
        service["languages"] = rows("language", "service_id", service_id)
        service["cost_options"] = rows("cost_option", "service_id", service_id)
        service["metadata"] = rows("metadata", "resource_id", service_id)
        service["attributes"] = [attribute(a) for a in rows("attribute", "link_id", service_id)]
        service["contacts"] = with_phones(rows("contact", "service_id", service_id), "contact_id")
        service["service_at_locations"] = [
            link(s) for s in rows("service_at_location", "service_id", service_id)
        ]
        services.append(service)
    return services


# Helpers


def _read_text(path: Path) -> str:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise HsdsReadError(f"{path}: {size} bytes is more than the {MAX_FILE_BYTES} allowed")
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise HsdsReadError(f"{path}: not UTF-8 text ({exc.reason})") from None


def _objects(value: Any) -> Iterable[Json]:
    """The dicts in `value` when it is a list; nothing otherwise."""
    if isinstance(value, list):
        yield from (item for item in value if isinstance(item, dict))
