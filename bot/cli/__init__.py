"""The command line: one module per command (or pair of commands), each with
`register(subparsers)`.

Only the module of the command being run is imported: importing them all (their arguments'
defaults name the shipped directory, which brings the directory's models and pydantic) took
about 0.3 s of every start, `python -m bot run` and `try` included. `--help`, or a command
that does not exist, imports them all to list every command with its help.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Sequence

# Each command and the module under bot.cli that registers it, in the order of `--help`
# (a test checks that this names every command the modules register).
COMMANDS = {
    "try": "try_cmd",
    "run": "run_cmd",
    "web": "web_cmd",
    "validate": "validate_cmd",
    "schema": "validate_cmd",
    "review": "review_cmd",
    "check-links": "check_links_cmd",
    "evaluate": "evaluate_cmd",
    "flow-diagram": "flow_cmd",
    "healthcheck": "healthcheck_cmd",
    "link": "outreach_cmd",
    "cards": "outreach_cmd",
    "export-hsds": "hsds_cmd",
    "import-hsds": "hsds_cmd",
}


def build_parser(chosen: str | None = None) -> argparse.ArgumentParser:
    """The parser for the `chosen` command (from its module alone), or, for None or a name
    that is no command, for every command."""
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="A discreet resource-referral bot: run it, try it, keep its directory true.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    modules = [COMMANDS[chosen]] if chosen in COMMANDS else list(dict.fromkeys(COMMANDS.values()))
    for module in modules:
        importlib.import_module(f"bot.cli.{module}").register(subparsers)
    return parser


def chosen_command(argv: Sequence[str]) -> str | None:
    """The command named in `argv` (its first word that is not an option), if any."""
    return next((word for word in argv if not word.startswith("-")), None)


def main(argv: Sequence[str] | None = None) -> int:
    import sys

    words = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(chosen_command(words)).parse_args(words)
    result: int = args.handler(args)
    return result
