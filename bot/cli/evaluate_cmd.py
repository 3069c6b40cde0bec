"""`evaluate`: run the table of real-world messages through the bot, scored per situation."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bot.cli.content_dirs import add_content_arguments, load_chosen_content
from bot.content import PROJECT_ROOT

TABLES = PROJECT_ROOT / "tests" / "understanding"
# The table, and the held-out batches (written before reading the phrase lists) beside it.
DEFAULT_CASES = tuple(
    TABLES / name
    for name in ("cases.yaml", "held_out.yaml", *(f"held_out_{n}.yaml" for n in range(2, 21)))
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "evaluate",
        help="run the table of real messages through the bot and score it per situation",
        description="Run every message of the evaluation table through the engine on the "
        "directory and conversations, and print the score per situation and every failure. "
        "Exit 1 if a crisis or disclosure row fails, or fewer than 95%% of rows pass.",
    )
    parser.add_argument(
        "--cases",
        type=Path,
        action="append",
        metavar="FILE",
        help="a table to run (repeat for several; default: tests/understanding/cases.yaml and "
        "the held-out batches held_out.yaml to held_out_20.yaml)",
    )
    add_content_arguments(parser)
    parser.add_argument("--quiet", action="store_true", help="the scores only, no failures")
    parser.set_defaults(handler=run_evaluate)


def run_evaluate(args: argparse.Namespace) -> int:
    from bot.understanding.evaluation import MUST_PASS, evaluate, load_cases

    content = load_chosen_content(args)
    if content is None:
        return 1
    cases = []
    sizes = []
    for path in args.cases or DEFAULT_CASES:
        try:
            cases += load_cases(path)
        except (OSError, ValueError) as error:
            print(f"{path}: {error}", file=sys.stderr)
            return 1
        sizes.append((path.name, len(cases)))
    evaluation = evaluate(content.engine, cases)
    start = 0
    for name, end in sizes if len(sizes) > 1 else ():
        passed = sum(r.passed for r in evaluation.results[start:end])
        print(f"{name:<24} {passed:>3}/{end - start:<3} {100 * passed / (end - start):5.1f}%")
        start = end
    print(evaluation.report(failures=not args.quiet))
    return 1 if evaluation.failed(MUST_PASS) or evaluation.score < 0.95 else 0
