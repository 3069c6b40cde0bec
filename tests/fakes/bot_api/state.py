"""What the fake Bot API server remembers: people, private chats, messages and their edits.

Private chats only (chat id == user id), with message ids counted per chat and shared by the
person's and the bot's messages, as in Telegram. Nothing is ever removed: a deleted message
keeps its content and history with a deleted flag, so tests can see what the bot erased.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from tests.fakes.bot_api.clock import Clock, Notifier
from tests.fakes.bot_api.params import JSONDict, bad_request

DELETE_WINDOW_SECONDS = 48 * 3600


class Button(NamedTuple):
    """One inline keyboard button as the person sees it."""

    text: str
    callback_data: str | None
    url: str | None


@dataclass(frozen=True)
class MessageView:
    """A snapshot of one message as the person sees it (text after formatting is applied)."""

    chat_id: int
    message_id: int
    from_bot: bool
    text: str
    entities: tuple[JSONDict, ...]
    buttons: tuple[tuple[Button, ...], ...]
    reply_keyboard: tuple[tuple[str, ...], ...]
    date: int
    edited: bool
    edit_date: int | None
    disable_notification: bool
    protect_content: bool
    deleted: bool
    location: tuple[float, float] | None = None

    @property
    def button_texts(self) -> list[str]:
        """Every inline button's text, row by row."""
        return [button.text for row in self.buttons for button in row]

    def button(self, text_or_data: str) -> Button | None:
        """Returns the button with this text, else with this callback_data, else None."""
        flat = [button for row in self.buttons for button in row]
        for button in flat:
            if button.text == text_or_data:
                return button
        for button in flat:
            if button.callback_data == text_or_data:
                return button
        return None


@dataclass
class Account:
    """A Telegram user the test plays."""

    id: int
    first_name: str
    last_name: str | None
    username: str | None
    language_code: str | None
    is_premium: bool = False
    started: bool = False
    blocked: bool = False

    def user_json(self) -> JSONDict:
        data: JSONDict = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        if self.language_code:
            data["language_code"] = self.language_code
        if self.is_premium:
            data["is_premium"] = True
        return data

    def chat_json(self) -> JSONDict:
        data: JSONDict = {"id": self.id, "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        data["type"] = "private"
        return data


@dataclass(frozen=True)
class MessageVersion:
    """The content of a message between two edits."""

    text: str | None
    entities: tuple[JSONDict, ...]
    inline_keyboard: tuple[tuple[JSONDict, ...], ...] | None
    edit_date: int | None
    source_text: str | None = None
    parse_mode: str | None = None


@dataclass
class StoredMessage:
    """One message of a private chat, with its full edit history."""

    chat_id: int
    message_id: int
    from_bot: bool
    date: int
    history: list[MessageVersion]
    disable_notification: bool = False
    protect_content: bool = False
    reply_keyboard: tuple[tuple[str, ...], ...] = ()
    removes_keyboard: bool = False
    location: tuple[float, float] | None = None
    reply_to_message_id: int | None = None
    deleted: bool = False
    deleted_at: int | None = None

    @property
    def current(self) -> MessageVersion:
        return self.history[-1]

    @property
    def text(self) -> str | None:
        return self.current.text

    @property
    def edited(self) -> bool:
        return len(self.history) > 1

    def view(self, version: int | None = None) -> MessageView:
        """The message as the person sees it now, or as it was at history[version]."""
        index = len(self.history) - 1 if version is None else version % len(self.history)
        shown = self.history[index]
        return MessageView(
            chat_id=self.chat_id,
            message_id=self.message_id,
            from_bot=self.from_bot,
            text=shown.text or "",
            entities=shown.entities,
            buttons=tuple(tuple(_button(b) for b in row) for row in shown.inline_keyboard or ()),
            reply_keyboard=self.reply_keyboard,
            date=self.date,
            edited=index > 0,
            edit_date=shown.edit_date,
            disable_notification=self.disable_notification,
            protect_content=self.protect_content,
            deleted=self.deleted and version is None,
            location=self.location,
        )


def _button(data: JSONDict) -> Button:
    return Button(data["text"], data.get("callback_data"), data.get("url"))


@dataclass
class ChatState:
    """A private chat between the bot and one person."""

    account: Account
    messages: dict[int, StoredMessage] = field(default_factory=dict)
    next_message_id: int = 1


@dataclass
class CallbackQueryRecord:
    """A callback query the person's press created, and the bot's answer to it."""

    id: str
    user_id: int
    chat_id: int
    message_id: int
    data: str
    created_at: float
    forged: bool
    answered: bool = False
    answer: JSONDict | None = None


@dataclass(frozen=True)
class BotOutput:
    """Something the bot sent or edited, for wait_for_reply."""

    seq: int
    chat_id: int
    kind: str
    view: MessageView


class World:
    """Everything the fake Telegram knows about the bot's chats."""

    def __init__(self, bot_id: int, bot_first_name: str, bot_username: str) -> None:
        self.bot_id = bot_id
        self.bot_first_name = bot_first_name
        self.bot_username = bot_username
        self.clock = Clock()
        self.notifier = Notifier()
        self.chats: dict[int, ChatState] = {}
        self.callback_queries: dict[str, CallbackQueryRecord] = {}
        self.outputs: list[BotOutput] = []
        self.outputs_by_chat: dict[int, list[BotOutput]] = {}
        self.seq = 0

    def changed(self) -> None:
        """Records that something happened, and wakes whoever waits for it."""
        self.seq += 1
        self.notifier.notify()

    def bot_json(self) -> JSONDict:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    def chat_for(self, chat_id: int | str) -> ChatState:
        """Returns the private chat, or Telegram's "chat not found"."""
        chat = self.chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None:
            raise bad_request("chat not found")
        return chat

    def add_message(
        self, chat: ChatState, *, from_bot: bool, version: MessageVersion, **extra: Any
    ) -> StoredMessage:
        message = StoredMessage(
            chat_id=chat.account.id,
            message_id=chat.next_message_id,
            from_bot=from_bot,
            date=self.clock.unix(),
            history=[version],
            **extra,
        )
        chat.messages[message.message_id] = message
        chat.next_message_id += 1
        if from_bot:
            self.record_output(message, "sent")
        self.changed()
        return message

    def record_output(self, message: StoredMessage, kind: str) -> None:
        output = BotOutput(self.seq + 1, message.chat_id, kind, message.view())
        self.outputs.append(output)
        self.outputs_by_chat.setdefault(message.chat_id, []).append(output)

    def message_json(self, message: StoredMessage, *, with_reply: bool = True) -> JSONDict:
        """Returns the message as Telegram's Message object."""
        chat = self.chats[message.chat_id]
        sender = self.bot_json() if message.from_bot else chat.account.user_json()
        data: JSONDict = {
            "message_id": message.message_id,
            "from": sender,
            "chat": chat.account.chat_json(),
            "date": message.date,
        }
        if message.current.edit_date is not None:
            data["edit_date"] = message.current.edit_date
        replied = chat.messages.get(message.reply_to_message_id or 0)
        if with_reply and replied is not None and not replied.deleted:
            data["reply_to_message"] = self.message_json(replied, with_reply=False)
        if message.protect_content:
            data["has_protected_content"] = True
        if message.current.text is not None:
            data["text"] = message.current.text
            if message.current.entities:
                data["entities"] = [dict(entity) for entity in message.current.entities]
        if message.location is not None:
            data["location"] = {"latitude": message.location[0], "longitude": message.location[1]}
        if message.current.inline_keyboard:
            data["reply_markup"] = {
                "inline_keyboard": [
                    [dict(b) for b in row] for row in message.current.inline_keyboard
                ]
            }
        return data

    def inaccessible_message_json(self, message: StoredMessage) -> JSONDict:
        """Returns what Telegram sends for a message the bot can no longer access."""
        chat = self.chats[message.chat_id]
        return {"chat": chat.account.chat_json(), "message_id": message.message_id, "date": 0}
