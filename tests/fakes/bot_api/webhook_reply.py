"""A Bot API call carried in the answer to a webhook POST, as Telegram reads it.

Telegram lets a bot answer the POST of an update with one Bot API call: the answer's body holds
the call's parameters and a `method` parameter naming it, as JSON (Content-Type
application/json) or as a form (application/x-www-form-urlencoded). Telegram carries the call
out but tells the bot nothing, neither whether it worked nor its result. The fake does the
same (fake_bot_api.FakeBotApi): it runs the method with its usual checks, records it as an
ApiCall with `via_webhook_reply=True`, and keeps the result to itself. Faults injected with
`server.inject` are for the bot's own HTTP calls: they never hit these.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import parse_qsl


@dataclass(frozen=True)
class ReplyCall:
    """The method named in a webhook's answer, and its parameters as the fake reads them."""

    method: str
    params: dict[str, str]


def reply_call(content_type: str, body: bytes) -> ReplyCall | None:
    """The call in a webhook's answer, or None when the answer holds none (any other body, such
    as a plain "ok", is what most bots send and means nothing to Telegram)."""
    raw: dict[str, str] = {}
    if content_type == "application/json":
        try:
            data = json.loads(body or b"null")
        except ValueError:
            return None
        if not isinstance(data, dict):
            return None
        for name, value in data.items():
            if value is not None:
                raw[name] = value if isinstance(value, str) else json.dumps(value)
    elif content_type == "application/x-www-form-urlencoded":
        try:
            raw = dict(parse_qsl(body.decode(), keep_blank_values=True))
        except UnicodeDecodeError:
            return None
    else:
        return None
    method = raw.pop("method", "")
    return ReplyCall(method, raw) if method else None
