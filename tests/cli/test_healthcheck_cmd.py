"""`python -m bot healthcheck`, Docker's HEALTHCHECK: /healthz in webhook mode, 0 in polling."""

from __future__ import annotations

import asyncio

import pytest

from bot.cli import main
from bot.content import Content
from tests.fakes.bot_api.server import FakeBotApi
from tests.helpers.telegram_bot import free_port, running_bot


def test_polling_mode_has_no_server_and_is_healthy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WEBHOOK_URL", raising=False)
    assert main(["healthcheck"]) == 0


def test_webhook_mode_is_unhealthy_when_nothing_answers(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WEBHOOK_URL", "https://bot.example.org/telegram")
    monkeypatch.setenv("PORT", str(free_port()))
    assert main(["healthcheck"]) == 1
    assert capsys.readouterr().out.startswith("unhealthy: ConnectionRefusedError")


async def test_webhook_mode_asks_the_running_bot(
    monkeypatch: pytest.MonkeyPatch, fake_bot_api: FakeBotApi, content: Content
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    async with running_bot(fake_bot_api, content, "webhook") as application:
        monkeypatch.setenv("WEBHOOK_URL", application.settings.webhook_url or "")
        monkeypatch.setenv("PORT", str(application.settings.port))
        assert await asyncio.to_thread(main, ["healthcheck"]) == 0
