"""`python -m bot run` refuses to start, clearly and without a traceback, on bad settings or
broken content. (Running for real is tested in tests/channels/telegram/test_privacy.py.)"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
from pathlib import Path

from bot.content import DEFAULT_CONVERSATIONS
from tests.fakes.bot_api.server import FakeBotApi
from tests.helpers.cli import ROOT, run_bot
from tests.helpers.editing import edit
from tests.helpers.telegram_bot import free_port

TOKEN = "5550001234:QzPrivTokenSecret-part_0123456789AB"


def run(env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """`python -m bot run` in `cwd` (which holds no .env unless the test writes one)."""
    clean = {"PATH": os.environ.get("PATH", ""), "PYTHONDONTWRITEBYTECODE": "1", **env}
    return run_bot("run", env=clean, cwd=cwd)


def test_bad_settings_are_listed_and_exit_2(tmp_path: Path) -> None:
    result = run(
        {"BOT_TOKEN": TOKEN + "!", "PORT": "http", "WEBHOOK_URL": "https://x.org/t"}, tmp_path
    )

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "Cannot start: the settings have problems:",
        "  - PORT must be a whole number, got 'http'",
        "  - BOT_TOKEN does not look like a bot token: expected <digits>:<35 characters of "
        "A-Z, a-z, 0-9, _ and ->, as BotFather gives it",
        "  - WEBHOOK_SECRET is required when WEBHOOK_URL is set: 1 to 256 characters of A-Z, "
        "a-z, 0-9, _ and - (for example from `openssl rand -hex 32`)",
        "See .env.example for every variable.",
    ]
    assert "QzPrivToken" not in result.stderr


def test_a_missing_token_exits_2(tmp_path: Path) -> None:
    result = run({}, tmp_path)
    assert result.returncode == 2
    assert "  - BOT_TOKEN is not set" in result.stderr


def test_a_dotenv_file_in_the_working_directory_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(f"BOT_TOKEN={TOKEN}!\nPORT=http\n", encoding="utf-8")
    result = run({"PORT": "99999"}, tmp_path)  # the environment wins over .env

    assert result.returncode == 2
    assert result.stderr.splitlines()[1:3] == [
        "  - PORT must be between 0 and 65535, got 99999",
        "  - BOT_TOKEN does not look like a bot token: expected <digits>:<35 characters of "
        "A-Z, a-z, 0-9, _ and ->, as BotFather gives it",
    ]
    assert "QzPrivToken" not in result.stderr


def test_broken_content_is_reported_as_path_line_and_exits_1(tmp_path: Path) -> None:
    conversations = tmp_path / "conversations"
    shutil.copytree(DEFAULT_CONVERSATIONS, conversations)
    flow = conversations / "flow.yaml"
    edit(flow, "goto: choose_region", "goto: nowhere", count=1)

    result = run({"BOT_TOKEN": TOKEN, "CONVERSATIONS_DIR": str(conversations)}, tmp_path)

    assert result.returncode == 1
    assert f"{flow.relative_to(tmp_path)}:" in result.stderr and "nowhere" in result.stderr
    assert result.stderr.rstrip().endswith(
        "Cannot start: the directory or the conversation has errors."
    )
    assert "Traceback" not in result.stderr


async def run_async(env: dict[str, str], cwd: Path) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=cwd,
        env={"PATH": os.environ.get("PATH", ""), "PYTHONDONTWRITEBYTECODE": "1", **env},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=60)
    return process.returncode or 0, stdout.decode() + stderr.decode()


async def test_a_token_telegram_refuses_exits_2_with_a_clear_message(
    fake_bot_api: FakeBotApi, tmp_path: Path
) -> None:
    code, output = await run_async(
        {"BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": fake_bot_api.base_url}, tmp_path
    )

    assert code == 2
    assert output.splitlines()[-1] == (
        f"Cannot start: the Bot API at {fake_bot_api.base_url} refused BOT_TOKEN "
        "(revoked? ask BotFather for the current one)."
    )
    assert "Traceback" not in output and "QzPrivToken" not in output


async def test_an_unreachable_bot_api_exits_1_with_a_clear_message(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    code, output = await run_async(
        {
            "BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": url,
            "API_TIMEOUT_SECONDS": "1",
            "API_RETRY_BACKOFF_SECONDS": "0.05",
        },
        tmp_path,
    )

    assert code == 1
    assert output.splitlines()[-1] == (
        f"Cannot start: the Bot API at {url} did not answer (NetworkError)."
    )
    assert "Traceback" not in output


def test_the_command_line_loads_no_telegram_code_until_run_is_chosen() -> None:
    code = "import sys, bot.cli; bot.cli.build_parser(); print(sorted(m for m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    loaded = result.stdout
    assert "'telegram'" not in loaded
