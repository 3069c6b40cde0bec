"""`try`: the bot in this terminal, on the shipped directory (or RESOURCES_DIR), no token needed."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bot.cli.content_dirs import add_content_arguments, load_chosen_content


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "try",
        help="talk to the bot in this terminal (no token, no network)",
        description="Run the conversation in the terminal: type a number to press a button, "
        "a command as in Telegram (/privacy, /start legal_wa-king_es, /start <card code>), "
        "other text to search, q to quit. Reads one input per line when piped. The directory "
        "and the flow come from --resources/--conversations, else RESOURCES_DIR and "
        "CONVERSATIONS_DIR, else the shipped ones.",
    )
    parser.add_argument("--lang", default=None, help="start in this language (en, es)")
    add_content_arguments(parser)
    parser.set_defaults(handler=run_try)


def run_try(args: argparse.Namespace) -> int:
    """Load the content and run a terminal session on stdin/stdout."""
    from bot.channels.terminal import run_session

    advice = "The directory or the conversation has errors; fix them and try again."
    content = load_chosen_content(args, advice)
    if content is None:
        return 1
    piped = not sys.stdin.isatty()
    return run_session(content.engine, sys.stdin, sys.stdout, language=args.lang, echo=piped)
