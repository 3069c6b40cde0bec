"""The shared concerns in Redis, for several replicas (each falls back to its in-process twin
while Redis cannot be reached; redis_link.py).

What Redis holds, all under keyed hashes, every key with a TTL within Telegram's 48 hours:
- `erase:<chat hash>`: a sorted set of the chat's message ids (nothing else: no time, no
  text), its TTL 48 hours from the chat's latest message;
- `update:<update hash>`: a random lease token while a replica handles the update (seconds),
  then `0` ("answered") for 15 minutes;
- `turn:<chat hash>`: a random lease token while a replica handles one of the chat's updates;
- `rate`: when the bot-wide send rate's next slot falls due (microseconds), living only as long
  as the slots reserved ahead;
- `seed:<day>`: the random half of that day's chat-hashing key (redis_link.py).

The scripts are small Lua scripts run by Redis itself, so each is one atomic round trip. The
send rate is GCRA (the generic cell rate algorithm: a token bucket kept as one timestamp), as a
dozen lines of Lua rather than a library: the Python rate limiters on Redis either refuse
instead of telling how long to wait, or need a Redis module (redis-cell) that Debian's
redis-server does not have; and the in-process store runs the same arithmetic.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import AsyncIterator

from bot.shared_state.hashing import keyed_hash
from bot.shared_state.in_process import (
    MARK_SECONDS,
    MAX_GAP_FILLED,
    MAX_IDS_PER_CHAT,
    InProcessChatTurns,
    InProcessSendRate,
    InProcessSessionMessages,
    InProcessUpdateMarks,
)
from bot.shared_state.redis_link import LEASE_SECONDS, RedisLink, RedisUnavailable
from bot.shared_state.stores import DELETE_WINDOW_SECONDS, Claim

logger = logging.getLogger(__name__)

TURN_WAIT_SECONDS = 30.0  # a chat's turn not free by then (a stuck holder): go on anyway
_POLL_FIRST, _POLL_MOST = 0.002, 0.05  # waiting for a turn: how often to look, at first, at most

_RECORD = """
local id = tonumber(ARGV[1])
local top = redis.call('ZRANGE', KEYS[1], -1, -1)
local start = id
if top[1] then
  local last = tonumber(top[1])
  if id > last and id - last - 1 <= tonumber(ARGV[3]) then start = last + 1 end
end
for m = start, id do redis.call('ZADD', KEYS[1], m, m) end
redis.call('EXPIRE', KEYS[1], ARGV[2])
local excess = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[4])
if excess > 0 then redis.call('ZREMRANGEBYRANK', KEYS[1], 0, excess - 1) end
return 0
"""
_FORGET = """
local ids = {}
for _, key in ipairs(KEYS) do
  for _, id in ipairs(redis.call('ZRANGE', key, 0, -1)) do table.insert(ids, id) end
  redis.call('DEL', key)
end
return ids
"""
_CLAIM = """
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
if redis.call('GET', KEYS[1]) == '0' then return 2 end
return 3
"""
_LET_GO = """
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 0
"""
# GCRA: KEYS[1] holds the theoretical arrival time (TAT) of the next slot, in microseconds of
# Redis' own clock (the same for every replica). ARGV: the interval between slots, the
# tolerance (how early a slot may be taken: the burst), and a pause (0: reserve one slot).
_RATE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval, tolerance, pause = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1])) or now
if tat < now then tat = now end
local wait = 0
if pause > 0 then
  if now + pause + tolerance > tat then tat = now + pause + tolerance end
else
  wait = tat - tolerance - now
  tat = tat + interval
end
redis.call('SET', KEYS[1], string.format('%d', tat), 'PX', math.ceil((tat - now) / 1000) + 1000)
if wait < 0 then wait = 0 end
return wait
"""

Lease = bytes


def _lease() -> Lease:
    return str(secrets.randbits(62) + 1).encode()  # a number (never "0": that means answered)


class RedisSessionMessages:
    """Erase's memory in Redis: one sorted set of message ids per chat."""

    def __init__(self, link: RedisLink, fallback: InProcessSessionMessages) -> None:
        self._link = link
        self._fallback = fallback  # while Redis is down: what this replica sees

    async def record(self, chat_id: int, message_id: int) -> None:
        try:
            today, _ = await self._link.chat_keys()
            key = self._link.key("erase", keyed_hash(today, chat_id))
            await self._link.run(
                lambda r: r.eval(
                    _RECORD,
                    1,
                    key,
                    message_id,
                    DELETE_WINDOW_SECONDS,
                    MAX_GAP_FILLED,
                    MAX_IDS_PER_CHAT,
                )
            )
        except RedisUnavailable:
            self._fallback.record_now(chat_id, message_id)

    async def forget(self, chat_id: int) -> list[int]:
        ids = set(self._fallback.forget_now(chat_id))
        try:
            today, yesterday = await self._link.chat_keys()
            keys = [
                self._link.key("erase", keyed_hash(day, chat_id))
                for day in (today, yesterday)
                if day is not None
            ]
            found = await self._link.run(lambda r: r.eval(_FORGET, len(keys), *keys))
            ids.update(int(found_id) for found_id in found)
        except RedisUnavailable:
            pass  # Erase deletes what this replica saw meanwhile; the rest stays
        return sorted(ids)


class RedisUpdateMarks:
    """A lease per update being handled, then an "answered" mark for 15 minutes."""

    def __init__(self, link: RedisLink, fallback: InProcessUpdateMarks) -> None:
        self._link = link
        self._fallback = fallback
        self._held: dict[int, tuple[bytes, Lease]] = {}
        self._local: set[int] = set()  # claimed in process while Redis was down

    def _key(self, update_id: int) -> bytes:
        return self._link.key("update", keyed_hash(self._link.token_key, update_id))

    async def claim(self, update_id: int) -> Claim:
        key, lease = self._key(update_id), _lease()
        lease_ms = int(LEASE_SECONDS * 1000)
        try:
            answer = await self._link.run(lambda r: r.eval(_CLAIM, 1, key, lease, lease_ms))
        except RedisUnavailable:
            self._local.add(update_id)
            return await self._fallback.claim(update_id)
        if answer == 1:
            self._held[update_id] = (key, lease)
            self._link.hold(key, lease)
            return Claim.NEW
        return Claim.DONE if answer == 2 else Claim.BUSY

    async def finish(self, update_id: int) -> None:
        key = await self._let_go(update_id, answered=True)
        if key is not None:
            with contextlib.suppress(RedisUnavailable):
                await self._link.run(lambda r: r.set(key, b"0", ex=MARK_SECONDS))

    async def release(self, update_id: int) -> None:
        held = self._held.get(update_id)
        key = await self._let_go(update_id, answered=False)
        if key is not None and held is not None:
            lease = held[1]
            with contextlib.suppress(RedisUnavailable):
                await self._link.run(lambda r: r.eval(_LET_GO, 1, key, lease))

    async def _let_go(self, update_id: int, *, answered: bool) -> bytes | None:
        """Stops renewing the update's lease; the key it was held under, if in Redis."""
        if update_id in self._local:
            self._local.discard(update_id)
            fallback = self._fallback.finish if answered else self._fallback.release
            await fallback(update_id)
        held = self._held.pop(update_id, None)
        if held is None:
            return None
        self._link.let_go(held[0])
        return held[0]


class RedisChatTurns:
    """A chat's turn: first this replica's own (in process, first come first served), then a
    lease in Redis that no other replica can take meanwhile."""

    def __init__(self, link: RedisLink, local: InProcessChatTurns) -> None:
        self._link = link
        self._local = local

    def __len__(self) -> int:
        return len(self._local)

    @contextlib.asynccontextmanager
    async def turn(self, chat_id: int) -> AsyncIterator[None]:
        async with self._local.turn(chat_id):
            held = await self._take(chat_id)
            try:
                yield
            finally:
                if held is not None:
                    key, lease = held
                    self._link.let_go(key)
                    with contextlib.suppress(RedisUnavailable):
                        await self._link.run(lambda r: r.eval(_LET_GO, 1, key, lease))

    async def _take(self, chat_id: int) -> tuple[bytes, Lease] | None:
        """The chat's lease, once free; None when Redis is down or the wait ran out."""
        lease, lease_ms = _lease(), int(LEASE_SECONDS * 1000)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + TURN_WAIT_SECONDS
        pause = _POLL_FIRST
        try:
            today, _ = await self._link.chat_keys()
            key = self._link.key("turn", keyed_hash(today, chat_id))
            while True:
                if await self._link.run(lambda r: r.set(key, lease, nx=True, px=lease_ms)):
                    self._link.hold(key, lease)
                    return key, lease
                if loop.time() > deadline:
                    logger.warning("A chat's turn was still taken after %.0f s", TURN_WAIT_SECONDS)
                    return None
                await asyncio.sleep(pause)
                pause = min(pause * 2, _POLL_MOST)
        except RedisUnavailable:
            return None


class RedisSendRate:
    """The bot-wide send rate, one GCRA bucket in Redis for every replica."""

    def __init__(self, link: RedisLink, fallback: InProcessSendRate) -> None:
        self._link = link
        self._fallback = fallback  # while Redis is down: this replica alone, at the full rate
        self._key = link.prefix + b"rate"
        self._interval = round(fallback.interval * 1_000_000)
        self._tolerance = round(fallback.tolerance * 1_000_000)

    async def take(self) -> None:
        try:
            wait = await self._reserve(0)
        except RedisUnavailable:
            await self._fallback.take()
            return
        if wait > 0:
            await asyncio.sleep(wait / 1_000_000)

    async def pause(self, seconds: float) -> None:
        self._fallback.pause_now(seconds)
        with contextlib.suppress(RedisUnavailable):
            await self._reserve(max(1, round(seconds * 1_000_000)))

    async def _reserve(self, pause: int) -> int:
        key, interval, tolerance = self._key, self._interval, self._tolerance
        waited = await self._link.run(lambda r: r.eval(_RATE, 1, key, interval, tolerance, pause))
        return int(waited)
