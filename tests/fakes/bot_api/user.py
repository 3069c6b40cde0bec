"""The person in the chat: what a test does and sees as the bot's user.

Every action (typing, /start, pressing a button) creates the user's side of Telegram (a message
or a callback query) and an Update for the bot, and marks a point in time: wait_for_reply()
returns the bot's next message or edit in this chat after the last action.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Protocol

from tests.fakes.bot_api.markup import bot_command_entities
from tests.fakes.bot_api.params import JSONDict
from tests.fakes.bot_api.state import (
    Account,
    CallbackQueryRecord,
    ChatState,
    MessageVersion,
    MessageView,
    StoredMessage,
)

if TYPE_CHECKING:
    from tests.fakes.bot_api.server import FakeBotApi

_START_PAYLOAD = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class HasMessageId(Protocol):
    """A MessageView, or PTB's telegram.Message: anything naming a message of the chat."""

    @property
    def message_id(self) -> int: ...


MessageRef = HasMessageId | int | None


class NoReplyError(AssertionError):
    """The bot did not answer the person in time."""


class NoSuchButtonError(AssertionError):
    """The person tried to press a button that is not there."""


class FakeUser:
    """A Telegram user talking to the bot in a private chat."""

    def __init__(self, server: FakeBotApi, account: Account) -> None:
        self._server = server
        self._world = server.world
        self.account = account
        self._cursor = self._world.seq

    @property
    def id(self) -> int:
        return self.account.id

    @property
    def chat_id(self) -> int:
        return self.account.id

    @property
    def chat(self) -> ChatState:
        return self._world.chats[self.account.id]

    async def send_text(self, text: str) -> MessageView:
        """Types and sends text (a /command in it is marked as bot_command, as clients do)."""
        version = MessageVersion(text, tuple(bot_command_entities(text)), None, None)
        return self._send(version)

    async def start(self, payload: str | None = None) -> MessageView:
        """Opens the bot with /start, or with a t.me/<bot>?start=<payload> deep link."""
        if payload is not None and not _START_PAYLOAD.match(payload):
            raise ValueError(f"Telegram clients never send this start payload: {payload!r}")
        return await self.send_text("/start" if payload is None else f"/start {payload}")

    async def send_location(self, latitude: float, longitude: float) -> MessageView:
        """Shares a location (as the location button of a reply keyboard does)."""
        version = MessageVersion(None, (), None, None)
        return self._send(version, location=(latitude, longitude))

    async def press(self, button: str, message: MessageRef = None) -> str:
        """Presses an inline button, found by its text or its callback_data.

        The button is looked up on the given message as it is now, or on the bot's latest
        visible message that has an inline keyboard. Returns the callback query id.
        """
        target = self._target(message, need_keyboard=True)
        if target.deleted:
            raise NoSuchButtonError(f"message {target.message_id} was deleted; nothing to press")
        view = target.view()
        found = view.button(button)
        if found is None:
            raise NoSuchButtonError(
                f"no button {button!r} on message {target.message_id} "
                f"({view.text[:60]!r}); its buttons: {_describe_buttons(view)}"
            )
        if found.callback_data is None:
            raise NoSuchButtonError(
                f"button {found.text!r} sends no callback query (url={found.url!r})"
            )
        return self._callback_query(target, found.callback_data, forged=False)

    async def press_raw(self, data: str, message: MessageRef = None) -> str:
        """Sends a forged callback query with arbitrary data, as a modified client could.

        Uses the given message, else the bot's latest message (a deleted one arrives as an
        inaccessible message). Returns the callback query id.
        """
        target = self._target(message, need_keyboard=False)
        return self._callback_query(target, data, forged=True)

    async def wait_for_reply(
        self,
        timeout: float = 5.0,  # noqa: ASYNC109 - the tests' API: a deadline for the reply
    ) -> MessageView:
        """Waits for the bot's next message or edit in this chat after the last user action.

        Returns the message as it was right after that send or edit. Calling it again returns
        the next one (a bot that answers with two messages needs two calls).
        """

        def next_output() -> MessageView | None:
            outputs = self._world.outputs_by_chat.get(self.chat_id, [])
            index = len(outputs)
            while index > 0 and outputs[index - 1].seq > self._cursor:
                index -= 1
            if index == len(outputs):
                return None
            self._cursor = outputs[index].seq
            return outputs[index].view

        try:
            return await self._world.notifier.wait_until(next_output, timeout)
        except TimeoutError:
            raise NoReplyError(
                f"the bot sent or edited nothing for user {self.id} within {timeout}s of the "
                f"last user action; recent API calls: {self._server.describe_recent_calls()}"
            ) from None

    def replies_since_last_action(self) -> list[MessageView]:
        """Everything the bot sent or edited in this chat since the last user action."""
        outputs = self._world.outputs_by_chat.get(self.chat_id, [])
        return [out.view for out in outputs if out.seq > self._cursor]

    def visible_messages(self) -> list[MessageView]:
        """The chat as the person sees it now: every message not deleted, oldest first."""
        return [m.view() for m in self.chat.messages.values() if not m.deleted]

    def last_bot_message(self) -> MessageView | None:
        """The bot's latest message still visible in the chat, if any."""
        for message in reversed(self.chat.messages.values()):
            if message.from_bot and not message.deleted:
                return message.view()
        return None

    def reply_keyboard(self) -> tuple[tuple[str, ...], ...]:
        """The reply keyboard the bot's messages left open (empty if none or removed)."""
        for message in reversed(self.chat.messages.values()):
            if message.from_bot and message.removes_keyboard:
                return ()
            if message.from_bot and message.reply_keyboard:
                return message.reply_keyboard
        return ()

    async def block_bot(self) -> None:
        """Blocks the bot: the bot gets a my_chat_member update and 403s when it writes."""
        self._membership_update("member", "kicked")
        self.account.blocked = True

    async def unblock_bot(self) -> None:
        """Unblocks the bot (the client's "Restart" then also sends /start)."""
        self._membership_update("kicked", "member")
        self.account.blocked = False

    def callback_queries(self) -> list[CallbackQueryRecord]:
        """This person's callback queries, answered or not, oldest first."""
        return [q for q in self._world.callback_queries.values() if q.user_id == self.id]

    def _send(self, version: MessageVersion, **extra: object) -> MessageView:
        self.account.started = True
        message = self._world.add_message(self.chat, from_bot=False, version=version, **extra)
        self._server.delivery.enqueue({"message": self._world.message_json(message)}, "message")
        self._cursor = self._world.seq
        return message.view()

    def _target(self, message: MessageRef, *, need_keyboard: bool) -> StoredMessage:
        if message is not None:
            message_id = message if isinstance(message, int) else message.message_id
            found = self.chat.messages.get(message_id)
            if found is None:
                raise NoSuchButtonError(f"there is no message {message_id} in this chat")
            return found
        for candidate in reversed(self.chat.messages.values()):
            shown = candidate.from_bot and not candidate.deleted
            if shown and (candidate.current.inline_keyboard or not need_keyboard):
                return candidate
        raise NoSuchButtonError(
            f"no visible bot message {'with buttons ' if need_keyboard else ''}in the chat; "
            f"the chat: {[(m.message_id, m.text) for m in self.visible_messages()]}"
        )

    def _callback_query(self, target: StoredMessage, data: str, *, forged: bool) -> str:
        query_id = self._server.next_callback_query_id()
        payload: JSONDict = {
            "id": query_id,
            "from": self.account.user_json(),
            "message": (
                self._world.inaccessible_message_json(target)
                if target.deleted
                else self._world.message_json(target)
            ),
            "chat_instance": str(-(self.id * 7919 % 10**18) - 1),
            "data": data,
        }
        self._world.callback_queries[query_id] = CallbackQueryRecord(
            id=query_id,
            user_id=self.id,
            chat_id=self.chat_id,
            message_id=target.message_id,
            data=data,
            created_at=self._world.clock.now(),
            forged=forged,
        )
        self._server.delivery.enqueue({"callback_query": payload}, "callback_query")
        self._cursor = self._world.seq
        return query_id

    def _membership_update(self, old: str, new: str) -> None:
        bot = self._world.bot_json()
        new_member: JSONDict = {"user": bot, "status": new}
        if new == "kicked":
            new_member["until_date"] = 0
        self._server.delivery.enqueue(
            {
                "my_chat_member": {
                    "chat": self.account.chat_json(),
                    "from": self.account.user_json(),
                    "date": self._world.clock.unix(),
                    "old_chat_member": {"user": bot, "status": old},
                    "new_chat_member": new_member,
                }
            },
            "my_chat_member",
        )
        self._cursor = self._world.seq


def _describe_buttons(view: MessageView) -> str:
    if not view.buttons:
        return "none"
    return "; ".join(
        f"{b.text!r} (data={b.callback_data!r})" if b.url is None else f"{b.text!r} (url)"
        for row in view.buttons
        for b in row
    )
