"""Whatever is POSTed to the webhook (by Telegram, or by anyone who knows the URL and maybe
the secret): random bytes, JSON of any shape, updates with fields missing or of the wrong
type, JSON nested 100,000 levels deep, several megabytes, text that is not UTF-8. Each gets a
clear status (200 queued, 400 not an update, 403, 413, 415) at once, never a 500 and never a
hang; an update that is queued raises nothing in a handler; and the next good update is
answered as usual."""

from __future__ import annotations

import copy
import io
import json
from collections.abc import AsyncIterator
from functools import partial
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.channels.telegram.webhook import MAX_BODY_BYTES
from tests.fakes.bot_api.server import FakeUser
from tests.fuzz.budget import LIVE
from tests.fuzz.live_bot import Answer, LiveBot
from tests.fuzz.strategies import hostile_text, json_values

TIMEOUT = 10.0
SECONDS_PER_POST = 5.0
CLEAR = {200, 400, 403, 413, 415}


def post(live: LiveBot, body: bytes, **options: Any) -> Answer:
    answer = live.run(lambda: live.post(body, **options), TIMEOUT)
    assert answer.status in CLEAR, answer
    assert answer.seconds < SECONDS_PER_POST, answer
    return answer


def still_serving(live: LiveBot) -> None:
    """Someone else's ordinary message is answered as usual."""
    person = live.fake.user()

    async def ask() -> str:
        await person.send_text("lawyer")
        return (await person.wait_for_reply()).text

    assert live.run(ask, TIMEOUT).startswith("Here is what I found")


def update_json(live: LiveBot, person: FakeUser, kind: str) -> dict[str, Any]:
    """A real update as Telegram sends it: a message, a command, or a button pressed."""
    world = live.fake.world
    chat = world.chats[person.id]
    bot_message = next(m for m in reversed(chat.messages.values()) if m.from_bot)
    if kind == "callback_query":
        return {
            "update_id": 1,
            "callback_query": {
                "id": "4310000000000000001",
                "from": person.account.user_json(),
                "message": world.message_json(bot_message),
                "chat_instance": "-1",
                "data": "1.results.en.legal.wa-king.0.",
            },
        }
    text = "/start legal_wa-king" if kind == "command" else "I need a lawyer"
    message: dict[str, Any] = {
        "message_id": bot_message.message_id + 1,
        "from": person.account.user_json(),
        "chat": person.account.chat_json(),
        "date": int(live.fake.now),
        "text": text,
    }
    if kind == "command":
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": 6}]
    return {"update_id": 1, "message": message}


def paths(value: Any, prefix: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Every key path inside a JSON value."""
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths(item, (*prefix, index))
    return found


def mutate(update: dict[str, Any], path: tuple[str | int, ...], action: str, value: Any) -> None:
    parent: Any = update
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if action == "delete":
        del parent[last]
    elif action == "retype":
        parent[last] = value
    else:  # add a key beside it
        if isinstance(parent, dict):
            parent[f"x_{last}"] = value


# --- random bodies -------------------------------------------------------------------------


async def test_random_bytes_are_refused_clearly(live: LiveBot) -> None:
    await live.explore(partial(post_bytes, live))
    await live.explore(partial(still_serving, live))


@LIVE
@given(body=st.binary(max_size=3000))
@example(body=b"\xff\xfe\x00\x00")
@example(body=b'{"update_id": 1, "message": "\xff"}')
@example(body=b"\xef\xbb\xbf{}")
def post_bytes(live: LiveBot, body: bytes) -> None:
    assert post(live, body).status == 400


async def test_json_that_is_not_an_update_is_refused_clearly(live: LiveBot) -> None:
    await live.explore(partial(post_json, live))
    await live.explore(partial(still_serving, live))


@LIVE
@given(value=json_values)
@example(value={"update_id": True})
@example(value={"update_id": 2**70})
@example(value={"update_id": 1.5})
def post_json(live: LiveBot, value: Any) -> None:
    status = post(live, json.dumps(value).encode()).status
    if not isinstance(value, dict) or type(value.get("update_id")) is not int:
        assert status == 400  # an update has an integer update_id


# --- updates with fields missing, retyped or added -----------------------------------------


async def test_updates_with_wrong_fields_are_refused_or_handled_without_error(
    live: LiveBot,
) -> None:
    await live.explore(partial(post_mutated_update, live))


@LIVE
@given(
    kind=st.sampled_from(("message", "command", "callback_query")),
    data=st.data(),
    action=st.sampled_from(("retype", "delete", "add")),
    value=json_values | hostile_text(surrogates=True, max_pieces=4),
)
def post_mutated_update(
    live: LiveBot, kind: str, data: st.DataObject, action: str, value: Any
) -> None:
    live.fake.forget_history()
    person = live.fake.user()
    live.run(lambda: person.send_text("/privacy"), TIMEOUT)  # a chat with a bot message
    live.run(person.wait_for_reply, TIMEOUT)
    update = update_json(live, person, kind)
    path = data.draw(st.sampled_from(paths(update)), label="path")
    mutated = copy.deepcopy(update)
    mutate(mutated, path, action, value)
    errors = live.bot_errors()

    post(live, json.dumps(mutated).encode())
    live.run(live.idle, TIMEOUT)

    assert live.bot_errors() == errors  # nothing raised out of a handler
    still_serving(live)


# --- the extremes ----------------------------------------------------------------------------


def nested_update(depth: int) -> bytes:
    """A message replying to a message replying to ... `depth` times."""
    fields = b'"message_id": 1, "date": 0, "chat": {"id": 1, "type": "private"}'
    message = b"{" + fields + b"}"
    for _ in range(depth):
        message = b"{" + fields + b', "reply_to_message": ' + message + b"}"
    return b'{"update_id": 1, "message": ' + message + b"}"


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"[" * 100_000 + b"]" * 100_000, id="100k nested lists"),
        pytest.param(b'{"a":' * 100_000 + b"1" + b"}" * 100_000, id="100k nested objects"),
        pytest.param(
            b'{"update_id": 1, "message": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
            id="100k nested in an update",
        ),
        pytest.param(b'{"update_id": 1' + b", " * 400_000 + b"}", id="broken and long"),
        pytest.param('{"update_id": 1, "message": {}}'.encode("utf-16"), id="UTF-16"),
        pytest.param(b'{"update_id": 1, "x": "\xc3\x28"}', id="invalid UTF-8"),
        pytest.param(b'{"update_id": ' + b"9" * 5000 + b"}", id="5000-digit number"),
        pytest.param(b'{"update_id": 1e999}', id="infinite number"),
        pytest.param(b'{"update_id": NaN}', id="NaN"),
    ],
)
async def test_extreme_bodies_get_a_clear_answer_at_once(live: LiveBot, body: bytes) -> None:
    def check() -> None:
        assert post(live, body).status in (200, 400)
        still_serving(live)

    await live.explore(check)


@pytest.mark.parametrize("depth", [5, 60, 300, 3000])
async def test_a_deep_chain_of_replies_is_refused_or_handled(live: LiveBot, depth: int) -> None:
    def check() -> None:
        errors = live.bot_errors()
        post(live, nested_update(depth))
        live.run(live.idle, TIMEOUT)
        assert live.bot_errors() == errors
        still_serving(live)

    await live.explore(check)


@pytest.mark.parametrize("declared", [True, False])
async def test_several_megabytes_are_refused_without_reading_them_all(
    live: LiveBot, declared: bool
) -> None:
    body = b'{"update_id": 1, "padding": "' + b"x" * (5 * MAX_BODY_BYTES) + b'"}'

    async def send() -> int:
        if declared:
            return (await live.post(io.BytesIO(body))).status

        async def chunks() -> AsyncIterator[bytes]:
            for start in range(0, len(body), 65536):
                yield body[start : start + 65536]

        return (await live.post(chunks())).status

    def check() -> None:
        assert live.run(send, TIMEOUT) == 413
        still_serving(live)

    await live.explore(check)


async def test_a_lone_surrogate_in_text_is_handled(live: LiveBot) -> None:
    """JSON's \\ud800 escape is valid JSON and decodes to a lone surrogate."""

    def check() -> None:
        person = live.fake.user()
        live.run(lambda: person.send_text("/privacy"), TIMEOUT)
        live.run(person.wait_for_reply, TIMEOUT)
        update = update_json(live, person, "message")
        update["message"]["text"] = "help \ud800 lawyer \udfff"
        errors = live.bot_errors()
        assert post(live, json.dumps(update).encode()).status == 200
        live.run(live.idle, TIMEOUT)
        assert live.bot_errors() == errors
        assert person.last_bot_message() is not None
        assert person.last_bot_message().text.startswith("Here is what I found")  # type: ignore[union-attr]

    await live.explore(check)
