"""The command line: one module per command, each with `register(subparsers)`.

Commands import what they need inside their handler, so `python -m bot try` starts fast and
never loads the Telegram stack.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from bot.cli import (
    check_links_cmd,
    evaluate_cmd,
    flow_cmd,
    healthcheck_cmd,
    hsds_cmd,
    outreach_cmd,
    review_cmd,
    run_cmd,
    try_cmd,
    validate_cmd,
    web_cmd,
)

# Order here is the order in `--help`.
COMMANDS = [
    try_cmd,
    run_cmd,
    web_cmd,
    validate_cmd,
    review_cmd,
    check_links_cmd,
    evaluate_cmd,
    flow_cmd,
    healthcheck_cmd,
    outreach_cmd,
    hsds_cmd,
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="A discreet resource-referral bot: run it, try it, keep its directory true.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    result: int = args.handler(args)
    return result
