"""The command line imports only the command it runs, and lists every command all the same."""

from __future__ import annotations

import argparse
import contextlib
import io
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import COMMANDS, build_parser, chosen_command

ROOT = Path(__file__).resolve().parents[2]


def test_the_help_lines_here_are_the_commands_own() -> None:
    every_module_imported = build_parser(None).format_help()
    none_imported = build_parser("").format_help()

    assert none_imported == every_module_imported
    assert all(command.name in none_imported for command in COMMANDS)


def command_help(parser: argparse.ArgumentParser, command: str) -> str:
    output = io.StringIO()
    with contextlib.redirect_stdout(output), pytest.raises(SystemExit):
        parser.parse_args([command, "--help"])
    return output.getvalue()


@pytest.mark.parametrize("command", [c.name for c in COMMANDS])
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
    for other in {c.module for c in COMMANDS} - {"try_cmd"}:
        assert f"'bot.cli.{other}'" not in loaded


def test_the_command_is_the_first_word_that_is_not_an_option() -> None:
    assert chosen_command(["validate", "resources"]) == "validate"
    assert chosen_command(["-h"]) is None
    assert chosen_command([]) is None


def test_an_unknown_command_is_refused_with_the_list(capsys: pytest.CaptureFixture[str]) -> None:
    from bot.cli import main

    with pytest.raises(SystemExit) as exited:
        main(["serve"])

    assert exited.value.code == 2
    assert "invalid choice: 'serve'" in capsys.readouterr().err
