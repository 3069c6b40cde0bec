"""`validate` and `schema`: check the directory, and write its JSON Schema for editors."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from bot.cli.content_dirs import conversations_dir, resources_dir, shown
from bot.content import DEFAULT_CONVERSATIONS, DEFAULT_RESOURCES, PROJECT_ROOT

SCHEMA_FILES = {
    "resources": DEFAULT_RESOURCES / "schema.json",
    "flow": DEFAULT_CONVERSATIONS / "schema.json",
    "locale": DEFAULT_CONVERSATIONS / "locale.schema.json",
    "situations": DEFAULT_CONVERSATIONS / "situations.schema.json",
}


def register(subparsers: Any) -> None:
    validate = subparsers.add_parser(
        "validate",
        help="check resources/*.yaml and report every problem as file:line",
        description="Check the directory. Exit 0 when there are no errors (warnings are allowed "
        "unless --strict), 1 otherwise.",
    )
    validate.add_argument(
        "path",
        nargs="?",
        type=Path,
        default=None,
        help="the resources directory (default: RESOURCES_DIR, else resources/)",
    )
    validate.add_argument(
        "--conversations",
        type=Path,
        default=None,
        metavar="DIR",
        help="also check this conversation flow against the directory (default when PATH "
        "is not given: CONVERSATIONS_DIR, else conversations/)",
    )
    validate.add_argument("--strict", action="store_true", help="treat warnings as errors")
    validate.add_argument(
        "--stale-after",
        type=int,
        default=365,
        metavar="DAYS",
        help="warn about entries not verified for this many days (default 365)",
    )
    validate.set_defaults(handler=run_validate)

    schema = subparsers.add_parser(
        "schema",
        help="write the JSON Schemas editors use (resources/schema.json and conversations/)",
    )
    schema.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if a schema is out of date"
    )
    schema.set_defaults(handler=run_schema)


def run_validate(args: argparse.Namespace) -> int:
    """Print the report; exit 1 on errors (or on warnings with --strict)."""
    from bot.directory.entries import LoadOptions
    from bot.directory.load import load_directory
    from bot.flows.load import load_flow
    from bot.staff_files.problems import Report

    resources = resources_dir(args.path)
    conversations = (
        None if args.path and not args.conversations else conversations_dir(args.conversations)
    )
    result = load_directory(resources, LoadOptions(stale_after_days=args.stale_after))
    report = result.report
    checked = shown(resources)
    if result.directory is not None and conversations is not None:
        _, flow_report = load_flow(conversations, result.directory)
        report = Report.of((*report.problems, *flow_report.problems))
        checked += f" and {shown(conversations)}"
    for problem in report.problems:
        print(problem)
    if result.directory is not None:
        d = result.directory
        print(
            f"{checked}: {len(d.resources)} resources, {len(d.categories)} categories, "
            f"{len(d.regions)} regions; {report.summary()}"
        )
    else:
        print(f"{checked}: {report.summary()}")
    failed = not report.ok or (args.strict and bool(report.warnings))
    return 1 if failed else 0


def run_schema(args: argparse.Namespace) -> int:
    """Write the JSON Schemas that YAML editors use to autocomplete and underline mistakes."""
    stale = []
    generated = schemas()
    for kind, path in SCHEMA_FILES.items():
        text = schema_text(generated[kind])
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(path)
        if not args.check:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(PROJECT_ROOT)}")
    if args.check and stale:
        for path in stale:
            print(f"{path.relative_to(PROJECT_ROOT)} is out of date: run `python -m bot schema`")
        return 1
    return 0


def schemas() -> dict[str, dict[str, Any]]:
    """Every schema by kind, generated from the models."""
    from bot.directory.load import directory_file_schema
    from bot.flows.load import flow_file_schema, locale_file_schema
    from bot.understanding.situations_file import situations_file_schema

    return {
        "resources": directory_file_schema(),
        "flow": flow_file_schema(),
        "locale": locale_file_schema(),
        "situations": situations_file_schema(),
    }


def schema_text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
