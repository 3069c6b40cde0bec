"""A fake Telegram Bot API server, so end-to-end tests fake the transport, not the methods.

An aiohttp server on 127.0.0.1 that answers an unmodified python-telegram-bot the way
api.telegram.org does, and lets the test play the person in the chat::

    async with FakeBotApi() as server:          # or the fake_bot_api fixture
        app = (ApplicationBuilder().token(server.token)
               .base_url(server.api_url).base_file_url(server.file_url).build())
        user = server.user(first_name="Ana", language_code="es")
        await user.start(payload="legal_wa-king_en")
        reply = await user.wait_for_reply()
        await user.press("Legal help")

Every call is recorded (server.calls); faults can be injected per method (server.inject);
server.advance() moves Telegram's clock (for the 48-hour deletion window). The parts: endpoint.py
(the HTTP side: read, record, fault, answer), methods.py (the Bot API methods), state.py (chats
and messages), delivery.py (updates, by getUpdates or webhook), user.py (the person).
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from types import TracebackType
from typing import TypeVar

from aiohttp import web

from tests.fakes.bot_api.calls import ApiCall, Fault
from tests.fakes.bot_api.delivery import UpdateDelivery, UpdateRecord, WebhookAttempt
from tests.fakes.bot_api.endpoint import TOKEN_SHAPE, ApiEndpoint
from tests.fakes.bot_api.methods import BotApiMethods
from tests.fakes.bot_api.params import JSONDict
from tests.fakes.bot_api.state import (
    Account,
    Button,
    CallbackQueryRecord,
    ChatState,
    MessageView,
    World,
)
from tests.fakes.bot_api.user import FakeUser, NoReplyError, NoSuchButtonError

__all__ = [
    "DEFAULT_TOKEN",
    "ApiCall",
    "Button",
    "CallbackQueryRecord",
    "FakeBotApi",
    "FakeUser",
    "Fault",
    "MessageView",
    "NoReplyError",
    "NoSuchButtonError",
    "UpdateRecord",
    "WaitTimeoutError",
    "WebhookAttempt",
]

T = TypeVar("T")

DEFAULT_TOKEN = "123456789:AAE-fake-token-0123456789abcdefghij"


class WaitTimeoutError(AssertionError):
    """server.wait_for's condition did not come true in time."""


class FakeBotApi:
    """A fake api.telegram.org for one bot, on a free port of 127.0.0.1."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_username: str = "SafeHarborTestBot",
        bot_first_name: str = "Safe Harbor",
        first_update_id: int = 800_000_001,
        webhook_retry_delay: tuple[float, float] = (0.05, 1.0),
        webhook_timeout: float = 10.0,
    ) -> None:
        shape = TOKEN_SHAPE.match(token)
        if shape is None:
            raise ValueError("a bot token looks like <digits>:<35 of [A-Za-z0-9_-]>")
        self.token = token
        self.bot_username = bot_username
        self.world = World(int(shape.group(1)), bot_first_name, bot_username)
        self.delivery = UpdateDelivery(
            self.world,
            first_update_id=first_update_id,
            retry_delay=webhook_retry_delay,
            webhook_timeout=webhook_timeout,
        )
        self.methods = BotApiMethods(self.world, self.delivery)
        self.endpoint = ApiEndpoint(token, self.world, self.delivery, self.methods)
        self.delivery.on_reply = self.endpoint.run_webhook_reply
        self.calls = self.endpoint.calls
        self.faults = self.endpoint.faults
        self.internal_errors = self.endpoint.internal_errors
        self._users: dict[int, FakeUser] = {}
        self._next_user_id = 7_000_000_001
        self._next_callback_query_id = 4_310_000_000_000_000_001
        self._runner: web.AppRunner | None = None
        self._port = 0

    # Lifecycle

    async def start(self) -> None:
        """Starts serving on 127.0.0.1 at a free port."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self.endpoint.handle)
        self._runner = web.AppRunner(
            app, access_log=None, handle_signals=False, shutdown_timeout=2.0
        )
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.bind(("127.0.0.1", 0))
            sock.listen(128)
            self._port = sock.getsockname()[1]
            await web.SockSite(self._runner, sock).start()
        except BaseException:
            sock.close()
            await self._runner.cleanup()
            raise

    async def stop(self) -> None:
        """Ends long polls, delayed answers and webhook delivery, then stops serving."""
        await self.delivery.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeBotApi:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """http://127.0.0.1:<port>, the server's root."""
        return f"http://127.0.0.1:{self._port}"

    @property
    def api_url(self) -> str:
        """The value for PTB's base_url (PTB appends the token)."""
        return f"{self.base_url}/bot"

    @property
    def file_url(self) -> str:
        """The value for PTB's base_file_url."""
        return f"{self.base_url}/file/bot"

    @property
    def bot_id(self) -> int:
        return self.world.bot_id

    # Playing the people

    def user(
        self,
        user_id: int | None = None,
        first_name: str = "Alex",
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "en",
        is_premium: bool = False,
    ) -> FakeUser:
        """Returns the person with this id (created on first use, with a private chat)."""
        if user_id is None:
            user_id = self._next_user_id
            self._next_user_id += 1
        if user_id not in self._users:
            account = Account(user_id, first_name, last_name, username, language_code, is_premium)
            self.world.chats[user_id] = ChatState(account)
            self._users[user_id] = FakeUser(self, account)
        return self._users[user_id]

    def post_raw_update(self, update: JSONDict) -> int:
        """Injects an update as given (an update_id is added if it has none); returns its id."""
        kind = next((key for key in update if key != "update_id"), "unknown")
        return self.delivery.enqueue(dict(update), kind, raw=True).update_id

    def next_callback_query_id(self) -> str:
        query_id = str(self._next_callback_query_id)
        self._next_callback_query_id += 7919
        return query_id

    # Telegram's clock

    @property
    def now(self) -> float:
        """Telegram's current time (Unix seconds), including what advance() added."""
        return self.world.clock.now()

    def advance(self, seconds: float) -> None:
        """Moves Telegram's clock forward (message ages, the 48-hour deletion window)."""
        self.world.clock.offset += seconds
        self.world.changed()

    # Inspecting and waiting

    def calls_to(self, method: str) -> list[ApiCall]:
        """Every recorded call of a method (case-insensitive), oldest first."""
        wanted = method.lower()
        return [call for call in self.calls if call.method.lower() == wanted]

    async def wait_for(
        self,
        predicate: Callable[[], T | None],
        timeout: float = 5.0,  # noqa: ASYNC109 - the tests' API: a deadline for a condition
    ) -> T:
        """Waits until predicate() is truthy (re-checked on every change) and returns it."""
        try:
            return await self.world.notifier.wait_until(predicate, timeout)
        except TimeoutError:
            raise WaitTimeoutError(
                f"condition still false after {timeout}s; recent API calls: "
                f"{self.describe_recent_calls()}"
            ) from None

    async def wait_for_call(
        self,
        method: str,
        timeout: float = 5.0,  # noqa: ASYNC109 - the tests' API: a deadline for a condition
    ) -> ApiCall:
        """Waits for the next finished call of a method made from now on and returns it."""
        seen = len(self.calls)

        def finished() -> ApiCall | None:
            for call in self.calls[seen:]:
                if call.method.lower() == method.lower() and call.finished:
                    return call
            return None

        return await self.wait_for(finished, timeout)

    def unanswered_callback_queries(self) -> list[CallbackQueryRecord]:
        """Callback queries the bot has not answered with answerCallbackQuery."""
        return [q for q in self.world.callback_queries.values() if not q.answered]

    @property
    def callback_queries(self) -> dict[str, CallbackQueryRecord]:
        """Every callback query by id, with the bot's answer once it came."""
        return self.world.callback_queries

    @property
    def updates(self) -> list[UpdateRecord]:
        """Every update created so far, with its fate (pending/confirmed/filtered/dropped)."""
        return self.delivery.log

    @property
    def pending_updates(self) -> list[UpdateRecord]:
        """Updates created but not yet confirmed by the bot (getUpdates offset or webhook 2xx)."""
        return list(self.delivery.pending)

    @property
    def webhook_attempts(self) -> list[WebhookAttempt]:
        """Every POST to a webhook so far, with its HTTP status or error."""
        return self.delivery.webhook_attempts

    def messages(self, chat_id: int) -> list[MessageView]:
        """Every message of a chat, deleted ones included (deleted=True), oldest first."""
        return [m.view() for m in self.world.chats[chat_id].messages.values()]

    def message_history(self, chat_id: int, message_id: int) -> list[MessageView]:
        """A message as it was when sent and after each edit, oldest first."""
        message = self.world.chats[chat_id].messages[message_id]
        return [message.view(version) for version in range(len(message.history))]

    def forget_history(self, *, chats: bool = False) -> None:
        """Drops what the fake recorded (calls, outputs, settled updates and callback queries).

        For long runs (many users) in the same process as the bot, so that the fake's own
        records do not grow; chats=True also forgets every person and chat.
        """
        self.calls.clear()
        self.world.outputs.clear()
        self.world.outputs_by_chat.clear()
        self.delivery.log[:] = list(self.delivery.pending)
        self.delivery.webhook_attempts.clear()
        for query_id in [q.id for q in self.world.callback_queries.values() if q.answered]:
            del self.world.callback_queries[query_id]
        for fault in self.faults:
            fault.hits.clear()
        if chats:
            self.world.chats.clear()
            self._users.clear()
            self.world.callback_queries.clear()

    def describe_recent_calls(self, count: int = 8) -> str:
        """The last calls other than getUpdates, one line each, for failure messages."""
        recent = [c for c in self.calls if c.method.lower() != "getupdates"][-count:]
        if not recent:
            return "none"
        return "; ".join(
            f"{c.method} -> {c.status if c.finished else 'pending'}"
            + (f" {c.description}" if c.description else "")
            + (f" [fault {c.fault}]" if c.fault else "")
            for c in recent
        )

    # Fault injection

    def inject(
        self,
        method: str,
        *,
        status: int | None = None,
        retry_after: int = 1,
        times: int = 1,
        delay: float | None = None,
        drop: bool = False,
        description: str | None = None,
    ) -> Fault:
        """Makes the next `times` calls of method ("*" for any) fail.

        status: answer with this HTTP status and Telegram's error body (429 carries
        retry_after); it defaults to 429 unless delay or drop is given. delay alone: process
        the call normally but answer only after `delay` seconds. drop: close the connection
        without an answer (the call is not processed).
        """
        if status is None and delay is None and not drop:
            status = 429
        fault = Fault(method.lower(), status, retry_after, delay, drop, description, times)
        self.faults.append(fault)
        return fault

    def clear_faults(self) -> None:
        self.faults.clear()
