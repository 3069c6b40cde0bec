"""A request's body, read without leaving a copy on the request.

`request.read()`, `.text()`, `.json()` and `.post()` keep what they read on the request, and
aiohttp keeps a keep-alive connection's last request until the next one comes or the
connection closes: a person's words (a webhook update, a web search) would stay in memory after
their answer. The body is read from its stream instead, and only the caller holds it.
"""

from __future__ import annotations

from aiohttp import web


class BodyTooLarge(Exception):
    """The body is longer than the caller accepts."""


async def body_of(request: web.Request, limit: int) -> bytes:
    """The whole body, at most `limit` bytes (BodyTooLarge beyond, before reading the rest)."""
    if request.content_length is not None and request.content_length > limit:
        raise BodyTooLarge
    body = bytearray()
    async for chunk in request.content.iter_any():
        body += chunk
        if len(body) > limit:
            raise BodyTooLarge
    return bytes(body)
