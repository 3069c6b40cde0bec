"""How this bot runs, read once from the environment and checked as a whole.

Every problem is reported at once, in plain words, and the token never appears in a message, a
repr or a log line (it is a `SecretStr`). `.env.example` documents every variable.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

from pydantic import SecretStr

from bot.content import DEFAULT_CONVERSATIONS, DEFAULT_RESOURCES

T = TypeVar("T")

VARIABLES = (
    "BOT_TOKEN",
    "TELEGRAM_API_BASE_URL",
    "WEBHOOK_URL",
    "WEBHOOK_SECRET",
    "HOST",
    "PORT",
    "RESOURCES_DIR",
    "CONVERSATIONS_DIR",
    "LOG_LEVEL",
    "ERASE_MAX_CHATS",
    "ERASE_NOTE_SECONDS",
    "API_TIMEOUT_SECONDS",
    "API_RETRIES",
    "API_RETRY_BACKOFF_SECONDS",
    "MAX_SENDS_PER_SECOND",
    "METRICS_PORT",
    "WATCH_FILES",
)
"""Every environment variable the bot reads (each documented in .env.example)."""

DEFAULT_API_BASE_URL = "https://api.telegram.org"
_TOKEN = re.compile(r"^[0-9]+:[A-Za-z0-9_-]{35}$")
_WEBHOOK_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
_LOOPBACK_NAMES = frozenset({"localhost"})


class SettingsError(Exception):
    """The environment does not describe a bot we can run; `problems` says everything wrong."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Settings:
    """Everything `python -m bot run` needs, typed and checked."""

    bot_token: SecretStr
    api_base_url: str = DEFAULT_API_BASE_URL
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    host: str = "0.0.0.0"  # the proxy is outside the container # noqa: S104 # nosec B104
    port: int = 8080
    resources_dir: Path = DEFAULT_RESOURCES
    conversations_dir: Path = DEFAULT_CONVERSATIONS
    log_level: str = "INFO"
    # Erase remembers message ids for at most this many chats (the least recently active are
    # dropped first). About 240 bytes a chat of a few messages: 10,000 chats take 2.4 MB.
    erase_max_chats: int = 10_000
    erase_note_seconds: float = 60.0
    api_timeout_seconds: float = 10.0
    api_retries: int = 3
    api_retry_backoff_seconds: float = 1.0
    max_sends_per_second: int = 30  # Telegram's limit for a bot's messages across all chats
    # Where GET /metrics is served: its own port when set; otherwise the webhook server's
    # (webhook mode) or nowhere (polling mode).
    metrics_port: int | None = None
    watch_files: bool = True  # reload resources/ and conversations/ when they change

    @property
    def webhook_mode(self) -> bool:
        return self.webhook_url is not None

    @property
    def token_id(self) -> str:
        """The public part of the token (the bot's id), safe to show."""
        return self.bot_token.get_secret_value().split(":", 1)[0]

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        """Settings from environment variables; raises SettingsError listing every problem."""
        reader = _Reader(env)
        token = reader.required("BOT_TOKEN", _check_token)
        api_base_url = reader.optional(
            "TELEGRAM_API_BASE_URL", DEFAULT_API_BASE_URL, _check_api_base_url
        )
        webhook_url = reader.optional("WEBHOOK_URL", None, _check_webhook_url)
        secret = reader.optional("WEBHOOK_SECRET", None, _check_webhook_secret)
        if webhook_url is not None and secret is None and "WEBHOOK_SECRET" not in reader.failed:
            reader.problems.append(
                "WEBHOOK_SECRET is required when WEBHOOK_URL is set: 1 to 256 characters of "
                "A-Z, a-z, 0-9, _ and - (for example from `openssl rand -hex 32`)"
            )
        settings = cls(
            bot_token=SecretStr(token or ""),
            api_base_url=api_base_url or DEFAULT_API_BASE_URL,
            webhook_url=webhook_url,
            webhook_secret=SecretStr(secret) if secret else None,
            host=reader.optional("HOST", cls.host, _check_host),
            port=reader.optional("PORT", cls.port, _integer(0, 65535)),
            resources_dir=reader.directory("RESOURCES_DIR", DEFAULT_RESOURCES),
            conversations_dir=reader.directory("CONVERSATIONS_DIR", DEFAULT_CONVERSATIONS),
            log_level=reader.optional("LOG_LEVEL", "INFO", _check_log_level),
            erase_max_chats=reader.optional(
                "ERASE_MAX_CHATS", cls.erase_max_chats, _integer(1, 10**7)
            ),
            erase_note_seconds=reader.optional(
                "ERASE_NOTE_SECONDS", cls.erase_note_seconds, _number(0, 3600)
            ),
            api_timeout_seconds=reader.optional(
                "API_TIMEOUT_SECONDS",
                cls.api_timeout_seconds,
                _number(0.05, 300),
            ),
            api_retries=reader.optional("API_RETRIES", cls.api_retries, _integer(0, 10)),
            api_retry_backoff_seconds=reader.optional(
                "API_RETRY_BACKOFF_SECONDS",
                cls.api_retry_backoff_seconds,
                _number(0, 60),
            ),
            max_sends_per_second=reader.optional(
                "MAX_SENDS_PER_SECOND",
                cls.max_sends_per_second,
                _integer(1, 100_000),
            ),
            metrics_port=reader.optional("METRICS_PORT", None, _integer(1, 65535)),
            watch_files=reader.optional("WATCH_FILES", cls.watch_files, _boolean),
        )
        if reader.problems:
            raise SettingsError(reader.problems)
        return settings


class _Reader:
    """Reads variables one by one, collecting problems instead of stopping at the first."""

    def __init__(self, env: Mapping[str, str]) -> None:
        self.env = env
        self.problems: list[str] = []
        self.failed: set[str] = set()

    def required(self, name: str, check: Callable[[str], T]) -> T | None:
        raw = self.env.get(name, "").strip()
        if not raw:
            self.problems.append(f"{name} is not set")
            self.failed.add(name)
            return None
        return self._checked(name, raw, check)

    def optional(self, name: str, default: T, check: Callable[[str], T]) -> T:
        raw = self.env.get(name, "").strip()
        if not raw:
            return default
        value = self._checked(name, raw, check)
        return default if value is None else value

    def directory(self, name: str, default: Path) -> Path:
        """A directory that must exist, whether it was given or is the default."""
        path = self.optional(name, default, _directory)
        if name not in self.failed and not path.is_dir():
            self.problems.append(f"{name} is not set and the default {path} is not a directory")
            self.failed.add(name)
        return path

    def _checked(self, name: str, raw: str, check: Callable[[str], T]) -> T | None:
        try:
            return check(raw)
        except ValueError as problem:
            self.problems.append(f"{name} {problem}")
            self.failed.add(name)
            return None


def _check_token(raw: str) -> str:
    if not _TOKEN.match(raw):
        # Never echo the value: it may be a real token with a typo.
        raise ValueError(
            "does not look like a bot token: expected <digits>:<35 characters of A-Z, a-z, "
            "0-9, _ and ->, as BotFather gives it"
        )
    return raw


def _check_api_base_url(raw: str) -> str:
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"must be an http(s) URL such as {DEFAULT_API_BASE_URL}, got {raw!r}")
    if parts.query or parts.fragment:
        raise ValueError(f"must not have a query or fragment, got {raw!r}")
    return raw.rstrip("/")


def _check_webhook_url(raw: str) -> str:
    parts = urlsplit(raw)
    if not parts.hostname:
        raise ValueError(
            f"must be a full URL such as https://bot.example.org/telegram, got {raw!r}"
        )
    if parts.scheme == "https":
        return raw
    if parts.scheme == "http" and _is_loopback(parts.hostname):
        return raw  # tests and a local Bot API server only: Telegram itself requires https
    raise ValueError(f"must start with https:// (Telegram only calls https webhooks), got {raw!r}")


def _check_webhook_secret(raw: str) -> str:
    if not _WEBHOOK_SECRET.match(raw):
        raise ValueError(
            "must be 1 to 256 characters of A-Z, a-z, 0-9, _ and - "
            "(for example from `openssl rand -hex 32`)"
        )
    return raw


def _check_host(raw: str) -> str:
    if any(c.isspace() for c in raw):
        raise ValueError(f"must be a host name or address, got {raw!r}")
    return raw


def _check_log_level(raw: str) -> str:
    level = raw.upper()
    if level not in _LOG_LEVELS:
        raise ValueError(f"must be one of {', '.join(_LOG_LEVELS)}, got {raw!r}")
    return level


def _boolean(raw: str) -> bool:
    value = raw.lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"must be true or false, got {raw!r}")


def _directory(raw: str) -> Path:
    path = Path(raw).expanduser()
    if not path.is_dir():
        raise ValueError(f"is not a directory: {raw}")
    return path


def _integer(low: int, high: int) -> Callable[[str], int]:
    def check(raw: str) -> int:
        try:
            value = int(raw)
        except ValueError:
            raise ValueError(f"must be a whole number, got {raw!r}") from None
        if not low <= value <= high:
            raise ValueError(f"must be between {low} and {high}, got {value}")
        return value

    return check


def _number(low: float, high: float) -> Callable[[str], float]:
    def check(raw: str) -> float:
        try:
            value = float(raw)
        except ValueError:
            raise ValueError(f"must be a number of seconds, got {raw!r}") from None
        if not low <= value <= high:
            raise ValueError(f"must be between {low:g} and {high:g}, got {value:g}")
        return value

    return check


def _is_loopback(host: str) -> bool:
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
