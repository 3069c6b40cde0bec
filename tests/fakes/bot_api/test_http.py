"""The fake Bot API server's HTTP surface and its planned failures, through an unmodified PTB."""

from __future__ import annotations

import pytest
from telegram import Bot
from telegram.error import (
    BadRequest,
    EndPointNotFound,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)

from tests.fakes.bot_api.client import ptb_bot, raw_call
from tests.fakes.bot_api.server import DEFAULT_TOKEN, ApiCall, FakeBotApi, FakeUser

# The bot's identity and the HTTP surface


async def test_get_me_describes_the_bot_of_the_token(bot: Bot, fake_bot_api: FakeBotApi) -> None:
    me = await bot.get_me()

    assert me.id == 123456789 == fake_bot_api.bot_id
    assert me.is_bot
    assert me.username == fake_bot_api.bot_username == "SafeHarborTestBot"
    assert fake_bot_api.calls_to("getme")[0].status == 200


async def test_a_wrong_token_is_unauthorized_and_a_malformed_one_not_found(
    fake_bot_api: FakeBotApi,
) -> None:
    wrong = "987654321:AAE-some-other-token-0123456789abcd"
    with pytest.raises(InvalidToken, match="was rejected by the server"):
        async with ptb_bot(fake_bot_api, token=wrong):
            pass  # PTB checks the token with getMe when it starts

    assert await raw_call(fake_bot_api, f"/bot{wrong}/getMe") == (
        401,
        {"ok": False, "error_code": 401, "description": "Unauthorized"},
    )
    assert await raw_call(fake_bot_api, "/botnot-a-token/getMe") == (
        404,
        {"ok": False, "error_code": 404, "description": "Not Found"},
    )


async def test_methods_are_case_insensitive_and_unknown_ones_not_found(
    bot: Bot, fake_bot_api: FakeBotApi
) -> None:
    status, body = await raw_call(fake_bot_api, f"/bot{DEFAULT_TOKEN}/GETME")
    assert (status, body["ok"], body["result"]["id"]) == (200, True, 123456789)

    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("fetchTheWeather")
    assert fake_bot_api.calls_to("fetchTheWeather")[0].status == 404


async def test_json_bodies_and_query_strings_work_like_form_fields(
    fake_bot_api: FakeBotApi, user: FakeUser
) -> None:
    status, body = await raw_call(
        fake_bot_api,
        f"/bot{DEFAULT_TOKEN}/sendMessage",
        json={"chat_id": user.id, "text": "json", "disable_notification": True},
    )
    assert status == 200
    assert body["result"]["text"] == "json"

    status, body = await raw_call(
        fake_bot_api, f"/bot{DEFAULT_TOKEN}/sendMessage?chat_id={user.id}&text=query"
    )
    assert (status, body["result"]["text"]) == (200, "query")
    assert fake_bot_api.calls_to("sendMessage")[0].params == {
        "chat_id": user.id,
        "text": "json",
        "disable_notification": True,
    }


@pytest.mark.parametrize(
    ("data", "description"),
    [
        ({"text": "hi"}, "Bad Request: chat_id is empty"),
        ({"chat_id": "1", "text": ""}, "Bad Request: message text is empty"),
        ({"chat_id": "@nobody", "text": "hi"}, "Bad Request: chat not found"),
        (
            {"chat_id": "7", "text": "hi", "reply_markup": "{not json"},
            "Bad Request: can't parse reply keyboard markup JSON object",
        ),
        (
            {
                "chat_id": "7",
                "text": "hi",
                "reply_markup": '{"inline_keyboard": [[{"text": "x"}]]}',
            },
            "Bad Request: can't parse inline keyboard button: "
            "Text buttons are unallowed in the inline keyboard",
        ),
        (
            {"chat_id": "7", "text": "hi", "parse_mode": "BBCode"},
            "Bad Request: unsupported parse_mode",
        ),
        ({"chat_id": "7", "text": "hi", "message_thread_id": "abc"}, None),
    ],
)
async def test_malformed_calls_are_bad_requests(
    fake_bot_api: FakeBotApi, data: dict[str, str], description: str | None
) -> None:
    status, body = await raw_call(fake_bot_api, f"/bot{DEFAULT_TOKEN}/sendMessage", data=data)

    assert status == 400
    assert body["ok"] is False
    assert body["error_code"] == 400
    if description is not None:
        assert body["description"] == description


# Fault injection


async def test_a_429_becomes_retry_after(
    bot: Bot, fake_bot_api: FakeBotApi, user: FakeUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")  # PTB warns when it builds RetryAfter otherwise
    fake_bot_api.inject("sendMessage", retry_after=3, times=2)

    for _ in range(2):
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(user.id, "flood")
        assert caught.value.retry_after.total_seconds() == 3  # type: ignore[union-attr]
    await bot.send_message(user.id, "third time lucky")

    faulted = [c.fault for c in fake_bot_api.calls_to("sendMessage")]
    assert faulted == ["429", "429", None]
    assert [m.text for m in user.visible_messages()] == ["/start", "third time lucky"]


@pytest.mark.parametrize(
    ("status", "message"), [(500, "Internal Server Error"), (502, "Bad Gateway")]
)
async def test_server_errors_become_network_errors(
    bot: Bot, fake_bot_api: FakeBotApi, user: FakeUser, status: int, message: str
) -> None:
    fake_bot_api.inject("*", status=status)

    with pytest.raises(NetworkError, match=message) as caught:
        await bot.send_message(user.id, "hello")

    assert not isinstance(caught.value, BadRequest)
    assert fake_bot_api.calls[-1].fault == str(status)
    assert len(user.visible_messages()) == 1


async def test_a_dropped_connection_is_a_network_error_and_sends_nothing(
    bot: Bot, fake_bot_api: FakeBotApi, user: FakeUser
) -> None:
    fake_bot_api.inject("sendmessage", drop=True)

    with pytest.raises(NetworkError) as caught:
        await bot.send_message(user.id, "lost")

    assert not isinstance(caught.value, TimedOut)
    assert fake_bot_api.calls[-1].fault == "drop"
    assert fake_bot_api.calls[-1].status is None
    assert len(user.visible_messages()) == 1
    assert (await bot.send_message(user.id, "again")).text == "again"


async def test_a_slow_answer_times_out_but_the_message_is_sent(
    fake_bot_api: FakeBotApi, user: FakeUser
) -> None:
    fake_bot_api.inject("sendMessage", delay=0.6)

    async with ptb_bot(fake_bot_api, read_timeout=0.2) as impatient:
        with pytest.raises(TimedOut):
            await impatient.send_message(user.id, "slow")

        def answered() -> ApiCall | None:
            call = fake_bot_api.calls_to("sendMessage")[-1]
            return call if call.finished else None

        call = await fake_bot_api.wait_for(answered)

    assert (call.fault, call.status) == ("delay", 200)
    assert [m.text for m in user.visible_messages()] == ["/start", "slow"]
