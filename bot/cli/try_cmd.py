"""`try`: the bot in this terminal, on the shipped directory (or RESOURCES_DIR), no token needed."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

# The same variables `run` reads (bot/settings.py); `try` needs no token, so reads only these.
CONTENT_VARIABLES = {"resources": "RESOURCES_DIR", "conversations": "CONVERSATIONS_DIR"}


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
    parser.add_argument("--resources", type=Path, default=None, metavar="DIR")
    parser.add_argument("--conversations", type=Path, default=None, metavar="DIR")
    parser.set_defaults(handler=run_try)


def content_dirs(args: argparse.Namespace, environ: Mapping[str, str]) -> tuple[Path, Path]:
    """The resources and conversations to talk to: the options, else the environment's."""
    from bot.content import DEFAULT_CONVERSATIONS, DEFAULT_RESOURCES

    defaults = {"resources": DEFAULT_RESOURCES, "conversations": DEFAULT_CONVERSATIONS}
    chosen = []
    for name, variable in CONTENT_VARIABLES.items():
        given = getattr(args, name) or environ.get(variable, "").strip()
        chosen.append(Path(given).expanduser() if given else defaults[name])
    return chosen[0], chosen[1]


def run_try(args: argparse.Namespace) -> int:
    """Load the content and run a terminal session on stdin/stdout."""
    from bot.channels.terminal import run_session
    from bot.content import load_content

    resources, conversations = content_dirs(args, os.environ)
    result = load_content(resources, conversations)
    if result.content is None:
        for problem in result.report.errors:
            print(problem, file=sys.stderr)
        print(
            "The directory or the conversation has errors; fix them and try again.", file=sys.stderr
        )
        return 1
    piped = not sys.stdin.isatty()
    return run_session(result.content.engine, sys.stdin, sys.stdout, language=args.lang, echo=piped)
