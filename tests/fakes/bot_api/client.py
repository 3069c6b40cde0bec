"""Talking to the fake Bot API server in its tests: an unmodified PTB Bot, raw HTTP, a webhook."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
from aiohttp import web
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.request import HTTPXRequest

from tests.fakes.bot_api.server import FakeBotApi


@asynccontextmanager
async def ptb_bot(
    server: FakeBotApi, token: str | None = None, **request: Any
) -> AsyncIterator[Bot]:
    """Yields a python-telegram-bot Bot on the fake (request: HTTPXRequest's arguments)."""
    kwargs: dict[str, Any] = {}
    if request:
        kwargs["request"] = HTTPXRequest(**request)
    client = Bot(
        token or server.token, base_url=server.api_url, base_file_url=server.file_url, **kwargs
    )
    async with client:
        yield client


def menu(*buttons: tuple[str, str]) -> InlineKeyboardMarkup:
    """An inline keyboard of one button a row, from (text, callback_data) pairs."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(text, callback_data=data)] for text, data in buttons]
    )


async def raw_call(server: FakeBotApi, path: str, **kwargs: Any) -> tuple[int, dict[str, Any]]:
    """POSTs to a path of the fake as it is; returns the status and the JSON answer."""
    async with (
        aiohttp.ClientSession() as session,
        session.post(server.base_url + path, **kwargs) as response,
    ):
        return response.status, await response.json()


@asynccontextmanager
async def receiver(
    handle: Callable[[web.Request], Awaitable[web.StreamResponse]],
) -> AsyncIterator[str]:
    """Serves a tiny webhook app on 127.0.0.1 and yields its URL."""
    app = web.Application()
    app.router.add_post("/telegram", handle)
    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    port = sock.getsockname()[1]
    await web.SockSite(runner, sock).start()
    try:
        yield f"http://127.0.0.1:{port}/telegram"
    finally:
        await runner.cleanup()
