"""`python -m bot try`: the engine in a terminal, scripted through a pipe as the README shows."""

from __future__ import annotations

import subprocess

from tests.helpers.cli import run_bot


def try_bot(stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    return run_bot("try", *args, stdin=stdin)


def test_the_quick_start_pipe_works() -> None:
    result = try_bot("1\n2\nq\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "FIND HELP, SAFELY" in out
    assert "> 1" in out and "IF YOU ARE IN DANGER" in out  # 1 = Emergency
    assert out.rstrip().endswith("Bye.")
    assert result.stderr == ""


def test_three_taps_to_legal_help_in_king_county() -> None:
    # 3 = Legal help, 1 = Seattle and King County (the most local place is listed first).
    result = try_bot("3\n1\nq\n")
    assert "LEGAL HELP · SEATTLE AND KING COUNTY" in result.stdout
    assert "Call +1 206-245-0782" in result.stdout


def test_a_spanish_session_with_search() -> None:
    result = try_bot("necesito un abogado\nq\n", "--lang", "es")
    assert result.returncode == 0, result.stderr
    assert "ENCUENTRE AYUDA, CON SEGURIDAD" in result.stdout
    assert "Esto es lo que encontré" in result.stdout
    assert "Borrar" in result.stdout


def test_input_ending_without_q_ends_cleanly() -> None:
    result = try_bot("lawyer\n")
    assert result.returncode == 0
    assert result.stdout.rstrip().endswith("Bye.")
