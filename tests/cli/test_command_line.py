"""The command line imports only the command it runs, and lists every command all the same."""

from __future__ import annotations

import argparse
import contextlib
import io
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import COMMANDS, build_parser, chosen_command, main

ROOT = Path(__file__).resolve().parents[2]


def listed_commands(parser: argparse.ArgumentParser) -> list[str]:
    """The commands of the parser, in the order of its help."""
    [subparsers] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return list(subparsers.choices)


def test_the_table_names_every_command_the_modules_register_in_order() -> None:
    assert listed_commands(build_parser(None)) == list(COMMANDS)


def command_help(parser: argparse.ArgumentParser, command: str) -> str:
    output = io.StringIO()
    with contextlib.redirect_stdout(output), pytest.raises(SystemExit):
        parser.parse_args([command, "--help"])
    return output.getvalue()


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_command_chosen_gets_all_its_arguments(command: str) -> None:
    assert command_help(build_parser(command), command) == command_help(build_parser(None), command)


def test_only_the_chosen_commands_module_is_imported() -> None:
    code = (
        "import sys, bot.cli; bot.cli.build_parser('try'); "
        "print(sorted(m for m in sys.modules if m.startswith('bot.')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "'bot.cli.try_cmd'" in loaded
    for other in set(COMMANDS.values()) - {"try_cmd"}:
        assert f"'bot.cli.{other}'" not in loaded


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--help"])

    assert exited.value.code == 0
    shown = capsys.readouterr().out
    assert all(command in shown for command in COMMANDS)


def test_the_command_is_the_first_word_that_is_not_an_option() -> None:
    assert chosen_command(["validate", "resources"]) == "validate"
    assert chosen_command(["-h"]) is None
    assert chosen_command([]) is None


def test_an_unknown_command_is_refused_with_the_list(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["serve"])

    assert exited.value.code == 2
    error = capsys.readouterr().err
    assert "invalid choice: 'serve'" in error and "check-links" in error
