"""`review`: what staff should look at in the directory, most urgent first."""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bot.cli.content_dirs import conversations_dir, resources_dir

FORMATS = ("text", "markdown", "csv")


def register(subparsers: Any) -> None:
    review = subparsers.add_parser(
        "review",
        help="list what staff should check in the directory, most urgent first",
        description="List entries marked needs_review, entries not verified for a long time, "
        "likely duplicates, missing translations and hours, and closed entries the flow still "
        "offers. Exit 0 when the review ran (findings are not failures), 1 when the directory "
        "or the flow cannot be read.",
    )
    add_common_arguments(review)
    review.add_argument(
        "--older-than",
        type=days,
        default=365,
        metavar="DAYS",
        help="list entries not verified for more than this many days (default 365)",
    )
    review.add_argument(
        "--conversations",
        type=Path,
        default=None,
        metavar="DIR",
        help="the conversation flow whose resources to check (default when PATH is not "
        "given: CONVERSATIONS_DIR, else conversations/)",
    )
    review.set_defaults(handler=run_review)


def add_common_arguments(parser: argparse.ArgumentParser) -> None:
    """PATH and --format, shared by `review` and `check-links`."""
    parser.add_argument(
        "path",
        nargs="?",
        type=Path,
        default=None,
        help="the resources directory (default: RESOURCES_DIR, else resources/)",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text for a terminal, markdown to paste into an issue or email, "
        "csv for a spreadsheet (default: text)",
    )


def days(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text} is not a number of days")
    return value


def positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a positive whole number")
    return value


def run_review(args: argparse.Namespace) -> int:
    """Print the review; exit 1 only when the directory or the flow cannot be read."""
    import datetime as dt

    from bot.directory.entries import LoadOptions
    from bot.directory.load import load_directory
    from bot.directory.review import FlowReferences, Format, Kind, render, review
    from bot.flows.references import flow_references

    conversations = (
        None if args.path and not args.conversations else conversations_dir(args.conversations)
    )
    today = dt.date.today()
    loaded = load_directory(
        resources_dir(args.path),
        LoadOptions(today=today, stale_after_days=args.older_than),
    )
    flow = flow_references(conversations) if conversations else FlowReferences()
    findings = review(
        loaded.directory,
        loaded.report,
        today=today,
        older_than_days=args.older_than,
        flow=flow,
    )
    output = Format(args.format)
    print(render(findings, output), end="")
    if output is Format.TEXT and findings:
        print(summary(f.urgency.label for f in findings))
    return 1 if any(f.kind == Kind.ERROR for f in findings) else 0


def summary(labels: Iterable[str]) -> str:
    """'8 to review: 6 high, 2 low', counting each urgency in order of first appearance."""
    counts: dict[str, int] = {}
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
    total = sum(counts.values())
    parts = ", ".join(f"{n} {label}" for label, n in counts.items())
    return f"{total} to review: {parts}"
