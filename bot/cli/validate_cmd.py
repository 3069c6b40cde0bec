"""`validate` and `schema`: check the directory, and write its JSON Schema for editors."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

DEFAULT_RESOURCES = Path("resources")


def register(subparsers: Any) -> None:
    validate = subparsers.add_parser(
        "validate",
        help="check resources/*.yaml and report every problem as file:line",
        description="Check the directory. Exit 0 when there are no errors (warnings are allowed "
        "unless --strict), 1 otherwise.",
    )
    validate.add_argument("path", nargs="?", type=Path, default=DEFAULT_RESOURCES)
    validate.add_argument("--strict", action="store_true", help="treat warnings as errors")
    validate.add_argument(
        "--stale-after",
        type=int,
        default=365,
        metavar="DAYS",
        help="warn about entries not verified for this many days (default 365)",
    )
    validate.set_defaults(handler=run_validate)

    schema = subparsers.add_parser("schema", help="write resources/schema.json from the data model")
    schema.add_argument(
        "--output", type=Path, default=DEFAULT_RESOURCES / "schema.json", metavar="FILE"
    )
    schema.set_defaults(handler=run_schema)


def run_validate(args: argparse.Namespace) -> int:
    """Print the report; exit 1 on errors (or on warnings with --strict)."""
    from bot.directory.load import LoadOptions, load_directory

    result = load_directory(args.path, LoadOptions(stale_after_days=args.stale_after))
    report = result.report
    for problem in report.problems:
        print(problem)
    if result.directory is not None:
        d = result.directory
        print(
            f"{args.path}: {len(d.resources)} resources, {len(d.categories)} categories, "
            f"{len(d.regions)} regions; {report.summary()}"
        )
    else:
        print(f"{args.path}: {report.summary()}")
    failed = not report.ok or (args.strict and bool(report.warnings))
    return 1 if failed else 0


def run_schema(args: argparse.Namespace) -> int:
    """Write the JSON Schema that YAML editors use to autocomplete and underline mistakes."""
    from bot.directory.load import directory_file_schema

    args.output.write_text(schema_text(directory_file_schema()), encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


def schema_text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
