"""`export-hsds` and `import-hsds`: exchange the directory as Open Referral HSDS 3.x."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.cli.content_dirs import resources_dir, shown

if TYPE_CHECKING:
    from bot.directory.catalog import Directory


def register(subparsers: Any) -> None:
    export = subparsers.add_parser(
        "export-hsds",
        help="write the directory as Open Referral HSDS 3.x JSON",
        description="Write every resource as HSDS 3.x JSON under OUT_DIR: services.json (all "
        "services, in full), services/<id>.json, organizations.json, organizations/<id>.json, "
        "taxonomies.json and taxonomy_terms.json, the files the HSDS API would serve. Ids are "
        "UUIDs derived from ours, so they stay the same from one export to the next. Only "
        "English texts are exported: HSDS has no field for translations.",
    )
    export.add_argument("out_dir", type=Path, metavar="OUT_DIR")
    export.add_argument(
        "--resources",
        type=Path,
        default=None,
        metavar="DIR",
        help="default: RESOURCES_DIR, else resources/",
    )
    export.set_defaults(handler=run_export)

    imp = subparsers.add_parser(
        "import-hsds",
        help="turn HSDS 3.x JSON or CSV into a resources YAML file to review",
        description="Read HSDS 3.x data (a JSON file, a directory of JSON files such as an "
        "export-hsds tree, or a CSV Tabular Data Package directory) and write its services as "
        "one resources YAML file. Every entry is marked needs_review with a review_note saying "
        "where it came from and what was guessed or left out. Categories and regions are those "
        "of the directory given with --resources. Exit 1 when nothing could be imported.",
    )
    imp.add_argument("source", type=Path, metavar="IN_DIR_OR_CSV")
    imp.add_argument("out", type=Path, metavar="OUT.yaml")
    imp.add_argument(
        "--resources",
        type=Path,
        default=None,
        metavar="DIR",
        help="the directory whose categories and regions to map onto "
        "(default: RESOURCES_DIR, else resources/)",
    )
    imp.add_argument(
        "--default-category",
        default="advocacy",
        metavar="ID",
        help="category for services nothing else places (default: advocacy)",
    )
    imp.add_argument(
        "--inactive",
        action="store_true",
        help="import every entry as status: inactive, so none is shown until reviewed",
    )
    imp.add_argument("--force", action="store_true", help="overwrite OUT.yaml if it exists")
    imp.set_defaults(handler=run_import)


def run_export(args: argparse.Namespace) -> int:
    """Write the directory as HSDS JSON; refuse a directory with errors."""
    from bot.interop.hsds_export import ExportError, export_directory, write_export

    directory = _load(args.resources)
    if directory is None:
        return 1
    try:
        export = export_directory(directory)
    except ExportError as exc:
        print(f"error: {exc}")
        return 1
    write_export(export, args.out_dir)
    print(
        f"{args.out_dir}: {len(export.services)} services, "
        f"{len(export.organizations)} organizations, {len(export.taxonomy_terms)} taxonomy "
        "terms as HSDS 3.0 JSON (start with services.json; texts in English only)"
    )
    return 0


def run_import(args: argparse.Namespace) -> int:
    """Convert HSDS data to a resources YAML file, every entry marked for review."""
    from bot.interop.hsds_import import ImportOptions, import_services
    from bot.interop.hsds_read import HsdsReadError, read_hsds
    from bot.interop.yaml_writer import resources_yaml

    out: Path = args.out
    if out.exists() and not args.force:
        print(f"error: {out} exists; choose another name or pass --force to overwrite it")
        return 1
    directory = _load(args.resources)
    if directory is None:
        return 1
    if args.default_category not in directory.category_by_id:
        known = ", ".join(directory.category_by_id)
        print(f"error: --default-category {args.default_category!r} is not one of: {known}")
        return 1
    try:
        hsds = read_hsds(args.source)
    except HsdsReadError as exc:
        print(f"error: {exc}")
        return 1
    for notice in hsds.notices:
        print(f"note: {notice}")
    if not hsds.services:
        print(f"error: no HSDS services found in {args.source}")
        return 1
    today = dt.date.today()
    options = ImportOptions(
        today=today, default_category=args.default_category, inactive=args.inactive
    )
    # Ids must not clash with the directory's entries, except those of the file being replaced.
    taken = [
        r.id
        for r in directory.resources
        if (origin := directory.origin(r.id)) is None or origin.path.resolve() != out.resolve()
    ]
    result = import_services(hsds, directory, options, taken_ids=taken)
    for skipped in result.skipped:
        print(f"skipped {skipped.name} ({skipped.origin}): {skipped.reason}")
    if not result.resources:
        print("error: no service could be imported")
        return 1
    comment = (
        f"Imported on {today} from HSDS ({hsds.label}) with `python -m bot import-hsds`.",
        "Every entry needs review: read its review_note, check it with the service, then set",
        "needs_review: false (and remove the review_note).",
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(resources_yaml(result.resources, comment), encoding="utf-8")
    print(
        f"{out}: {len(result.resources)} of {len(hsds.services)} services from {hsds.label}, "
        "every one marked needs_review; check them with `python -m bot validate` beside "
        "categories.yaml and regions.yaml"
    )
    return 0


def _load(resources: Path | None) -> Directory | None:
    """The directory, or None after printing its errors."""
    from bot.directory.load import load_directory

    chosen = resources_dir(resources)
    result = load_directory(chosen)
    if result.directory is None:
        for problem in result.report.errors:
            print(problem)
        print(f"{shown(chosen)}: {result.report.summary()}; fix the errors first")
    return result.directory
