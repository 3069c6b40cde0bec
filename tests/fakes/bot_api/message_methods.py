"""The Bot API methods about chats and messages: send, edit, delete, answer a button press.

Each method takes the call's Params and returns the "result" of Telegram's answer, or raises
ApiError, with Telegram's checks and error texts in tdlib's order.
"""

from __future__ import annotations

import json

from tests.fakes.bot_api.markup import (
    EntityParseError,
    UnsupportedParseModeError,
    parse_text,
    trim_text,
)
from tests.fakes.bot_api.params import ApiError, Handler, JSONDict, Params, bad_request
from tests.fakes.bot_api.reply_markup import parse_reply_markup
from tests.fakes.bot_api.state import (
    DELETE_WINDOW_SECONDS,
    ChatState,
    MessageVersion,
    StoredMessage,
    World,
)

MAX_TEXT_LENGTH = 4096
MAX_DELETE_IDS = 100
_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
_BAD_QUERY = "query is too old and response timeout expired or query ID is invalid"


class MessageMethods:
    """getChat, sendChatAction, sendMessage, the edits, the deletions, answerCallbackQuery."""

    def __init__(self, world: World) -> None:
        self.world = world

    def handlers(self) -> dict[str, Handler]:
        """The methods by Telegram's spelling of their names."""
        return {
            "sendMessage": self.send_message,
            "sendChatAction": self.send_chat_action,
            "editMessageText": self.edit_message_text,
            "editMessageReplyMarkup": self.edit_message_reply_markup,
            "deleteMessage": self.delete_message,
            "deleteMessages": self.delete_messages,
            "answerCallbackQuery": self.answer_callback_query,
            "getChat": self.get_chat,
        }

    async def get_chat(self, p: Params) -> JSONDict:
        account = self.world.chat_for(p.chat_id()).account
        return {
            **account.chat_json(),
            "accent_color_id": account.id % 7,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": True,
                "limited_gifts": True,
                "unique_gifts": True,
                "premium_subscription": True,
                "gifts_from_channels": True,
            },
        }

    async def send_chat_action(self, p: Params) -> bool:
        action = p.text("action").lower()
        if action not in _CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        self._writable_chat(p)
        return True

    async def send_message(self, p: Params) -> JSONDict:
        if not p.text("text"):
            raise bad_request("message text is empty")
        text, entities = _formatted_text(p, "text", "entities")
        markup = parse_reply_markup(p.json("reply_markup", "reply keyboard markup"))
        reply_to, allow_without_reply = _reply_parameters(p)
        chat = self._writable_chat(p)
        if not text:
            raise bad_request("message text is empty")
        if len(text) > MAX_TEXT_LENGTH:
            raise bad_request("message is too long")
        replied = chat.messages.get(reply_to) if reply_to else None
        if reply_to and (replied is None or replied.deleted):
            if not allow_without_reply:
                raise bad_request("message to be replied not found")
            reply_to = 0
        message = self.world.add_message(
            chat,
            from_bot=True,
            version=MessageVersion(
                text,
                tuple(entities),
                markup.inline_keyboard,
                None,
                source_text=p.text("text"),
                parse_mode=p.text("parse_mode") or None,
            ),
            disable_notification=p.flag("disable_notification"),
            protect_content=p.flag("protect_content"),
            reply_keyboard=markup.reply_keyboard or (),
            removes_keyboard=markup.remove_keyboard,
            reply_to_message_id=reply_to or None,
        )
        return self.world.message_json(message)

    async def edit_message_text(self, p: Params) -> JSONDict:
        if not p.text("text"):
            raise bad_request("message text is empty")
        text, entities = _formatted_text(p, "text", "entities")
        markup = parse_reply_markup(p.json("reply_markup", "reply keyboard markup"))
        message = self._message_to_edit(p)
        if message.text is None:
            raise bad_request("there is no text in the message to edit")
        if not text:
            raise bad_request("message text is empty")
        if len(text) > MAX_TEXT_LENGTH:
            raise bad_request("MESSAGE_TOO_LONG")
        if markup.reply_keyboard is not None:
            raise bad_request("inline keyboard expected")
        version = MessageVersion(
            text,
            tuple(entities),
            markup.inline_keyboard,
            self.world.clock.unix(),
            source_text=p.text("text"),
            parse_mode=p.text("parse_mode") or None,
        )
        return self._apply_edit(message, version)

    async def edit_message_reply_markup(self, p: Params) -> JSONDict:
        markup = parse_reply_markup(p.json("reply_markup", "reply keyboard markup"))
        message = self._message_to_edit(p)
        if markup.reply_keyboard is not None:
            raise bad_request("inline keyboard expected")
        current = message.current
        version = MessageVersion(
            current.text,
            current.entities,
            markup.inline_keyboard,
            current.edit_date,
            current.source_text,
            current.parse_mode,
        )
        return self._apply_edit(message, version)

    def _apply_edit(self, message: StoredMessage, version: MessageVersion) -> JSONDict:
        current = message.current
        if (version.text, version.entities, version.inline_keyboard) == (
            current.text,
            current.entities,
            current.inline_keyboard,
        ):
            raise bad_request(_NOT_MODIFIED)
        message.history.append(version)
        self.world.record_output(message, "edited")
        self.world.changed()
        return self.world.message_json(message)

    async def delete_message(self, p: Params) -> bool:
        if not p.text("chat_id"):
            raise bad_request("chat identifier is not specified")
        message_id = p.message_id()
        if message_id == 0:
            raise bad_request("message identifier is not specified")
        chat = self.world.chat_for(p.chat_id())
        message = chat.messages.get(message_id)
        if message is None or message.deleted:
            raise bad_request("message to delete not found")
        if not self._deletable(message):
            raise bad_request("message can't be deleted for everyone")
        self._delete(message)
        return True

    async def delete_messages(self, p: Params) -> bool:
        ids = _message_ids(p)
        chat = self.world.chat_for(p.chat_id())
        for message_id in ids:
            message = chat.messages.get(message_id)
            if message is not None and not message.deleted and self._deletable(message):
                self._delete(message)
        return True

    def _deletable(self, message: StoredMessage) -> bool:
        return self.world.clock.now() - message.date < DELETE_WINDOW_SECONDS

    def _delete(self, message: StoredMessage) -> None:
        message.deleted = True
        message.deleted_at = self.world.clock.unix()
        self.world.changed()

    async def answer_callback_query(self, p: Params) -> bool:
        query = self.world.callback_queries.get(p.text("callback_query_id"))
        if query is None or query.answered:
            raise bad_request(_BAD_QUERY)
        query.answered = True
        query.answer = {
            "text": p.text("text") or None,
            "show_alert": p.flag("show_alert"),
            "url": p.text("url") or None,
            "cache_time": p.integer("cache_time", 0, 0),
        }
        self.world.changed()
        return True

    def _writable_chat(self, p: Params) -> ChatState:
        chat = self.world.chat_for(p.chat_id())
        if chat.account.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if not chat.account.started:
            raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        return chat

    def _message_to_edit(self, p: Params) -> StoredMessage:
        if not p.text("chat_id") and p.message_id() == 0:
            if not p.text("inline_message_id"):
                raise bad_request("message identifier is not specified")
            raise bad_request("MESSAGE_ID_INVALID")
        chat = self._writable_chat(p)
        message = chat.messages.get(p.message_id())
        if message is None or message.deleted:
            raise bad_request("message to edit not found")
        if not message.from_bot:
            raise bad_request("message can't be edited")
        return message


def _formatted_text(p: Params, text_field: str, entities_field: str) -> tuple[str, list[JSONDict]]:
    """Applies parse_mode (or explicit entities) and Telegram's trimming to a text parameter."""
    parse_mode = p.text("parse_mode")
    try:
        text, entities = parse_text(p.text(text_field), parse_mode)
    except UnsupportedParseModeError:
        raise bad_request("unsupported parse_mode") from None
    except EntityParseError as exc:
        raise bad_request(f"can't parse entities: {exc}") from None
    if parse_mode.lower() in ("", "none"):
        entities = _explicit_entities(p.raw.get(entities_field, ""))
    return trim_text(text, entities)


def _explicit_entities(raw: str) -> list[JSONDict]:
    try:
        value = json.loads(raw) if raw else None
    except ValueError:
        return []  # Telegram ignores an entities parameter that is not JSON
    if not isinstance(value, list):
        return []
    entities = []
    for entity in value:
        if not isinstance(entity, dict):
            raise bad_request("can't parse MessageEntity: expected an Object")
        for name in ("offset", "length"):
            if not isinstance(entity.get(name), int):
                raise bad_request(f'can\'t parse MessageEntity: Field "{name}" must be a Number')
        if not isinstance(entity.get("type"), str) or not entity["type"]:
            raise bad_request("can't parse MessageEntity: Type is not specified")
        entities.append(dict(entity))
    return entities


def _reply_parameters(p: Params) -> tuple[int, bool]:
    value = p.json("reply_parameters", "reply parameters")
    if value is None:
        return p.message_id("reply_to_message_id"), p.flag("allow_sending_without_reply")
    if not isinstance(value, dict):
        raise bad_request("object expected as reply parameters")
    if not value:
        return 0, False
    message_id = value.get("message_id")
    if not isinstance(message_id, int):
        raise bad_request('Field "message_id" must be of type Number')
    return max(message_id, 0), bool(value.get("allow_sending_without_reply"))


def _message_ids(p: Params) -> list[int]:
    value = p.json("message_ids", "message_ids")
    if value is None:
        raise bad_request("message identifiers are not specified")
    if not isinstance(value, list):
        raise bad_request("expected an Array of message identifiers")
    if len(value) > MAX_DELETE_IDS:
        raise bad_request("too many message identifiers specified")
    ids = []
    for item in value:
        if isinstance(item, bool) or not isinstance(item, int | str):
            raise bad_request("message identifier must be a Number")
        try:
            message_id = int(item)
        except ValueError:
            raise bad_request("can't parse message identifier as Number") from None
        if message_id <= 0:
            raise bad_request("invalid message identifier specified")
        ids.append(message_id)
    if not ids:
        raise bad_request("message identifiers are not specified")
    return ids
