"""Logging, configured once, so that no log line can carry a person or the token.

- `telegram`/`telegram.ext` log whole updates at DEBUG: never below INFO. The Bot API calls go
  through aiohttp (`AiohttpRequest`), whose errors name the kind of failure, never the URL that
  holds the token; `httpx`/`httpcore`, which python-telegram-bot still installs and which log
  every request URL, are held at WARNING in case anything sends through them.
- Other libraries' log lines keep only their numbers: any other argument (an update, a client
  address, a server's answer) becomes "[redacted]" before it is formatted.
- Anything shaped like a bot token is replaced in the message and in exception text, whoever
  logged it.
- The bot's own modules log events and counts only: never an id, a name, a text or a place.
- A malformed request refused by aiohttp's HTTP server (a link longer than 8190 bytes, a broken
  header) is one INFO line naming its kind: aiohttp logs it at ERROR with a traceback quoting
  the request's bytes, which is noise at best and, for the web chat, a piece of what was sent.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Mapping
from typing import TextIO

TOKEN_SHAPE = re.compile(r"\d{5,}:[A-Za-z0-9_-]{30,}")
TOKEN_REPLACEMENT = "[token]"  # what replaces one # noqa: S105 # nosec B105
REDACTED = "[redacted]"
OWN_LOGGERS = ("bot", "__main__")
# The lowest level each chatty library may log at, whatever LOG_LEVEL says.
FLOORS: Mapping[str, int] = {
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
    "telegram": logging.INFO,
    "telegram.ext": logging.INFO,
    "aiohttp.access": logging.CRITICAL + 1,  # records client addresses: never
    "hpack": logging.WARNING,
    "asyncio": logging.INFO,
}
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def redact(text: str) -> str:
    """`text` with every token-shaped run replaced."""
    return TOKEN_SHAPE.sub(TOKEN_REPLACEMENT, text)


class PrivacyFilter(logging.Filter):
    """Makes a record safe to write: other libraries' arguments dropped, tokens replaced."""

    def __init__(self, formatter: logging.Formatter | None = None) -> None:
        super().__init__()
        self._formatter = formatter or logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        refused = _refused_request(record)
        if refused is not None:
            record.levelno, record.levelname = logging.INFO, "INFO"
            record.msg, record.args, record.exc_info, record.exc_text = refused, None, None, None
            return True
        if record.args and not record.name.startswith(OWN_LOGGERS):
            record.args = _scrubbed(record.args)
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a bad format string: keep the template only
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        if record.exc_info:
            record.exc_text = self._formatter.formatException(record.exc_info)
            record.exc_info = None
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def _refused_request(record: logging.LogRecord) -> str | None:
    """The one line for aiohttp's server refusing a malformed request, else None."""
    error = record.exc_info[1] if record.exc_info else None
    if record.name != "aiohttp.server" or error is None:
        return None
    kinds = type(error).__mro__
    if not any(
        k.__name__ == "HttpProcessingError" and k.__module__.startswith("aiohttp") for k in kinds
    ):
        return None
    return f"Refused a malformed HTTP request ({type(error).__name__})"


def _scrubbed(
    args: tuple[object, ...] | Mapping[str, object],
) -> tuple[object, ...] | dict[str, object]:
    if isinstance(args, Mapping):
        return {key: _safe(value) for key, value in args.items()}
    return tuple(_safe(value) for value in args)


def _safe(value: object) -> object:
    """Numbers and exceptions pass (exception text is redacted later); nothing else does."""
    if value is None or isinstance(value, int | float | BaseException):
        return value
    return REDACTED


def configure_logging(level: str = "INFO", stream: TextIO | None = None) -> logging.Handler:
    """Sends every log record through the privacy filter to `stream` (stderr by default)."""
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, "privacy_handler", False):
            root.removeHandler(old)
    handler = logging.StreamHandler(stream or sys.stderr)
    formatter = logging.Formatter(FORMAT)
    handler.setFormatter(formatter)
    handler.addFilter(PrivacyFilter(formatter))
    handler.privacy_handler = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    numeric = logging.getLevelNamesMapping()[level.upper()]
    root.setLevel(numeric)
    for name, floor in FLOORS.items():
        logging.getLogger(name).setLevel(max(numeric, floor))
    return handler
