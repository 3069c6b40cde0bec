"""Bot API calls with their parameters as one JSON body instead of a form.

The Bot API takes a call's parameters as a form or as JSON alike. python-telegram-bot sends a
form, and form-encoding quotes every character of a screen's HTML and keyboard in Python (urllib):
about 100 µs a call for a result screen, against 25 µs for the same parameters as JSON (the
values are the very strings PTB would put in the form: `RequestData.json_payload`, which PTB
offers for this). A call that uploads a file still goes as a multipart form (the bot uploads
none). Everything else is PTB's `HTTPXRequest`: the same client, pool, timeouts and errors.

Telegram answers sendMessage and editMessageText with the whole message, keyboard and text
entities included, and PTB turns all of it into objects: for a screen with a dozen buttons that
costs more than the rest of reading the answer. The bot reads only a sent message's id
(replies.py, erase.py), so a message in an answer loses its keyboard, entities and link preview
options before PTB parses it (`parse_json_payload`, which PTB offers for changing how answers
are read). Nothing else in an answer is touched.
"""

from __future__ import annotations

from typing import Any

import httpx
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, HTTPXRequest, RequestData

JSON_HEADERS = {"User-Agent": HTTPXRequest.USER_AGENT, "Content-Type": "application/json"}
UNREAD_MESSAGE_FIELDS = ("reply_markup", "entities", "link_preview_options")


class JsonBodyRequest(HTTPXRequest):
    """`HTTPXRequest` that sends a call's parameters as a JSON body (see the module). Each
    timeout is a number, None (no limit) or PTB's DefaultValue (the client's own)."""

    __slots__ = ()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if request_data is None or request_data.contains_files or self._client.is_closed:
            return await super().do_request(
                url,
                method,
                request_data,
                read_timeout,
                write_timeout,
                connect_timeout,
                pool_timeout,
            )
        defaults = self._client.timeout
        timeout = httpx.Timeout(
            connect=_given(connect_timeout, defaults.connect),
            read=_given(read_timeout, defaults.read),
            write=_given(write_timeout, defaults.write),
            pool=_given(pool_timeout, defaults.pool),
        )
        try:
            response = await self._client.request(
                method=method,
                url=url,
                headers=JSON_HEADERS,
                timeout=timeout,
                content=request_data.json_payload,
            )
        except httpx.TimeoutException as error:  # as HTTPXRequest does
            if isinstance(error, httpx.PoolTimeout):
                raise TimedOut(
                    message="Pool timeout: all connections in the pool are occupied; the "
                    "request was *not* sent to Telegram."
                ) from error
            raise TimedOut from error
        except httpx.HTTPError as error:
            raise NetworkError(f"httpx.{error.__class__.__name__}: {error}") from error
        return response.status_code, response.content

    @staticmethod
    def parse_json_payload(payload: bytes) -> dict[str, Any]:
        """Telegram's answer, a message in it without the fields the bot never reads."""
        answer = HTTPXRequest.parse_json_payload(payload)
        result = answer.get("result") if isinstance(answer, dict) else None
        if isinstance(result, dict) and "message_id" in result:
            for name in UNREAD_MESSAGE_FIELDS:
                result.pop(name, None)
        return answer


def _given(value: Any, default: float | None) -> float | None:
    """The timeout a call asked for (a number or None), or the client's when it asked for
    PTB's default (a `DefaultValue`), as HTTPXRequest does."""
    return value if value is None or isinstance(value, float | int) else default
