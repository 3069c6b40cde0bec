"""Privacy, tested: `python -m bot run` at LOG_LEVEL=DEBUG through a whole session leaves no
trace of the person (name, username, id, what they typed, where they were) and no token in any
log line or any file. It creates no file at all."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.content import PROJECT_ROOT
from tests.fakes.bot_api.server import FakeBotApi, FakeUser
from tests.helpers.telegram_bot import WEBHOOK_SECRET, Mode, free_port

TOKEN = "5550001234:QzPrivTokenSecret-part_0123456789AB"
FIRST_NAME, LAST_NAME, USERNAME = "Zyxwvut", "Qqqplo", "zz_private_user"
USER_ID = 987654321012
SEARCH = "I need a lawyer near Quokkaville"
EMERGENCY = "estoy en peligro en Zebulonia"
FORGED = "forged-Wibblewobble"
LATITUDE, LONGITUDE = 47.61234, -122.33456
FORBIDDEN = [
    FIRST_NAME,
    LAST_NAME,
    USERNAME,
    str(USER_ID),
    SEARCH,
    "Quokkaville",
    EMERGENCY,
    "Zebulonia",
    FORGED,
    "Wibblewobble",
    str(LATITUDE),
    str(LONGITUDE),
    TOKEN.split(":", 1)[1],
]
TOOL_CACHES = {".pytest_cache", ".hypothesis", ".mypy_cache", ".ruff_cache", ".git"}


@pytest.fixture
async def fake_telegram() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi(token=TOKEN) as server:
        yield server


def snapshot(root: Path, skip: frozenset[str] = frozenset({".git"})) -> dict[Path, tuple[int, int]]:
    """Every file under root with its (size, mtime)."""
    found: dict[Path, tuple[int, int]] = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in skip]
        for name in files:
            path = Path(folder) / name
            try:
                stat = path.stat()
            except OSError:
                continue
            found[path] = (stat.st_size, stat.st_mtime_ns)
    return found


def environment(tmp_path: Path, server: FakeBotApi, mode: Mode) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path / "home"),
        "TMPDIR": str(tmp_path / "tmp"),
        "PYTHONDONTWRITEBYTECODE": "1",
        "BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": server.base_url,
        "LOG_LEVEL": "DEBUG",
        "ERASE_NOTE_SECONDS": "0.3",
        "API_TIMEOUT_SECONDS": "0.5",
        "API_RETRY_BACKOFF_SECONDS": "0.05",
    }
    if mode == "webhook":
        port = free_port()
        env |= {
            "WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram",
            "WEBHOOK_SECRET": WEBHOOK_SECRET,
            "HOST": "127.0.0.1",
            "PORT": str(port),
        }
    return env


async def full_session(server: FakeBotApi, person: FakeUser) -> None:
    """Start, browse, search, deep link, emergency, location, a forged button, erase."""
    await person.start()
    await person.wait_for_reply(timeout=20)  # the bot is starting
    await person.press("⚖️ Legal help")
    await person.wait_for_reply()
    server.inject("editMessageText", status=500)  # retried, and logged
    await person.press("Seattle and King County")
    assert "+1 206-267-7100" in (await person.wait_for_reply()).text
    server.inject("sendMessage", delay=0.8)  # times out, retried: two screens
    await person.send_text(SEARCH)
    first = await person.wait_for_reply()
    assert (await person.wait_for_reply()).text == first.text  # before the next action's
    await person.start("legal_wa-king_es")
    await person.wait_for_reply()
    await person.send_text(EMERGENCY)
    assert "911" in (await person.wait_for_reply()).text
    await person.send_location(LATITUDE, LONGITUDE)
    await person.wait_for_reply()
    await person.press_raw(FORGED)  # on the start screen: it leads there, "not modified"
    await server.wait_for_call("editMessageText")
    await person.send_text("/erase")
    await person.wait_for_reply()
    await server.wait_for(lambda: not person.visible_messages(), timeout=5)


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_a_whole_session_leaves_no_trace_in_logs_or_files(
    fake_telegram: FakeBotApi, tmp_path: Path, mode: Mode
) -> None:
    workdirs = [tmp_path / "cwd", tmp_path / "home", tmp_path / "tmp"]
    for folder in workdirs:
        folder.mkdir()
    before = snapshot(PROJECT_ROOT)
    person = fake_telegram.user(
        USER_ID, FIRST_NAME, last_name=LAST_NAME, username=USERNAME, language_code="en"
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=workdirs[0],
        env=environment(tmp_path, fake_telegram, mode),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        await full_session(fake_telegram, person)
    finally:
        process.send_signal(signal.SIGTERM)
        stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=20)
    logs = stdout.decode() + stderr.decode()

    assert process.returncode == 0, logs
    assert " DEBUG bot." in logs  # it ran at DEBUG
    assert "Bot API editMessageText failed" in logs  # the retries were logged...
    assert "Traceback" not in logs
    for secret in FORBIDDEN:
        assert secret not in logs, f"{secret!r} is in the logs"  # ...without anything personal

    for folder in workdirs:
        assert list(folder.rglob("*")) == [], f"files created under {folder}"
    after = snapshot(PROJECT_ROOT)
    changed = [p for p, stat in after.items() if before.get(p) != stat]
    for path in changed:
        content = path.read_bytes().decode(errors="replace")
        for secret in FORBIDDEN:
            assert secret not in content, f"{secret!r} is in {path}"
    created = [p for p in changed if not TOOL_CACHES & set(p.relative_to(PROJECT_ROOT).parts)]
    assert created == []
