"""`python -m bot try`: the engine in a terminal, scripted through a pipe as the README shows."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from tests.helpers.cli import ROOT, run_bot


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


def test_telegram_commands_and_deep_links_work_as_in_telegram() -> None:
    result = try_bot("/privacy\n/start legal_wa-king_es\n/emergency@CityInfoBot\nq\n")
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "YOUR PRIVACY" in out
    assert "AYUDA LEGAL · SEATTLE Y EL CONDADO DE KING" in out  # the link's own language
    # As in Telegram, a command answers in the app's language (here none given: English).
    assert "IF YOU ARE IN DANGER" in out.rpartition("> /emergency@CityInfoBot")[2]


def test_a_printed_cards_code_opens_its_help() -> None:
    result = try_bot("/start h5f\nq\n")  # conversations/cards.yaml: legal help, King County
    assert "LEGAL HELP · SEATTLE AND KING COUNTY" in result.stdout


def test_the_prompt_is_in_the_language_of_the_screen() -> None:
    english = "Type a number, /privacy or /start <link>, or a few words to search (q to quit):"
    spanish = (
        "Escriba un número, /privacy o /start <enlace>, o unas palabras para buscar (q para salir):"
    )
    out = try_bot("/start legal_wa-king_es\n/start\nq\n").stdout
    prompts = [line for line in out.splitlines() if line in (english, spanish)]
    assert prompts == [english, spanish, english]  # start, the Spanish link, /start again
    assert try_bot("q\n", "--lang", "es").stdout.rstrip().endswith("Adiós.")


def test_resources_dir_and_conversations_dir_are_honoured(tmp_path: Path) -> None:
    resources, conversations = tmp_path / "resources", tmp_path / "conversations"
    shutil.copytree(ROOT / "resources", resources)
    shutil.copytree(ROOT / "conversations", conversations)
    washington = resources / "washington.yaml"
    washington.write_text(
        washington.read_text(encoding="utf-8").replace(
            "name: Washington Anti-Trafficking Response Network (WARN)",
            "name: Staging copy of WARN",
        ),
        encoding="utf-8",
    )
    english = conversations / "locales" / "en.yaml"
    english.write_text(
        english.read_text(encoding="utf-8").replace(
            "title: Find help, safely", "title: Staging bot"
        ),
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "RESOURCES_DIR": str(resources),
        "CONVERSATIONS_DIR": str(conversations),
    }
    out = run_bot("try", stdin="/start legal_wa-king\nq\n", env=env).stdout
    assert "STAGING BOT" in out and "STAGING COPY OF WARN" in out
    # An option still wins over the environment.
    out = run_bot("try", "--resources", str(ROOT / "resources"), stdin="3\n1\nq\n", env=env).stdout
    assert "STAGING BOT" in out and "WASHINGTON ANTI-TRAFFICKING RESPONSE NETWORK" in out
