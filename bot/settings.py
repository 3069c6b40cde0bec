"""How this bot runs, read once from the environment and checked as a whole (pydantic-settings).

Each variable comes from the environment, else from a `.env` file, else from a secrets file named
like it (Docker and Compose mount them in /run/secrets). Every problem is reported at once, in
plain words; the token and the webhook secret are `SecretStr`s, never shown in a message, a repr
or a log line, and no address's user:password is echoed. `.env.example` documents every variable.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal, Self, get_args
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_core import ErrorDetails
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from bot.content import DEFAULT_CONVERSATIONS, DEFAULT_RESOURCES

DEFAULT_API_BASE_URL = "https://api.telegram.org"
# Where the web chat's Quick exit goes: a page anyone might be looking at.
DEFAULT_QUICK_EXIT_URL = "https://www.google.com/search?q=weather"
ENV_FILE = Path(".env")
SECRETS_DIR = Path("/run/secrets")
_TOKEN = re.compile(r"^[0-9]+:[A-Za-z0-9_-]{35}$")
_WEBHOOK_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_WEBHOOK_CHARACTERS = (
    "1 to 256 characters of A-Z, a-z, 0-9, _ and - (for example from `openssl rand -hex 32`)"
)


class SettingsError(Exception):
    """The environment does not describe a bot we can run; `problems` says everything wrong."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _shown(raw: str) -> str:
    """A URL as an error may quote it: without any user:password@."""
    parts = urlsplit(raw)
    if "@" not in parts.netloc:
        return repr(raw)
    return repr(parts._replace(netloc="…@" + parts.netloc.rpartition("@")[2]).geturl())


def _token(value: SecretStr) -> SecretStr:
    if not _TOKEN.match(value.get_secret_value()):  # never echo it: it may be a real token
        raise ValueError(
            "does not look like a bot token: expected <digits>:<35 characters of A-Z, a-z, "
            "0-9, _ and ->, as BotFather gives it"
        )
    return value


def _webhook_secret(value: SecretStr) -> SecretStr:
    if not _WEBHOOK_SECRET.match(value.get_secret_value()):
        raise ValueError(f"must be {_WEBHOOK_CHARACTERS}")
    return value


def _api_base_url(raw: str) -> str:
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(
            f"must be an http(s) URL such as {DEFAULT_API_BASE_URL}, got {_shown(raw)}"
        )
    if parts.query or parts.fragment:
        raise ValueError(f"must not have a query or fragment, got {_shown(raw)}")
    return raw.rstrip("/")


def _webhook_url(raw: str) -> str:
    parts = urlsplit(raw)
    if not parts.hostname:
        raise ValueError(
            f"must be a full URL such as https://bot.example.org/telegram, got {_shown(raw)}"
        )
    if parts.scheme == "https" or (parts.scheme == "http" and _is_loopback(parts.hostname)):
        return raw  # plain http for tests and a local Bot API server: Telegram requires https
    raise ValueError(
        f"must start with https:// (Telegram only calls https webhooks), got {_shown(raw)}"
    )


def _quick_exit_url(raw: str) -> str:
    parts = urlsplit(raw)
    loopback = parts.scheme == "http" and parts.hostname and _is_loopback(parts.hostname)
    if not parts.hostname or not (parts.scheme == "https" or loopback) or "@" in parts.netloc:
        raise ValueError(
            f"must be an https:// address of a neutral page such as {DEFAULT_QUICK_EXIT_URL}, "
            f"got {_shown(raw)}"
        )
    return raw


# A CSP source that names a site: https://host[:port], the host maybe starting with "*." (plain
# http only for this machine, as in tests). Nothing else: the value goes into a header.
_FRAMING_SITE = re.compile(
    r"^(https://(\*\.)?[A-Za-z0-9.-]+|http://(localhost|127(\.[0-9]{1,3}){3}|\[::1\]))"
    r"(:[0-9]{1,5})?$"
)


def _frame_ancestors(raw: str) -> str:
    """A CSP frame-ancestors list: none, self, or sites (https://org.example), space-separated;
    none and self may be written without their quotes."""
    sources = raw.replace(",", " ").split()
    quoted = [f"'{s.strip(chr(39))}'" if s.strip("'") in ("none", "self") else s for s in sources]
    for source in quoted:
        if source not in ("'none'", "'self'") and not _FRAMING_SITE.match(source):
            raise ValueError(
                "must be none, self, or the sites that may frame the chat, such as "
                f"https://www.org.example, separated by spaces; {source!r} is none of these"
            )
    if not quoted or ("'none'" in quoted and len(quoted) > 1):
        raise ValueError("must be none alone, or self and sites")
    return " ".join(quoted)


def _redis_url(value: SecretStr) -> SecretStr:
    raw = value.get_secret_value()
    parts = urlsplit(raw)
    if parts.scheme not in ("redis", "rediss", "unix") or not (parts.hostname or parts.path):
        raise ValueError(
            "must be a Redis URL such as redis://redis:6379/0 (rediss:// for TLS, "
            f"unix:///path/to/socket), got {_shown(raw)}"
        )
    return value


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _host(raw: str) -> str:
    if not raw or any(c.isspace() for c in raw):
        raise ValueError(f"must be a host name or address, got {raw!r}")
    return raw


def _directory(path: Path) -> Path:
    path = path.expanduser()
    if not path.is_dir():
        raise ValueError(f"is not a directory: {path}")
    return path


def _between(low: float, high: float) -> AfterValidator:
    def check(value: float) -> float:
        if not low <= value <= high:
            raise ValueError(
                f"must be between {_plain(low)} and {_plain(high)}, got {_plain(value)}"
            )
        return value

    return AfterValidator(check)


def _plain(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else f"{number:g}"


def _holds_secret(annotation: object) -> bool:
    return annotation is SecretStr or any(_holds_secret(part) for part in get_args(annotation))


def _upper(raw: object) -> object:
    return raw.upper() if isinstance(raw, str) else raw


Directory = Annotated[Path, AfterValidator(_directory)]


class ServerSettings(BaseSettings):
    """What every server of the bot reads: where it listens, what it serves, how it logs, and
    the web chat's choices. Enough for `python -m bot web`, which needs no token."""

    model_config = SettingsConfigDict(
        frozen=True,
        extra="ignore",  # a .env may hold what other commands read (BOT_USERNAME)
        env_ignore_empty=True,
        hide_input_in_errors=True,
        validate_by_name=True,
        validate_by_alias=True,
    )

    host: Annotated[str, AfterValidator(_host)] = "0.0.0.0"  # the proxy is outside the container # noqa: S104 # nosec B104
    port: Annotated[int, _between(0, 65535)] = 8080
    resources_dir: Directory = Field(DEFAULT_RESOURCES, validate_default=True)
    conversations_dir: Directory = Field(DEFAULT_CONVERSATIONS, validate_default=True)
    log_level: Annotated[
        Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"], BeforeValidator(_upper)
    ] = "INFO"
    # Where GET /metrics is served: its own port when set; otherwise the webhook server's
    # (webhook mode) or nowhere (polling mode, and the web chat alone).
    metrics_port: Annotated[int, _between(1, 65535)] | None = None
    watch_files: bool = True  # reload resources/ and conversations/ when they change
    # The web chat: where Quick exit goes, and which sites may show the chat in a frame.
    quick_exit_url: Annotated[str, AfterValidator(_quick_exit_url)] = DEFAULT_QUICK_EXIT_URL
    web_frame_ancestors: Annotated[str, AfterValidator(_frame_ancestors)] = "'none'"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # The environment arrives through from_env(env) as init values: the caller says which
        # environment it means, and a test's Settings(...) never picks up the shell's.
        return init_settings, dotenv_settings, file_secret_settings

    @classmethod
    def from_env(
        cls,
        env: Mapping[str, str],
        *,
        env_file: Path | None = None,
        secrets_dir: Path | None = None,
    ) -> Self:
        """Settings from environment variables (before `env_file`, before files in
        `secrets_dir`, when given and present); raises SettingsError listing every problem."""
        given: dict[str, Any] = {
            name: env[VARIABLE_OF[name]].strip()
            for name in cls.model_fields
            if env.get(VARIABLE_OF[name], "").strip()
        }
        try:
            return cls(
                **given,
                _env_file=env_file if env_file is not None and env_file.is_file() else None,
                _secrets_dir=secrets_dir
                if secrets_dir is not None and secrets_dir.is_dir()
                else None,
            )
        except ValidationError as error:
            raise SettingsError([_problem(detail) for detail in error.errors()]) from None


class Settings(ServerSettings):
    """Everything `python -m bot run` needs, typed and checked."""

    bot_token: Annotated[SecretStr, AfterValidator(_token)]
    api_base_url: Annotated[str, AfterValidator(_api_base_url)] = Field(
        DEFAULT_API_BASE_URL, validation_alias="TELEGRAM_API_BASE_URL"
    )
    webhook_url: Annotated[str, AfterValidator(_webhook_url)] | None = None
    webhook_secret: Annotated[SecretStr, AfterValidator(_webhook_secret)] | None = Field(
        None, validate_default=True
    )
    web_chat: bool = False  # serve the web chat from the webhook server too
    # Erase remembers message ids for at most this many chats (the least recently active are
    # dropped first). About 240 bytes a chat of a few messages: 10,000 chats take 2.4 MB.
    erase_max_chats: Annotated[int, _between(1, 10**7)] = 10_000
    erase_note_seconds: Annotated[float, _between(0, 3600)] = 60.0
    api_timeout_seconds: Annotated[float, _between(0.05, 300)] = 10.0
    api_retries: Annotated[int, _between(0, 10)] = 3
    api_retry_backoff_seconds: Annotated[float, _between(0, 60)] = 1.0
    # Telegram's limit for a bot's messages across all chats is about 30 a second.
    max_sends_per_second: Annotated[int, _between(1, 100_000)] = 30
    # Several replicas share Erase's memory, update marks, the send rate and chats' turns in
    # Redis (bot/shared_state); unset, each process keeps its own. May hold a password.
    redis_url: Annotated[SecretStr, AfterValidator(_redis_url)] | None = None
    # Each Redis call's timeout: past it, the bot goes on without Redis for a moment.
    redis_timeout_seconds: Annotated[float, _between(0.01, 30)] = 1.0
    # How long a stop (SIGTERM) may take before the bot gives the rest up and exits: well
    # under Docker's 10 seconds before SIGKILL.
    shutdown_seconds: Annotated[float, _between(0.5, 300)] = 7.0
    # Webhook updates in hand at once; past it the bot answers 503 and Telegram delivers the
    # update again later (to this replica or another). About 30 KB each while handled.
    max_pending_updates: Annotated[int, _between(1, 1_000_000)] = 500

    @field_validator("webhook_secret")
    @classmethod
    def _secret_with_webhook(
        cls, secret: SecretStr | None, info: ValidationInfo
    ) -> SecretStr | None:
        if secret is None and info.data.get("webhook_url") is not None:
            raise ValueError(f"is required when WEBHOOK_URL is set: {_WEBHOOK_CHARACTERS}")
        return secret

    @field_validator("web_chat")
    @classmethod
    def _web_chat_with_webhook(cls, web_chat: bool, info: ValidationInfo) -> bool:
        if web_chat and info.data.get("webhook_url") is None and "webhook_url" in info.data:
            raise ValueError(
                "needs WEBHOOK_URL (the web chat is served from the webhook server); "
                "beside a polling bot, run `python -m bot web` instead"
            )
        return web_chat

    @property
    def webhook_mode(self) -> bool:
        return self.webhook_url is not None

    @property
    def token_id(self) -> str:
        """The public part of the token (the bot's id), safe to show."""
        return self.bot_token.get_secret_value().split(":", 1)[0]


VARIABLE_OF = {
    name: (field.validation_alias if isinstance(field.validation_alias, str) else name).upper()
    for name, field in Settings.model_fields.items()
}
"""The environment variable each setting is read from (each documented in .env.example)."""
VARIABLES = tuple(VARIABLE_OF.values())
_SECRETS = frozenset(
    VARIABLE_OF[name]
    for name, field in Settings.model_fields.items()
    if _holds_secret(field.annotation)
)


def _problem(detail: ErrorDetails) -> str:
    """One validation error in plain words, naming the variable; a secret is never quoted."""
    key = str(detail["loc"][0]) if detail["loc"] else ""
    variable = VARIABLE_OF.get(key, key.upper())
    kind, raw = detail["type"], detail.get("input")
    got = "" if variable in _SECRETS else f", got {raw!r}"
    if kind == "missing":
        return f"{variable} is not set"
    if kind == "value_error":
        return f"{variable} {detail.get('ctx', {}).get('error', 'is not valid')}"
    if kind in ("int_parsing", "int_from_float"):
        return f"{variable} must be a whole number{got}"
    if kind == "float_parsing":
        return f"{variable} must be a number{got}"
    if kind == "bool_parsing":
        return f"{variable} must be true or false{got}"
    if kind == "literal_error":
        return f"{variable} must be one of {detail.get('ctx', {}).get('expected')}{got}"
    return f"{variable} is not valid: {detail['msg']}"
