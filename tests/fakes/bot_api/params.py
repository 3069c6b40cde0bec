"""The parameters of one Bot API call, read the way Telegram's server reads them.

Telegram accepts parameters in the query string, as form fields (urlencoded or multipart) or as
a JSON body; every value arrives as a string, with objects and arrays JSON-encoded (python-
telegram-bot sends form fields: strings as they are, everything else through json.dumps). The
typed getters here turn those strings into values or into Telegram's 400 errors.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

JSONDict = dict[str, Any]

_INTEGER = re.compile(r"^\s*[+-]?\d+\s*$")
_JSON_PARAMS = frozenset(
    {
        "allowed_updates",
        "caption_entities",
        "commands",
        "entities",
        "link_preview_options",
        "media",
        "menu_button",
        "message_ids",
        "permissions",
        "reaction",
        "reply_markup",
        "reply_parameters",
        "results",
        "scope",
    }
)
_INT_PARAMS = frozenset(
    {
        "cache_time",
        "chat_id",
        "from_chat_id",
        "limit",
        "live_period",
        "max_connections",
        "message_id",
        "message_thread_id",
        "offset",
        "reply_to_message_id",
        "timeout",
        "until_date",
        "user_id",
    }
)
_BOOL_PARAMS = frozenset(
    {
        "allow_paid_broadcast",
        "allow_sending_without_reply",
        "disable_notification",
        "disable_web_page_preview",
        "drop_pending_updates",
        "for_channels",
        "is_personal",
        "protect_content",
        "revoke_messages",
        "show_alert",
    }
)
_FLOAT_PARAMS = frozenset({"latitude", "longitude", "horizontal_accuracy"})


class ApiError(Exception):
    """A Bot API error answer: HTTP status, Telegram's description, optional retry_after."""

    def __init__(self, status: int, description: str, *, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after

    def body(self) -> JSONDict:
        """Returns the JSON body Telegram sends with this error."""
        body: JSONDict = {"ok": False, "error_code": self.status, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


@dataclass(frozen=True)
class Answer:
    """A successful answer that carries a description besides its result."""

    result: Any
    description: str | None = None


def bad_request(text: str) -> ApiError:
    """Returns a 400 error whose description is "Bad Request: <text>"."""
    return ApiError(400, f"Bad Request: {text}")


@dataclass(frozen=True)
class UploadedFile:
    """A file sent as a multipart part; the fake keeps its size, not its content."""

    field: str
    filename: str | None
    content_type: str
    size: int


class Params:
    """The raw string parameters of one call, with typed getters that fail like Telegram."""

    def __init__(self, raw: dict[str, str], files: dict[str, UploadedFile] | None = None) -> None:
        self.raw = raw
        self.files = files or {}

    def has(self, name: str) -> bool:
        return bool(self.raw.get(name))

    def text(self, name: str) -> str:
        """Returns the parameter as a string, "" when it is absent (as Telegram does)."""
        return self.raw.get(name, "")

    def flag(self, name: str) -> bool:
        """Returns a boolean: "true", "yes" and "1" (any case) are true, anything else false."""
        return self.raw.get(name, "").strip().lower() in ("true", "yes", "1")

    def integer(
        self, name: str, default: int, low: int | None = None, high: int | None = None
    ) -> int:
        """Returns an integer parameter clamped to [low, high]; non-integers are a 400."""
        raw = self.raw.get(name, "")
        if not raw:
            value = default
        elif _INTEGER.match(raw):
            value = int(raw)
        else:
            raise bad_request(f'parameter "{name}" must be an Integer')
        if low is not None:
            value = max(value, low)
        if high is not None:
            value = min(value, high)
        return value

    def chat_id(self) -> int | str:
        """Returns chat_id as an int, or as a string for "@username"; missing is a 400."""
        raw = self.raw.get("chat_id", "").strip()
        if not raw:
            raise bad_request("chat_id is empty")
        return int(raw) if _INTEGER.match(raw) else raw

    def message_id(self, name: str = "message_id") -> int:
        """Returns a message id, 0 when it is absent or negative (as Telegram does)."""
        return max(self.integer(name, 0), 0)

    def json(self, name: str, what: str) -> Any:
        """Returns a JSON parameter decoded, None when absent; bad JSON is "can't parse <what>"."""
        raw = self.raw.get(name, "")
        if not raw:
            return None
        try:
            return json.loads(raw)
        except ValueError:
            raise bad_request(f"can't parse {what} JSON object") from None

    def decoded(self) -> dict[str, Any]:
        """Returns every parameter as the Python value it most likely was on the bot's side."""
        return {name: _decode(name, value) for name, value in self.raw.items()}


Handler = Callable[[Params], Awaitable[Any]]
"""One Bot API method of the fake: the call's Params in, the answer's result out."""


def _decode(name: str, value: str) -> Any:
    try:
        if name in _JSON_PARAMS:
            return json.loads(value)
        if name in _INT_PARAMS and _INTEGER.match(value):
            return int(value)
        if name in _BOOL_PARAMS:
            return value.strip().lower() in ("true", "yes", "1")
        if name in _FLOAT_PARAMS:
            return float(value)
    except ValueError:
        return value
    return value


async def read_params(request: web.Request) -> Params:
    """Collects a request's parameters from its query string and body, whatever the encoding."""
    raw: dict[str, str] = dict(request.query)
    files: dict[str, UploadedFile] = {}
    if request.method == "POST" and request.can_read_body:
        if request.content_type == "application/json":
            try:
                body = json.loads(await request.text() or "{}")
            except ValueError:
                raise bad_request("can't parse JSON encoded request") from None
            if not isinstance(body, dict):
                raise bad_request("can't parse JSON encoded request")
            for name, value in body.items():
                if value is not None:
                    raw[name] = value if isinstance(value, str) else json.dumps(value)
        else:
            form = await request.post()
            for name, field in form.items():
                if isinstance(field, web.FileField):
                    content = field.file.read()
                    files[name] = UploadedFile(
                        name, field.filename, field.content_type, len(content)
                    )
                else:
                    raw[name] = field if isinstance(field, str) else field.decode()
    return Params(raw, files)
