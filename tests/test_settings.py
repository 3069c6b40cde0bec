"""Settings: every problem in the environment reported at once, the token never shown."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import Field, SecretStr

from bot.content import DEFAULT_CONVERSATIONS, DEFAULT_RESOURCES, PROJECT_ROOT
from bot.settings import (
    DEFAULT_API_BASE_URL,
    DEFAULT_QUICK_EXIT_URL,
    VARIABLES,
    Directory,
    ServerSettings,
    Settings,
    SettingsError,
)

TOKEN = "5550001234:SECRETpart-abcdefghijklmnopqrstuvwx"
SECRET_PART = TOKEN.split(":")[1]


def problems(env: dict[str, str]) -> list[str]:
    with pytest.raises(SettingsError) as caught:
        Settings.from_env(env)
    return caught.value.problems


def test_only_the_token_is_required_and_the_rest_has_defaults() -> None:
    settings = Settings.from_env({"BOT_TOKEN": TOKEN})

    assert settings.bot_token.get_secret_value() == TOKEN
    assert settings.api_base_url == DEFAULT_API_BASE_URL
    assert not settings.webhook_mode and settings.webhook_secret is None
    assert (settings.host, settings.port) == ("0.0.0.0", 8080)
    assert settings.resources_dir == DEFAULT_RESOURCES
    assert settings.conversations_dir == DEFAULT_CONVERSATIONS
    assert settings.log_level == "INFO"
    assert settings.erase_max_chats == 10_000
    assert settings.erase_note_seconds == 60
    assert settings.token_id == "5550001234"


def test_every_variable_is_read(tmp_path: Path) -> None:
    (tmp_path / "r").mkdir()
    (tmp_path / "c").mkdir()
    settings = Settings.from_env(
        {
            "BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/",
            "WEBHOOK_URL": "https://bot.example.org/telegram",
            "WEBHOOK_SECRET": "s3cret_-X",
            "HOST": "127.0.0.1",
            "PORT": "9000",
            "RESOURCES_DIR": str(tmp_path / "r"),
            "CONVERSATIONS_DIR": str(tmp_path / "c"),
            "LOG_LEVEL": "debug",
            "ERASE_MAX_CHATS": "500",
            "ERASE_NOTE_SECONDS": "5",
            "API_TIMEOUT_SECONDS": "3.5",
            "API_RETRIES": "2",
            "API_RETRY_BACKOFF_SECONDS": "0.5",
            "MAX_SENDS_PER_SECOND": "20",
        }
    )

    assert settings.api_base_url == "http://127.0.0.1:8081"
    assert settings.webhook_url == "https://bot.example.org/telegram"
    assert settings.webhook_secret is not None
    assert settings.webhook_secret.get_secret_value() == "s3cret_-X"
    assert (settings.host, settings.port, settings.log_level) == ("127.0.0.1", 9000, "DEBUG")
    assert settings.resources_dir == tmp_path / "r"
    assert settings.conversations_dir == tmp_path / "c"
    assert (settings.erase_max_chats, settings.erase_note_seconds) == (500, 5.0)
    assert (settings.api_timeout_seconds, settings.api_retries) == (3.5, 2)
    assert (settings.api_retry_backoff_seconds, settings.max_sends_per_second) == (0.5, 20)


def test_every_problem_is_reported_at_once() -> None:
    found = problems(
        {
            "WEBHOOK_URL": "http://bot.example.org/telegram",
            "PORT": "eighty",
            "RESOURCES_DIR": "/no/such/dir",
            "CONVERSATIONS_DIR": "/no/such/either",
            "LOG_LEVEL": "LOUD",
            "ERASE_MAX_CHATS": "0",
        }
    )

    assert found == [  # what every server reads first, then the Telegram bot's own
        "PORT must be a whole number, got 'eighty'",
        "RESOURCES_DIR is not a directory: /no/such/dir",
        "CONVERSATIONS_DIR is not a directory: /no/such/either",
        "LOG_LEVEL must be one of 'DEBUG', 'INFO', 'WARNING', 'ERROR' or 'CRITICAL', got 'LOUD'",
        "BOT_TOKEN is not set",
        "WEBHOOK_URL must start with https:// (Telegram only calls https webhooks), "
        "got 'http://bot.example.org/telegram'",
        "ERASE_MAX_CHATS must be between 1 and 10000000, got 0",
    ]


@pytest.mark.parametrize(
    "token",
    [
        "5550001234",
        "5550001234:short",
        "abc:SECRETpart-abcdefghijklmnopqrstuvwx",
        TOKEN + "x",
        TOKEN.replace("-", "!"),
        " :" + SECRET_PART,
    ],
)
def test_a_malformed_token_is_refused_without_being_shown(token: str) -> None:
    [problem] = problems({"BOT_TOKEN": token})
    assert problem.startswith("BOT_TOKEN does not look like a bot token")
    assert SECRET_PART[:10] not in problem and "5550001234" not in problem


def test_the_token_never_appears_in_a_repr() -> None:
    settings = Settings.from_env(
        {"BOT_TOKEN": TOKEN, "WEBHOOK_URL": "https://x.org/telegram", "WEBHOOK_SECRET": "hush"}
    )
    assert SECRET_PART not in repr(settings) and SECRET_PART not in str(settings)
    assert "hush" not in repr(settings)


def test_webhook_mode_needs_a_secret() -> None:
    assert problems({"BOT_TOKEN": TOKEN, "WEBHOOK_URL": "https://bot.example.org/telegram"}) == [
        "WEBHOOK_SECRET is required when WEBHOOK_URL is set: 1 to 256 characters of A-Z, a-z, "
        "0-9, _ and - (for example from `openssl rand -hex 32`)"
    ]


@pytest.mark.parametrize("secret", ["has space", "ümlaut", "a" * 257, "semi;colon"])
def test_a_malformed_webhook_secret_is_refused(secret: str) -> None:
    env = {"BOT_TOKEN": TOKEN, "WEBHOOK_URL": "https://x.org/telegram", "WEBHOOK_SECRET": secret}
    [problem] = problems(env)
    assert problem.startswith("WEBHOOK_SECRET must be 1 to 256 characters")
    assert secret not in problem


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://bot.example.org/telegram", True),
        ("http://127.0.0.1:8443/telegram", True),
        ("http://localhost/telegram", True),
        ("http://[::1]:8080/telegram", True),
        ("http://10.0.0.5/telegram", False),
        ("ftp://bot.example.org/telegram", False),
        ("bot.example.org/telegram", False),
    ],
)
def test_webhook_urls_must_be_https_except_on_this_machine(url: str, ok: bool) -> None:
    env = {"BOT_TOKEN": TOKEN, "WEBHOOK_URL": url, "WEBHOOK_SECRET": "s"}
    if ok:
        assert Settings.from_env(env).webhook_url == url
    else:
        assert problems(env)[0].startswith("WEBHOOK_URL must")


@pytest.mark.parametrize("url", ["api.telegram.org", "ftp://x.org", "https://x.org/?q=1"])
def test_the_api_base_url_must_be_an_http_url(url: str) -> None:
    [problem] = problems({"BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": url})
    assert problem.startswith("TELEGRAM_API_BASE_URL must")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("PORT", "70000"),
        ("API_TIMEOUT_SECONDS", "0"),
        ("API_RETRIES", "-1"),
        ("ERASE_NOTE_SECONDS", "soon"),
        ("MAX_SENDS_PER_SECOND", "1.5"),
    ],
)
def test_numbers_out_of_range_are_refused(name: str, value: str) -> None:
    [problem] = problems({"BOT_TOKEN": TOKEN, name: value})
    assert problem.startswith(f"{name} must")


def test_every_variable_is_documented_in_env_example_and_the_readme() -> None:
    example = (PROJECT_ROOT / ".env.example").read_text(encoding="utf-8")
    documented = re.findall(r"^(?:# )?([A-Z_]+)=", example, flags=re.MULTILINE)
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    in_readme = re.findall(r"^\| `([A-Z_]+)` \|", readme, flags=re.MULTILINE)

    assert documented == list(VARIABLES)
    assert set(VARIABLES) <= set(in_readme)


def test_the_default_directories_are_checked_too() -> None:
    class Elsewhere(Settings):
        resources_dir: Directory = Field(Path("/no/such/resources"), validate_default=True)

    with pytest.raises(SettingsError) as caught:
        Elsewhere.from_env({"BOT_TOKEN": TOKEN})
    assert caught.value.problems == ["RESOURCES_DIR is not a directory: /no/such/resources"]


def test_a_dotenv_file_and_secrets_files_fill_in_what_the_environment_does_not(
    tmp_path: Path,
) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("PORT=9001\nLOG_LEVEL=warning\nBOT_USERNAME=ignored_here\n")
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    (secrets / "bot_token").write_text(TOKEN + "\n")
    (secrets / "WEBHOOK_SECRET").write_text("from-a-file\n")
    (secrets / "port").write_text("9002")
    env = {"LOG_LEVEL": "ERROR", "WEBHOOK_URL": "https://bot.example.org/telegram"}

    settings = Settings.from_env(env, env_file=env_file, secrets_dir=secrets)

    assert settings.bot_token.get_secret_value() == TOKEN
    assert settings.webhook_secret is not None
    assert settings.webhook_secret.get_secret_value() == "from-a-file"
    assert (settings.port, settings.log_level) == (9001, "ERROR")  # env, then .env, then files


def test_a_missing_dotenv_file_or_secrets_dir_is_no_problem(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {"BOT_TOKEN": TOKEN}, env_file=tmp_path / ".env", secrets_dir=tmp_path / "none"
    )
    assert settings.port == 8080


def test_a_token_in_a_secrets_file_is_not_shown_when_it_is_wrong(tmp_path: Path) -> None:
    (tmp_path / "bot_token").write_text(TOKEN + "!")
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({}, secrets_dir=tmp_path)
    assert caught.value.problems[0].startswith("BOT_TOKEN does not look like a bot token")
    assert SECRET_PART[:10] not in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


@pytest.mark.parametrize("name", ["TELEGRAM_API_BASE_URL", "WEBHOOK_URL"])
def test_a_urls_password_is_never_echoed(name: str) -> None:
    url = "ftp://bot:hunter2@bot.example.org/telegram"
    env = {"BOT_TOKEN": TOKEN, name: url, "WEBHOOK_SECRET": "s"}
    [problem] = problems(env)
    assert problem.startswith(f"{name} must") and "bot.example.org" in problem
    assert "hunter2" not in problem and "bot:" not in problem


def test_settings_built_directly_read_nothing_from_the_process_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("WEBHOOK_URL", "https://bot.example.org/telegram")
    monkeypatch.setenv("PORT", "1234")
    settings = Settings(bot_token=SecretStr(TOKEN))
    assert (settings.webhook_url, settings.port) == (None, 8080)
    assert Settings.from_env({"BOT_TOKEN": TOKEN}).port == 8080


def test_metrics_port_and_file_watching() -> None:
    settings = Settings.from_env({"BOT_TOKEN": TOKEN, "METRICS_PORT": "9090", "WATCH_FILES": "off"})
    assert (settings.metrics_port, settings.watch_files) == (9090, False)
    defaults = Settings.from_env({"BOT_TOKEN": TOKEN})
    assert (defaults.metrics_port, defaults.watch_files) == (None, True)
    assert problems({"BOT_TOKEN": TOKEN, "WATCH_FILES": "sometimes"}) == [
        "WATCH_FILES must be true or false, got 'sometimes'"
    ]


def test_the_web_chat_alone_needs_no_token() -> None:
    settings = ServerSettings.from_env({"PORT": "9000"})
    assert settings.port == 9000
    assert settings.quick_exit_url == DEFAULT_QUICK_EXIT_URL
    assert settings.web_frame_ancestors == "'none'"
    assert not hasattr(settings, "bot_token")


@pytest.mark.parametrize(
    ("given", "read"),
    [
        ("none", "'none'"),
        ("self", "'self'"),
        (
            "self https://www.org.example, https://org.example",
            "'self' https://www.org.example https://org.example",
        ),
        ("https://*.org.example:8443", "https://*.org.example:8443"),
        ("http://127.0.0.1:5000", "http://127.0.0.1:5000"),
    ],
)
def test_framing_sites_are_read_as_a_csp_list(given: str, read: str) -> None:
    assert ServerSettings.from_env({"WEB_FRAME_ANCESTORS": given}).web_frame_ancestors == read


@pytest.mark.parametrize(
    "given",
    [
        "*",
        "https://org.example/path",
        "http://org.example",
        "https://a.example; script-src *",
        "none https://org.example",
        "'unsafe-inline'",
        "data:",
    ],
)
def test_framing_sites_that_are_not_sites_are_refused(given: str) -> None:
    with pytest.raises(SettingsError) as caught:
        ServerSettings.from_env({"WEB_FRAME_ANCESTORS": given})
    [problem] = caught.value.problems
    assert problem.startswith("WEB_FRAME_ANCESTORS must be")


@pytest.mark.parametrize(
    "given",
    ["javascript:alert(1)", "http://weather.example", "weather.example", "https://u:p@x.example"],
)
def test_quick_exit_goes_only_to_an_https_page(given: str) -> None:
    with pytest.raises(SettingsError) as caught:
        ServerSettings.from_env({"QUICK_EXIT_URL": given})
    [problem] = caught.value.problems
    assert problem.startswith("QUICK_EXIT_URL must be an https:// address")
    assert "u:p@" not in problem


def test_the_web_chat_on_the_webhook_server_needs_webhook_mode() -> None:
    [problem] = problems({"BOT_TOKEN": TOKEN, "WEB_CHAT": "true"})
    assert problem.startswith("WEB_CHAT needs WEBHOOK_URL")
    settings = Settings.from_env(
        {
            "BOT_TOKEN": TOKEN,
            "WEB_CHAT": "true",
            "WEBHOOK_URL": "https://bot.example.org/telegram",
            "WEBHOOK_SECRET": "s3cret",
        }
    )
    assert settings.web_chat
