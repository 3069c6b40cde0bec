"""The webhook takes only updates whose fields the bot reads have the Bot API's types
(regression: python-telegram-bot builds an Update from any JSON object, so an update with a
string chat id, a numeric text or a 2**70 message id was queued, and failed in a handler or a
filter; found by tests/fuzz/test_webhook_bodies.py)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from bot.channels.telegram.update_shape import shape_problem

USER = {"id": 7000000001, "is_bot": False, "first_name": "A", "language_code": "es"}
CHAT = {"id": 7000000001, "type": "private", "first_name": "A"}
MESSAGE = {
    "message_id": 5,
    "date": 1700000000,
    "chat": CHAT,
    "from": USER,
    "text": "/start legal",
    "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
}
REAL_UPDATES: list[dict[str, Any]] = [
    {"update_id": 1, "message": MESSAGE},
    {"update_id": 2, "message": {**MESSAGE, "text": "hola", "entities": []}},
    {"update_id": 3, "message": {"message_id": 1, "date": 0, "chat": CHAT, "location": {}}},
    {
        "update_id": 4,
        "callback_query": {
            "id": "4310000000000000001",
            "from": USER,
            "message": MESSAGE,
            "chat_instance": "-1",
            "data": "1.welcome.es...0.",
        },
    },
    {  # a button on a message the bot can no longer see
        "update_id": 5,
        "callback_query": {
            "id": "1",
            "from": USER,
            "message": {"chat": CHAT, "message_id": 9, "date": 0},
            "chat_instance": "-1",
            "data": "x",
        },
    },
    {"update_id": 6, "callback_query": {"id": "1", "from": USER, "chat_instance": "-1"}},
    {"update_id": 7, "channel_post": {"message_id": 1, "date": 0, "chat": {**CHAT, "id": -100}}},
    {"update_id": 8, "my_chat_member": {"whatever": True}},  # kinds the bot never reads
]


@pytest.mark.parametrize("update", REAL_UPDATES)
def test_updates_as_telegram_sends_them_pass(update: dict[str, Any]) -> None:
    assert shape_problem(update) is None


def changed(update: dict[str, Any], path: tuple[str | int, ...], value: object) -> Any:
    result = copy.deepcopy(update)
    target: Any = result
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return result


@pytest.mark.parametrize(
    ("update", "problem"),
    [
        ([], "not a JSON object"),
        ({"update_id": True}, "update_id: not an integer"),
        ({"update_id": "1"}, "update_id: not an integer"),
        ({"update_id": 2**64}, "update_id: not an integer"),
        (changed(REAL_UPDATES[0], ("message", "chat", "id"), "42"), "message.chat:"),
        (changed(REAL_UPDATES[0], ("message", "chat"), None), "message.chat:"),
        (changed(REAL_UPDATES[0], ("message", "message_id"), 2**70), "message.message_id:"),
        (changed(REAL_UPDATES[0], ("message", "text"), 5), "message.text:"),
        (changed(REAL_UPDATES[0], ("message", "from", "language_code"), 5), "message.from."),
        (changed(REAL_UPDATES[0], ("message", "entities", 0, "length"), "6"), "message.entities"),
        (changed(REAL_UPDATES[0], ("message", "entities"), {}), "message.entities"),
        (changed(REAL_UPDATES[0], ("message",), "hi"), "message.not an object"),
        (changed(REAL_UPDATES[3], ("callback_query", "id"), 1), "callback_query.id"),
        (changed(REAL_UPDATES[3], ("callback_query", "data"), []), "callback_query.id or data"),
        (changed(REAL_UPDATES[3], ("callback_query", "from"), None), "callback_query.from."),
        (
            changed(REAL_UPDATES[3], ("callback_query", "message", "chat", "type"), 1),
            "callback_query.message.chat:",
        ),
        (
            {"update_id": 9, "edited_message": {**MESSAGE, "chat": "private"}},
            "edited_message.chat:",
        ),
    ],
)
def test_wrong_types_where_the_bot_reads_are_named(update: Any, problem: str) -> None:
    found = shape_problem(update)
    assert found is not None and found.startswith(problem), found
