"""The command line: one module per command (or pair of commands), each with
`register(subparsers)`.

Only the module of the command being run is imported: importing them all (their arguments'
defaults name the shipped directory, which brings the directory's models and pydantic) took
about 0.3 s of every start, `python -m bot run` and `try` included. `--help` lists every command
from the one-line help here; `python -m bot COMMAND --help` imports that command's module and
shows everything it takes. A test keeps the lines here equal to the modules' own.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Command:
    name: str
    module: str  # under bot.cli
    help: str  # the same one line as the module's own add_parser(help=...)


# Order here is the order in `--help`.
COMMANDS = (
    Command("try", "try_cmd", "talk to the bot in this terminal (no token, no network)"),
    Command(
        "run",
        "run_cmd",
        "run the Telegram bot (settings from the environment or .env: see .env.example)",
    ),
    Command("web", "web_cmd", "serve the web chat in a browser (no token needed): HOST, PORT"),
    Command(
        "validate", "validate_cmd", "check resources/*.yaml and report every problem as file:line"
    ),
    Command(
        "schema",
        "validate_cmd",
        "write the JSON Schemas editors use (resources/schema.json and conversations/)",
    ),
    Command(
        "review", "review_cmd", "list what staff should check in the directory, most urgent first"
    ),
    Command("check-links", "check_links_cmd", "check every website and chat link in the directory"),
    Command(
        "evaluate",
        "evaluate_cmd",
        "run the table of real messages through the bot and score it per situation",
    ),
    Command(
        "flow-diagram", "flow_cmd", "draw the conversation as a Mermaid diagram (docs/flow.md)"
    ),
    Command(
        "healthcheck",
        "healthcheck_cmd",
        "exit 0 when the running bot is healthy (for Docker's HEALTHCHECK)",
    ),
    Command(
        "link",
        "outreach_cmd",
        "print a deep link (and write its QR code) that opens the bot on one kind of help",
    ),
    Command(
        "cards",
        "outreach_cmd",
        "write a printable HTML sheet of cards with QR codes, one per category (x region)",
    ),
    Command("export-hsds", "hsds_cmd", "write the directory as Open Referral HSDS 3.x JSON"),
    Command(
        "import-hsds",
        "hsds_cmd",
        "turn HSDS 3.x JSON or CSV into a resources YAML file to review",
    ),
)


def build_parser(chosen: str | None = None) -> argparse.ArgumentParser:
    """The parser: the chosen command (and any other of its module) in full, every other one
    by name and help line only. With `chosen` None, every command in full."""
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="A discreet resource-referral bot: run it, try it, keep its directory true.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    wanted = {c.module for c in COMMANDS if chosen is None or c.name == chosen}
    registered: set[str] = set()
    for command in COMMANDS:
        if command.module in wanted and command.module not in registered:
            importlib.import_module(f"bot.cli.{command.module}").register(subparsers)
            registered.add(command.module)
        elif command.module not in wanted:
            subparsers.add_parser(command.name, help=command.help)
    return parser


def chosen_command(argv: Sequence[str]) -> str | None:
    """The command named in `argv` (its first word that is not an option), if any."""
    return next((word for word in argv if not word.startswith("-")), None)


def main(argv: Sequence[str] | None = None) -> int:
    import sys

    words = list(sys.argv[1:] if argv is None else argv)
    chosen = chosen_command(words)
    known = chosen in {command.name for command in COMMANDS}
    args = build_parser(chosen if known else "").parse_args(words)
    result: int = args.handler(args)
    return result
