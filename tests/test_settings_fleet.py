"""The settings of several replicas and of a bounded stop: checked like every other, and a
Redis URL's password never shown (the URL is a secret as a whole)."""

from __future__ import annotations

import pytest

from bot.settings import Settings, SettingsError
from tests.fakes.bot_api.server import DEFAULT_TOKEN


def problems(**env: str) -> list[str]:
    with pytest.raises(SettingsError) as raised:
        Settings.from_env({"BOT_TOKEN": DEFAULT_TOKEN, **env})
    return raised.value.problems


def test_a_redis_url_is_never_shown_whole() -> None:
    settings = Settings.from_env(
        {"BOT_TOKEN": DEFAULT_TOKEN, "REDIS_URL": "redis://:hunter2@redis:6379/0"}
    )
    assert settings.redis_url is not None
    assert "hunter2" not in repr(settings) and "hunter2" not in str(settings)
    [problem] = problems(REDIS_URL="http://admin:hunter2@redis:6379/0")
    assert problem.startswith("REDIS_URL must be a Redis URL such as redis://redis:6379/0")
    assert "hunter2" not in problem and "admin" not in problem


def test_the_stop_and_backlog_limits_are_checked() -> None:
    assert problems(SHUTDOWN_SECONDS="0", MAX_PENDING_UPDATES="0", REDIS_TIMEOUT_SECONDS="x") == [
        "REDIS_TIMEOUT_SECONDS must be a number, got 'x'",
        "SHUTDOWN_SECONDS must be between 0.5 and 300, got 0",
        "MAX_PENDING_UPDATES must be between 1 and 1000000, got 0",
    ]
    defaults = Settings.from_env({"BOT_TOKEN": DEFAULT_TOKEN})
    assert (defaults.redis_url, defaults.shutdown_seconds, defaults.max_pending_updates) == (
        None,
        7.0,
        500,
    )
