"""What an update sent to the webhook must look like before the bot takes it.

python-telegram-bot builds an Update from any JSON object without checking types, so an update
whose `chat.id` is a string or whose `text` is a number would be taken, and fail in a handler
or in one of python-telegram-bot's filters. Telegram never sends such a thing: only someone who
has the webhook secret can. The fields the bot reads (an update's id; a message's id, chat and
text, its command entities and its sender's language; a pressed button's id, data, sender and
message) are checked here against the Bot API's types, and an update that does not match is
refused like any other body that is not an update (400). Ids must fit in 64 bits, as the Bot
API promises (Erase keeps them as such). Fields the bot never reads are not checked.
"""

from __future__ import annotations

from collections.abc import Mapping

# The kinds of update whose message python-telegram-bot hands to message handlers
# (Update.effective_message), and so to the bot's filters.
MESSAGE_KINDS = (
    "message",
    "edited_message",
    "channel_post",
    "edited_channel_post",
    "business_message",
    "edited_business_message",
)
_ID_RANGE = range(-(2**63), 2**63)


def shape_problem(data: object) -> str | None:
    """What is wrong with `data` as an update the bot could take (None: nothing)."""
    if not isinstance(data, Mapping):
        return "not a JSON object"
    if not _is_integer(data.get("update_id")):
        return "update_id: not an integer"
    for kind in MESSAGE_KINDS:
        if kind in data:
            problem = _message_problem(data[kind])
            if problem is not None:
                return f"{kind}.{problem}"
    if "callback_query" in data:
        problem = _callback_query_problem(data["callback_query"])
        if problem is not None:
            return f"callback_query.{problem}"
    return None


def _message_problem(message: object) -> str | None:
    if not isinstance(message, Mapping):
        return "not an object"
    if not _is_integer(message.get("message_id")):
        return "message_id: not an integer"
    chat = message.get("chat")
    if not isinstance(chat, Mapping):
        return "chat: not an object"
    if not _is_integer(chat.get("id")) or not isinstance(chat.get("type"), str):
        return "chat: id or type of the wrong type"
    if not _optional(message.get("text"), str):
        return "text: not a string"
    problem = _user_problem(message.get("from"), required=False)
    if problem is not None:
        return f"from.{problem}"
    entities = message.get("entities")
    if entities is None:
        return None
    if not isinstance(entities, list):
        return "entities: not a list"
    for entity in entities:
        if not (
            isinstance(entity, Mapping)
            and isinstance(entity.get("type"), str)
            and _is_integer(entity.get("offset"))
            and _is_integer(entity.get("length"))
        ):
            return "entities: an entity of the wrong shape"
    return None


def _callback_query_problem(query: object) -> str | None:
    if not isinstance(query, Mapping):
        return "not an object"
    if not isinstance(query.get("id"), str) or not _optional(query.get("data"), str):
        return "id or data: not a string"
    problem = _user_problem(query.get("from"), required=True)
    if problem is not None:
        return f"from.{problem}"
    if "message" in query:  # a message the bot sent, maybe no longer accessible (date 0)
        problem = _message_problem(query["message"])
        if problem is not None:
            return f"message.{problem}"
    return None


def _user_problem(user: object, *, required: bool) -> str | None:
    if user is None and not required:
        return None
    if not isinstance(user, Mapping) or not _is_integer(user.get("id")):
        return "id: not an integer"
    if not _optional(user.get("language_code"), str):
        return "language_code: not a string"
    return None


def _is_integer(value: object) -> bool:
    """An integer that fits in 64 bits (not a bool)."""
    return type(value) is int and value in _ID_RANGE


def _optional(value: object, kind: type) -> bool:
    return value is None or isinstance(value, kind)
