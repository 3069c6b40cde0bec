"""A minimal Telegram on loopback for the benchmarks: a Bot API server that timestamps every call,
and Telegram's side of a webhook.

Why not the tests' fake (tests/fakes/bot_api/server.py): it checks every parameter, parses the
HTML of every message and keeps every chat, which makes it the slowest part of a benchmark that
runs thousands of updates a second, and its webhook delivery sends one update at a time. Here
the server does just enough for a bot to start and answer, as cheaply as possible, so what is
measured is the bot:

- getMe, setMyCommands, setWebhook, deleteWebhook, getUpdates (long-polls and returns nothing;
  the time of the first call is kept: "the bot is ready" in polling mode), sendMessage,
  editMessageText (both answer the message as Telegram would: the text without its tags, bold
  entities, the keyboard), answerCallbackQuery, deleteMessage(s). Anything else: 404.
- `Telegram.post_update` POSTs one update to the registered webhook, as Telegram does (the
  secret header; `webhook_connections` keeps the `max_connections` the bot asked for, 40 by
  default), and reads a method the bot may put in the webhook's answer (an
  answerCallbackQuery, say) as a call of its own.
- `Person` plays one private chat: it sends text or presses a button of the bot's last screen
  (its real callback data), then waits for the bot's answer (sendMessage or editMessageText in
  its chat). The time from the POST to that answer's arrival is the update's latency.

- `latency`: each answer waits that long, as if Telegram were a round trip away (loopback
  answers in well under a millisecond; api.telegram.org is tens to hundreds away).

Everything listens on and talks to 127.0.0.1 only.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import re
import socket
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

import aiohttp
from aiohttp import web

JSONDict = dict[str, Any]

TOKEN = "123456789:AAE-bnch-token-0123456789abcdefghij"  # noqa: S105 - a made-up token
BOT_ID = 123456789
BOT_USER: JSONDict = {
    "id": BOT_ID,
    "is_bot": True,
    "first_name": "Safe Harbor",
    "username": "SafeHarborBenchBot",
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
WEBHOOK_CONNECTIONS = 40  # Telegram's default max_connections for a webhook
SCREEN_METHODS = frozenset({"sendMessage", "editMessageText"})
_API_PATH = re.compile(r"^/bot([^/]+)/([A-Za-z]+)$")
_BOLD = re.compile(r"(</?b>)")


@dataclass
class Screen:
    """A screen the bot showed: when it arrived, by which method, and the message as sent."""

    method: str
    arrived: float
    message: JSONDict

    def buttons(self) -> list[tuple[str, str]]:
        """(label, callback_data) of every inline button, row by row."""
        markup = self.message.get("reply_markup") or {}
        return [
            (button["text"], button["callback_data"])
            for row in markup.get("inline_keyboard", [])
            for button in row
            if "callback_data" in button
        ]


@dataclass
class _Chat:
    next_message_id: int = 1
    waiter: asyncio.Future[Screen] | None = None
    messages: dict[int, JSONDict] = field(default_factory=dict)


class LoopbackBotApi:
    """The Bot API side. `calls` counts calls by method (webhook replies as "<method> (reply)")."""

    def __init__(self, token: str = TOKEN, *, latency: float = 0.0) -> None:
        self.token = token
        self.latency = latency  # seconds each answer waits, as a round trip to Telegram would
        self.calls: Counter[str] = Counter()
        self.stray_screens = 0  # screens nobody was waiting for (should stay 0)
        self.webhook_url: str | None = None
        self.webhook_secret: str | None = None
        self.webhook_connections = WEBHOOK_CONNECTIONS  # the bot's max_connections, if it set one
        self.first_get_updates: float | None = None
        self.webhook_set = asyncio.Event()
        self.polling = asyncio.Event()
        self._chats: dict[int, _Chat] = {}
        self._closing = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._port}"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/{tail:.*}", self._handle)
        app.router.add_get("/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        sock.listen(1024)
        self._port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock, shutdown_timeout=0.5).start()

    async def stop(self) -> None:
        self._closing.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> LoopbackBotApi:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    def reset_counts(self) -> None:
        self.calls.clear()
        self.stray_screens = 0

    # --- chats -----------------------------------------------------------------------------

    def chat(self, chat_id: int) -> _Chat:
        chat = self._chats.get(chat_id)
        if chat is None:
            chat = self._chats[chat_id] = _Chat()
        return chat

    def expect_screen(self, chat_id: int) -> asyncio.Future[Screen]:
        """A future for the next sendMessage or editMessageText in this chat."""
        future: asyncio.Future[Screen] = asyncio.get_running_loop().create_future()
        self.chat(chat_id).waiter = future
        return future

    def record_reply(self, method: str) -> None:
        """Counts a method the bot put in its webhook answer."""
        self.calls[f"{method} (reply)"] += 1

    # --- HTTP ------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        arrived = time.perf_counter()
        if self.latency:
            await asyncio.sleep(self.latency)
        match = _API_PATH.match(request.path)
        if match is None or match.group(1) != self.token:
            return _answer({"ok": False, "error_code": 404, "description": "Not Found"}, 404)
        method = match.group(2)
        self.calls[method] += 1
        params: dict[str, str] = {}
        if request.can_read_body:
            if request.content_type == "application/json":
                params = {k: _as_form(v) for k, v in (await request.json()).items()}
            else:
                params = {k: str(v) for k, v in (await request.post()).items()}
        if method in SCREEN_METHODS:
            return _answer({"ok": True, "result": self._screen(method, params, arrived)})
        handler = self._simple.get(method)
        if handler is None:
            return _answer({"ok": False, "error_code": 404, "description": "Not Found"}, 404)
        return _answer({"ok": True, "result": await handler(self, params)})

    def _screen(self, method: str, params: dict[str, str], arrived: float) -> JSONDict:
        chat_id = int(params["chat_id"])
        chat = self.chat(chat_id)
        text, entities = _plain(params.get("text", ""), params.get("parse_mode"))
        if method == "sendMessage":
            message_id = chat.next_message_id
            chat.next_message_id += 1
        else:
            message_id = int(params["message_id"])
        message: JSONDict = {
            "message_id": message_id,
            "from": BOT_USER,
            "chat": {"id": chat_id, "type": "private", "first_name": "Bench"},
            "date": int(time.time()),
            "text": text,
        }
        if method == "editMessageText":
            message["edit_date"] = int(time.time())
        if entities:
            message["entities"] = entities
        if "reply_markup" in params:
            message["reply_markup"] = json.loads(params["reply_markup"])
        chat.messages[message_id] = message
        waiter, chat.waiter = chat.waiter, None
        if waiter is not None and not waiter.done():
            waiter.set_result(Screen(method, arrived, message))
        else:
            self.stray_screens += 1
        return message

    async def _get_me(self, params: dict[str, str]) -> Any:
        return BOT_USER

    async def _true(self, params: dict[str, str]) -> Any:
        return True

    async def _set_webhook(self, params: dict[str, str]) -> Any:
        self.webhook_url = params["url"]
        self.webhook_secret = params.get("secret_token")
        self.webhook_connections = int(params.get("max_connections") or WEBHOOK_CONNECTIONS)
        self.webhook_set.set()
        return True

    async def _get_updates(self, params: dict[str, str]) -> Any:
        if self.first_get_updates is None:
            self.first_get_updates = time.perf_counter()
        self.polling.set()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._closing.wait(), float(params.get("timeout", 0)))
        return []

    _simple: ClassVar[dict[str, Callable[[LoopbackBotApi, dict[str, str]], Any]]] = {
        "getMe": _get_me,
        "setMyCommands": _true,
        "deleteMyCommands": _true,
        "setWebhook": _set_webhook,
        "deleteWebhook": _true,
        "getUpdates": _get_updates,
        "answerCallbackQuery": _true,
        "deleteMessage": _true,
        "deleteMessages": _true,
    }


class Telegram:
    """Telegram's side of the webhook: POSTs updates to the URL the bot registered."""

    def __init__(self, api: LoopbackBotApi) -> None:
        self.api = api
        self._session: aiohttp.ClientSession | None = None
        self._next_update_id = 900_000_001
        self._next_query_id = 5_100_000_000_000_000_001

    async def __aenter__(self) -> Telegram:
        connector = aiohttp.TCPConnector(limit=0)  # deliveries keep to the bot's max_connections
        self._session = aiohttp.ClientSession(connector=connector)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._session is not None:
            await self._session.close()

    def update_id(self) -> int:
        self._next_update_id += 1
        return self._next_update_id

    def query_id(self) -> str:
        self._next_query_id += 7919
        return str(self._next_query_id)

    async def post_update(self, update: JSONDict) -> None:
        """POSTs the update; raises unless the bot answers 2xx. A method in the answer counts
        as a call the bot made."""
        status = await self.offer_update(update)
        if not 200 <= status < 300:
            raise RuntimeError(f"the webhook answered {status}")

    async def offer_update(self, update: JSONDict) -> int:
        """POSTs the update and returns the webhook's HTTP status (Telegram delivers it again
        later unless it is 2xx). A method in a 2xx answer counts as a call the bot made."""
        if self._session is None or self.api.webhook_url is None:
            raise RuntimeError("no session, or the bot has set no webhook")
        headers = {"Content-Type": "application/json"}
        if self.api.webhook_secret:
            headers["X-Telegram-Bot-Api-Secret-Token"] = self.api.webhook_secret
        async with self._session.post(
            self.api.webhook_url, data=json.dumps(update), headers=headers
        ) as response:
            body = await response.read()
            if 200 <= response.status < 300 and response.content_type == "application/json":
                reply = json.loads(body) if body else None
                if isinstance(reply, dict) and isinstance(reply.get("method"), str):
                    self.api.record_reply(reply["method"])
            return response.status


class Person:
    """One person in a private chat with the bot, doing one thing at a time."""

    def __init__(
        self, telegram: Telegram, user_id: int, language_code: str, first_name: str = "Bench"
    ) -> None:
        self.telegram = telegram
        self.api = telegram.api
        self.user: JSONDict = {
            "id": user_id,
            "is_bot": False,
            "first_name": first_name,
            "language_code": language_code,
        }
        self.chat_json: JSONDict = {"id": user_id, "type": "private", "first_name": first_name}
        self.chat_id = user_id
        self.last: Screen | None = None  # the bot's screen as the person sees it now
        self.latencies: list[float] = []
        self.steps = 0  # for a workload to keep its place

    async def send_text(self, text: str) -> Screen:
        """Sends a message (a /command is marked as one) and waits for the bot's screen."""
        chat = self.api.chat(self.chat_id)
        message_id = chat.next_message_id
        chat.next_message_id += 1
        message: JSONDict = {
            "message_id": message_id,
            "from": self.user,
            "chat": self.chat_json,
            "date": int(time.time()),
            "text": text,
        }
        if text.startswith("/"):
            length = len(text.split(maxsplit=1)[0])
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return await self._act({"update_id": self.telegram.update_id(), "message": message})

    async def press(self, data: str) -> Screen:
        """Presses the button with this callback data on the bot's last screen."""
        if self.last is None:
            raise RuntimeError("nothing to press: the bot has shown no screen")
        query: JSONDict = {
            "id": self.telegram.query_id(),
            "from": self.user,
            "message": self.last.message,
            "chat_instance": str(-self.chat_id * 7919 % 10**18),
            "data": data,
        }
        return await self._act({"update_id": self.telegram.update_id(), "callback_query": query})

    async def _act(self, update: JSONDict) -> Screen:
        waiting = self.api.expect_screen(self.chat_id)
        posted = time.perf_counter()
        await self.telegram.post_update(update)
        screen = await asyncio.wait_for(waiting, 30)
        self.latencies.append(screen.arrived - posted)
        self.last = screen  # a new message, or the pressed one as edited
        return screen


def _plain(text: str, parse_mode: str | None) -> tuple[str, list[JSONDict]]:
    """The text Telegram shows for an HTML text using only <b>, and its bold entities."""
    if parse_mode != "HTML":
        return text, []
    plain: list[str] = []
    entities: list[JSONDict] = []
    offset = 0
    bold_from: int | None = None
    for part in _BOLD.split(text):
        if part == "<b>":
            bold_from = offset
        elif part == "</b>":
            if bold_from is not None and offset > bold_from:
                entities.append({"type": "bold", "offset": bold_from, "length": offset - bold_from})
            bold_from = None
        elif part:
            shown = html.unescape(part)
            plain.append(shown)
            offset += len(shown.encode("utf-16-le")) // 2
    return "".join(plain), entities


def _as_form(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def _answer(body: JSONDict, status: int = 200) -> web.Response:
    return web.Response(
        body=json.dumps(body).encode(), status=status, content_type="application/json"
    )
