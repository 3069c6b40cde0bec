"""The shared concerns for a single replica: everything in this process's memory.

Erase's map (`InProcessSessionMessages`) keeps, for each recent chat, under a keyed hash of
its id (the key is random per process, so the map cannot be matched against a list of ids, and
is gone with the process), the ids of the chat's messages with when each was seen: no text, no
name, no time of day. Ids older than Telegram's 48-hour deletion window are dropped, a chat
whose ids have all expired is dropped, and at most `max_chats` chats are kept (the least
recently active go first).

In a private chat, message ids count up one by one for both sides, so when a new id is only a
few above the last one seen, the ids in between are the session's too (a message whose update
never reached the bot, or a send whose answer was lost and was retried): they are recorded as
well. Deleting an id that is not there is harmless: deleteMessages skips it.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import time
from array import array
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Iterator

from bot.shared_state.hashing import keyed_hash
from bot.shared_state.stores import DELETE_WINDOW_SECONDS, Claim

MAX_IDS_PER_CHAT = 2000  # past this, the oldest ids are dropped (and stay in the chat)
MAX_GAP_FILLED = 4  # ids skipped between two known ids that are still taken as the session's
MARK_SECONDS = 15 * 60  # how long an answered update_id is remembered as answered
MAX_MARKS = 100_000

# One chat's entry is a single array of 64-bit integers, oldest first, two per message: its id,
# then when it was seen (whole seconds since the map was made). One flat array costs about 240
# bytes a chat with its key, a third less than an object with two arrays.
_ID, _SEEN, _STEP = 0, 1, 2


def _add(entry: array[int], message_id: int, now: int) -> None:
    last = entry[-_STEP + _ID] if entry else None
    if last is not None and message_id <= last:
        if message_id not in entry[_ID::_STEP]:  # out of order (updates run concurrently)
            entry.extend((message_id, now))
        return
    start = message_id
    if last is not None and message_id - last - 1 <= MAX_GAP_FILLED:
        start = last + 1
    for filled in range(start, message_id + 1):
        entry.extend((filled, now))
    excess = len(entry) - MAX_IDS_PER_CHAT * _STEP
    if excess > 0:
        del entry[:excess]


def _drop_older_than(entry: array[int], cutoff: int) -> None:
    keep = 0
    while keep < len(entry) and entry[keep + _SEEN] < cutoff:
        keep += _STEP
    del entry[:keep]


def _last_seen(entry: array[int]) -> int:
    return entry[-_STEP + _SEEN] if entry else 0


class InProcessSessionMessages:
    """Recent message ids per chat, under keyed hashes, expiring and capped."""

    def __init__(
        self,
        max_chats: int,
        *,
        keep_seconds: int = DELETE_WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_chats = max_chats
        self.keep_seconds = keep_seconds
        self._clock = clock
        self._epoch = clock()
        self._key = secrets.token_bytes(32)  # random per process: the hashes mean nothing later
        self._chats: OrderedDict[bytes, array[int]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._chats)

    def keys(self) -> Iterator[bytes]:
        """The hashed chat keys (what the map holds instead of chat ids)."""
        return iter(self._chats)

    async def record(self, chat_id: int, message_id: int) -> None:
        self.record_now(chat_id, message_id)

    def record_now(self, chat_id: int, message_id: int) -> None:
        """`record`, for a caller that cannot wait."""
        now = self._now()
        key = self.hashed(chat_id)
        entry = self._chats.get(key)
        if entry is None:
            entry = self._chats[key] = array("q")
        else:
            self._chats.move_to_end(key)
        _add(entry, message_id, now)
        self._expire(now)
        while len(self._chats) > self.max_chats:
            self._chats.popitem(last=False)

    async def forget(self, chat_id: int) -> list[int]:
        return self.forget_now(chat_id)

    def forget_now(self, chat_id: int) -> list[int]:
        """`forget`, for a caller that cannot wait."""
        entry = self._chats.pop(self.hashed(chat_id), None)
        if entry is None:
            return []
        _drop_older_than(entry, self._now() - self.keep_seconds)
        return sorted(set(entry[_ID::_STEP]))

    def hashed(self, chat_id: int) -> bytes:
        """The chat's key in this map: a keyed hash of its id."""
        return keyed_hash(self._key, chat_id)

    def _now(self) -> int:
        return int(self._clock() - self._epoch)

    def _expire(self, now: int) -> None:
        """Drops chats whose newest id is past the deletion window (least recent come first)."""
        cutoff = now - self.keep_seconds
        while self._chats:
            oldest = next(iter(self._chats.values()))
            if _last_seen(oldest) >= cutoff:
                break
            self._chats.popitem(last=False)


class InProcessUpdateMarks:
    """Update ids being handled or answered here, each answered one kept for `keep_seconds`
    (at most `max_marks`, oldest dropped first)."""

    def __init__(
        self,
        keep_seconds: float = MARK_SECONDS,
        max_marks: int = MAX_MARKS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.keep_seconds = keep_seconds
        self.max_marks = max_marks
        self._clock = clock
        self._busy: set[int] = set()
        self._done: OrderedDict[int, float] = OrderedDict()  # update_id: when answered

    def __len__(self) -> int:
        return len(self._busy) + len(self._done)

    async def claim(self, update_id: int) -> Claim:
        self._expire()
        if update_id in self._done:
            return Claim.DONE
        if update_id in self._busy:
            return Claim.BUSY
        self._busy.add(update_id)
        return Claim.NEW

    async def finish(self, update_id: int) -> None:
        self._busy.discard(update_id)
        self._done[update_id] = self._clock()
        self._done.move_to_end(update_id)
        while len(self._done) > self.max_marks:
            self._done.popitem(last=False)

    async def release(self, update_id: int) -> None:
        self._busy.discard(update_id)

    def _expire(self) -> None:
        cutoff = self._clock() - self.keep_seconds
        while self._done:
            update_id, answered = next(iter(self._done.items()))
            if answered >= cutoff:
                break
            del self._done[update_id]


class _Turn:
    __slots__ = ("lock", "users")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.users = 0


class InProcessChatTurns:
    """A lock per chat that has an update running or waiting (first come, first served),
    dropped as soon as the chat's last update is done: nothing stays once it is answered."""

    def __init__(self) -> None:
        self._turns: dict[int, _Turn] = {}

    def __len__(self) -> int:
        return len(self._turns)

    @contextlib.asynccontextmanager
    async def turn(self, chat_id: int) -> AsyncIterator[None]:
        turn = self._turns.get(chat_id)
        if turn is None:
            turn = self._turns[chat_id] = _Turn()
        turn.users += 1
        try:
            async with turn.lock:
                yield
        finally:
            turn.users -= 1
            if turn.users == 0:
                del self._turns[chat_id]


class InProcessSendRate:
    """A token bucket as a generic cell rate algorithm (GCRA): each message reserves the next
    slot `1/rate` seconds after the last, and may go up to `burst` slots early. The Redis
    store runs the same arithmetic in a script, for every replica at once."""

    def __init__(
        self, rate: float, burst: int | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.interval = 1.0 / rate
        self.tolerance = (max(1, burst or round(rate)) - 1) * self.interval
        self._clock = clock
        self._theoretical_arrival = 0.0

    def reserve(self) -> float:
        """Takes the next slot; returns how long to wait for it (0: send now)."""
        now = self._clock()
        arrival = max(self._theoretical_arrival, now)
        self._theoretical_arrival = arrival + self.interval
        return max(0.0, arrival - self.tolerance - now)

    async def take(self) -> None:
        wait = self.reserve()
        if wait > 0:
            await asyncio.sleep(wait)

    async def pause(self, seconds: float) -> None:
        self.pause_now(seconds)

    def pause_now(self, seconds: float) -> None:
        """`pause`, for a caller that cannot wait."""
        after = self._clock() + seconds + self.tolerance
        self._theoretical_arrival = max(self._theoretical_arrival, after)
