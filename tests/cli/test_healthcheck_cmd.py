"""The healthcheck (`python -m bot.healthcheck`, and `python -m bot healthcheck`): /healthz on
127.0.0.1:$PORT in both modes; in polling mode unhealthy once getUpdates rounds stop coming back.

Regressions: in polling mode it always passed, even with the poller wedged; and it imported the
whole command line (0.45 s and 47 MB every 30 s) to do it.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys

import pytest

from bot.channels.telegram.webhook import HEALTH_PATH
from bot.cli import main
from bot.content import Content
from bot.healthcheck import check
from tests.fakes.bot_api.server import FakeBotApi
from tests.helpers.cli import ROOT
from tests.helpers.telegram_bot import MODES, Mode, free_port, running_bot


def test_nothing_listening_is_unhealthy(capsys: pytest.CaptureFixture[str]) -> None:
    assert check({"PORT": str(free_port())}) == 1
    assert capsys.readouterr().out.startswith("unhealthy: ConnectionRefusedError")


@pytest.mark.parametrize("mode", MODES)
async def test_the_running_bot_is_healthy_in_either_mode(
    fake_bot_api: FakeBotApi, content: Content, mode: Mode, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running_bot(fake_bot_api, content, mode) as application:
        monkeypatch.setenv("PORT", str(application.settings.port))
        assert await asyncio.to_thread(main, ["healthcheck"]) == 0
        assert await asyncio.to_thread(check, {"PORT": str(application.settings.port)}) == 0


async def test_a_poller_whose_rounds_stop_coming_back_is_unhealthy(
    fake_bot_api: FakeBotApi, content: Content, capsys: pytest.CaptureFixture[str]
) -> None:
    person = fake_bot_api.user()
    async with running_bot(fake_bot_api, content, "polling") as application:
        port = {"PORT": str(application.settings.port)}
        assert application.poller is not None
        application.poller.stale_after = 1.0  # (normally the long poll, a timeout and 15 s)
        await person.start()  # a round comes back with it
        await person.wait_for_reply()
        assert await asyncio.to_thread(check, port) == 0
        fake_bot_api.inject("getUpdates", delay=30, times=10)  # no round comes back now
        await asyncio.sleep(1.2)
        assert await asyncio.to_thread(check, port) == 1
        fake_bot_api.clear_faults()
    assert "unhealthy: HTTP 503 no getUpdates round completed" in capsys.readouterr().out


async def test_a_stopping_bot_is_unhealthy(fake_bot_api: FakeBotApi, content: Content) -> None:
    async with running_bot(fake_bot_api, content, "webhook") as application:
        application.intake.close()  # what a stop does first
        assert await asyncio.to_thread(check, {"PORT": str(application.settings.port)}) == 1
        assert HEALTH_PATH == "/healthz"


def test_the_healthcheck_imports_nothing_but_the_standard_library() -> None:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "bot.healthcheck"],
        cwd=ROOT,
        env={"PORT": str(free_port()), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()}
    assert result.returncode == 1  # nothing listens
    assert "bot" in imported  # the package, and from it the one module run
    heavy = {"telegram", "pydantic", "aiohttp", "bot.cli", "bot.settings", "yaml", "httpx"}
    assert not heavy & imported, heavy & imported
