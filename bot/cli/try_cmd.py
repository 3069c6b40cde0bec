"""`try`: the bot in this terminal, on the shipped directory, no token needed."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "try",
        help="talk to the bot in this terminal (no token, no network)",
        description="Run the conversation in the terminal: type a number to press a button, "
        "other text to search, q to quit. Reads one input per line when piped.",
    )
    parser.add_argument("--lang", default=None, help="start in this language (en, es)")
    parser.add_argument("--resources", type=Path, default=None, metavar="DIR")
    parser.add_argument("--conversations", type=Path, default=None, metavar="DIR")
    parser.set_defaults(handler=run_try)


def run_try(args: argparse.Namespace) -> int:
    """Load the content and run a terminal session on stdin/stdout."""
    from bot.channels.terminal import run_session
    from bot.content import DEFAULT_CONVERSATIONS, DEFAULT_RESOURCES, load_content

    result = load_content(
        args.resources or DEFAULT_RESOURCES, args.conversations or DEFAULT_CONVERSATIONS
    )
    if result.content is None:
        for problem in result.report.errors:
            print(problem, file=sys.stderr)
        print(
            "The directory or the conversation has errors; fix them and try again.", file=sys.stderr
        )
        return 1
    piped = not sys.stdin.isatty()
    return run_session(result.content.engine, sys.stdin, sys.stdout, language=args.lang, echo=piped)
