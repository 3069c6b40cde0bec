"""What Redis holds after people use the bot: keyed hashes and numbers, each with a TTL within
Telegram's 48 hours, and no trace of anyone (the same promise as the in-process memory)."""

from __future__ import annotations

import re
from typing import Any

from pydantic import SecretStr
from redis.asyncio import Redis

from bot.content import Content
from tests.fakes.bot_api.server import FakeBotApi, FakeUser
from tests.helpers.telegram_bot import running_bot

DAY = 24 * 3600
DIGITS = re.compile(rb"^[0-9]+$")


async def everything_in(url: str) -> dict[bytes, tuple[int, list[bytes]]]:
    """Every key with its TTL (ms) and every value in it."""
    found: dict[bytes, tuple[int, list[bytes]]] = {}
    client: Any = Redis.from_url(url)  # redis-py's answers are typed loosely: bytes here
    async with client as redis:
        async for key in redis.scan_iter(count=1000):
            kind = (await redis.type(key)).decode()
            values: list[bytes]
            if kind == "string":
                values = [bytes(await redis.get(key) or b"")]
            elif kind == "zset":
                pairs = await redis.zrange(key, 0, -1, withscores=True)
                values = [bytes(m) for m, _ in pairs] + [str(int(s)).encode() for _, s in pairs]
            else:
                raise AssertionError(f"unexpected {kind} key {key!r}")
            found[key] = (await redis.pttl(key), values)
    return found


def traces(person: FakeUser, typed: list[str]) -> list[bytes]:
    account = person.account
    words = [str(account.id), account.first_name, account.last_name or "", account.username or ""]
    return [w.encode() for w in [*words, *typed] if w]


async def test_redis_holds_hashes_and_numbers_only_each_expiring_within_48_hours(
    fake_bot_api: FakeBotApi, content: Content, redis_url: str
) -> None:
    people = [
        fake_bot_api.user(first_name="Zephyrine", last_name="Quillfeather", username="zq_private"),
        fake_bot_api.user(first_name="Marisol", last_name="Etxeberria", username="mari_e_77"),
    ]
    typed = ["I need a lawyer near Burien", "estoy en peligro"]
    async with running_bot(
        fake_bot_api, content, "webhook", redis_url=SecretStr(redis_url), erase_note_seconds=600
    ):
        for person in people:
            await person.start()
            await person.wait_for_reply()
            await person.press("⚖️ Legal help")
            await person.wait_for_reply()
            for text in typed:
                await person.send_text(text)
                await person.wait_for_reply()
        during = await everything_in(redis_url)
        await people[0].send_text("/erase")
        await people[0].wait_for_reply()
        after = await everything_in(redis_url)

    forbidden = [t for p in people for t in traces(p, typed)] + [fake_bot_api.token.encode()]
    forbidden += [str(u.update_id).encode() for u in fake_bot_api.updates]
    kinds = {key.split(b":")[2] for key in during}
    assert kinds >= {b"erase", b"update", b"seed", b"rate"}, kinds
    assert len([k for k in during if b":erase:" in k]) == 2  # one per chat
    assert len([k for k in after if b":erase:" in k]) == 1  # Erase forgot the first
    for snapshot in (during, after):
        for key, (ttl, values) in snapshot.items():
            assert 0 < ttl <= 2 * DAY * 1000, (key, ttl)
            for trace in forbidden:
                assert trace not in key, (key, trace)
                assert all(trace not in value for value in values), (key, trace)
            if b":seed:" in key:
                assert [len(v) for v in values] == [32]  # the random half of a hashing key
            else:
                assert all(DIGITS.match(v) for v in values), (key, values)
