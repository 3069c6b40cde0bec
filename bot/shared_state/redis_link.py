"""The connection to Redis that the four Redis stores share, and what happens when it fails.

Every call is bounded (REDIS_TIMEOUT_SECONDS) and never retried by the client: a call that
fails or is too slow raises `RedisUnavailable`, and the store it came from falls back to its
in-process twin, so the update goes on at once. The first failure is logged, once, as a
warning; for a moment after it (half a second, doubling to five) calls do not even try, so
an outage costs no update a timeout; the first call that works again is logged too.

Keys are `shb:<bot>:<kind>:<hash>`. A chat is filed under a keyed BLAKE2b hash of its id,
the key derived from a random seed kept in Redis per day ("epoch") and the bot's token:
replicas share it, a Redis dump alone cannot be matched against a list of ids (that needs the
token too), and each day's seed expires 48 hours after the day began. Lookups try today's key
and yesterday's.

Claims and turns are leases: kept alive by this link every second or so while held, gone a
few seconds after the replica holding them dies.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import secrets
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

T = TypeVar("T")
EPOCH_SECONDS = 24 * 3600  # a chat-hashing key's random seed is made per day...
SEED_SECONDS = 48 * 3600  # ...and kept 48 hours from the day's start
LEASE_SECONDS = 5.0  # a claim or turn of a replica that died is free again this soon
FIRST_PAUSE_SECONDS = 0.5  # after a failure, no call tries for this long, doubling...
LONGEST_PAUSE_SECONDS = 5.0  # ...up to this

_MAKE_SEED = """
redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PXAT', ARGV[2])
return redis.call('GET', KEYS[1])
"""
_RENEW = """
for i, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[i + 1] then redis.call('PEXPIRE', key, ARGV[1]) end
end
return 0
"""


class RedisUnavailable(Exception):
    """Redis cannot be used right now: the caller does without it."""


class RedisLink:
    """A bounded, self-healing connection to Redis, the key names, and the leases held."""

    def __init__(
        self,
        url: str,
        *,
        bot_token: str,
        timeout: float,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self.timeout = timeout
        self.redis: Redis = Redis.from_url(
            url,
            socket_timeout=timeout,
            socket_connect_timeout=timeout,
            retry=Retry(NoBackoff(), 0),  # the stores fall back at once instead
            decode_responses=False,
        )
        token = bot_token.encode()
        bot = hashlib.blake2b(token.split(b":", 1)[0], digest_size=4).hexdigest()
        self.prefix = f"shb:{bot}:".encode()
        self._token_key = hashlib.blake2b(token, digest_size=32, person=b"shb-token").digest()
        self._clock = clock
        self._wall_clock = wall_clock
        self._down_since: float | None = None
        self._pause = 0.0
        self._retry_at = 0.0
        self._epoch_keys: dict[int, bytes | None] = {}
        self._leases: dict[bytes, bytes] = {}
        self._renewer: asyncio.Task[None] | None = None

    # --- calls ----------------------------------------------------------------------------

    async def run(self, call: Callable[[Redis], Awaitable[T]]) -> T:
        """`call` with the client, within the timeout; RedisUnavailable if it cannot be done."""
        if self._down_since is not None and self._clock() < self._retry_at:
            raise RedisUnavailable
        try:
            async with asyncio.timeout(self.timeout):
                result = await call(self.redis)
        except (RedisError, OSError, TimeoutError) as error:
            self._failed(error)
            # Every pooled connection may be as dead as this one (Redis restarted): start
            # afresh rather than fail once more for each.
            with contextlib.suppress(RedisError, OSError):
                await self.redis.connection_pool.disconnect()
            raise RedisUnavailable from None
        if self._down_since is not None:
            logger.info(
                "Redis is reachable again (after %.0f s): shared state back in use",
                self._clock() - self._down_since,
            )
            self._down_since = None
        return result

    def _failed(self, error: BaseException) -> None:
        now = self._clock()
        if self._down_since is None:
            logger.warning(
                "Redis cannot be reached (%s): going on with this replica's own memory "
                "(Erase may miss messages) until it is back",
                type(error).__name__,
            )
            self._down_since = now
            self._pause = FIRST_PAUSE_SECONDS
        else:
            self._pause = min(self._pause * 2, LONGEST_PAUSE_SECONDS)
        self._retry_at = now + self._pause

    @property
    def reachable(self) -> bool:
        """False from a failure until a call works again."""
        return self._down_since is None

    # --- names ----------------------------------------------------------------------------

    def key(self, kind: str, digest: bytes) -> bytes:
        """The Redis key of one thing of `kind`, filed under `digest` (a keyed hash)."""
        return self.prefix + kind.encode() + b":" + digest.hex().encode()

    @property
    def token_key(self) -> bytes:
        """A hashing key every replica has without asking Redis (for update ids)."""
        return self._token_key

    async def chat_keys(self) -> tuple[bytes, bytes | None]:
        """Today's chat-hashing key (made if no replica has yet) and yesterday's, if kept."""
        epoch = int(self._wall_clock() // EPOCH_SECONDS)
        today = self._epoch_keys.get(epoch)
        if today is None:
            name = self.prefix + b"seed:" + str(epoch).encode()
            expires = (epoch * EPOCH_SECONDS + SEED_SECONDS) * 1000
            fresh = secrets.token_bytes(32)
            seed = await self.run(lambda r: r.eval(_MAKE_SEED, 1, name, fresh, expires))
            today = self._derive(seed)
            self._epoch_keys = {e: k for e, k in self._epoch_keys.items() if e == epoch - 1}
            self._epoch_keys[epoch] = today
        if epoch - 1 not in self._epoch_keys:
            name = self.prefix + b"seed:" + str(epoch - 1).encode()
            seed = await self.run(lambda r: r.get(name))
            self._epoch_keys[epoch - 1] = self._derive(seed) if seed else None
        return today, self._epoch_keys[epoch - 1]

    def _derive(self, seed: bytes) -> bytes:
        return hashlib.blake2b(seed, key=self._token_key, digest_size=32).digest()

    # --- leases ---------------------------------------------------------------------------

    def hold(self, key: bytes, token: bytes) -> None:
        """Keeps the lease `key` (set to `token`) alive until `let_go`."""
        self._leases[key] = token
        if self._renewer is None or self._renewer.done():
            self._renewer = asyncio.create_task(self._renew_leases(), name="redis-leases")

    def let_go(self, key: bytes) -> None:
        self._leases.pop(key, None)

    async def _renew_leases(self) -> None:
        while self._leases:
            await asyncio.sleep(LEASE_SECONDS / 4)
            with contextlib.suppress(RedisUnavailable):
                await self._renew(dict(self._leases))

    async def _renew(self, held: dict[bytes, bytes]) -> None:
        if held:
            keys, tokens = list(held), list(held.values())
            lease_ms = int(LEASE_SECONDS * 1000)
            await self.run(lambda r: r.eval(_RENEW, len(keys), *keys, lease_ms, *tokens))

    async def close(self) -> None:
        """Stops renewing leases and closes the connections."""
        if self._renewer is not None:
            self._renewer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._renewer
        await self.redis.aclose()
