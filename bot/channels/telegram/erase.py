"""Erase: the only thing the bot remembers about a chat, and how it forgets it.

To delete a session's messages the bot must know their ids, so it keeps, in RAM only:
- for each recent chat, under a keyed hash of its id (the key is random per process, so the
  map cannot be matched against a list of ids, and is gone with the process), the ids of the
  chat's messages, the person's and the bot's, with when each was seen;
- nothing else: no text, no name, no time of day.
Ids older than Telegram's 48-hour deletion window are dropped, a chat whose ids have all
expired is dropped, and at most `max_chats` chats are kept (the least recently active go
first). Erase deletes the ids with deleteMessages, at most 100 a call, and forgets the chat.

In a private chat, message ids count up one by one for both sides, so when a new id is only a
few above the last one seen, the ids in between are the session's too (a message whose update
never reached the bot, or a send whose answer was lost and was retried): they are recorded as
well. Deleting an id that is not there is harmless: deleteMessages skips it.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import secrets
import time
from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterator

from telegram import Bot
from telegram.error import BadRequest, TelegramError

logger = logging.getLogger(__name__)

DELETE_WINDOW_SECONDS = 48 * 3600  # Telegram lets a bot delete messages this young
DELETE_BATCH = 100  # the most ids one deleteMessages call takes
MAX_IDS_PER_CHAT = 2000  # past this, the oldest ids are dropped (and stay in the chat)
MAX_GAP_FILLED = 4  # ids skipped between two known ids that are still taken as the session's


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


class SessionMessages:
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

    def record(self, chat_id: int, message_id: int) -> None:
        """Remembers that message `message_id` is part of this chat's session."""
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

    def forget(self, chat_id: int) -> list[int]:
        """Forgets the chat and returns its message ids still young enough to delete."""
        entry = self._chats.pop(self.hashed(chat_id), None)
        if entry is None:
            return []
        _drop_older_than(entry, self._now() - self.keep_seconds)
        return sorted(set(entry[_ID::_STEP]))

    def _now(self) -> int:
        return int(self._clock() - self._epoch)

    def hashed(self, chat_id: int) -> bytes:
        """The chat's key in this map: a keyed BLAKE2b hash of its id."""
        data = chat_id.to_bytes(8, "big", signed=True)
        return hashlib.blake2b(data, key=self._key, digest_size=16).digest()

    def _expire(self, now: int) -> None:
        """Drops chats whose newest id is past the deletion window (least recent come first)."""
        cutoff = now - self.keep_seconds
        while self._chats:
            oldest = next(iter(self._chats.values()))
            if _last_seen(oldest) >= cutoff:
                break
            self._chats.popitem(last=False)


def batches(ids: list[int], size: int = DELETE_BATCH) -> Iterator[list[int]]:
    """`ids` in consecutive lists of at most `size`."""
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


async def delete_all(bot: Bot, chat_id: int, ids: list[int]) -> None:
    """Deletes the messages, at most 100 a call; one by one for a batch Telegram refuses."""
    for batch in batches(ids):
        try:
            await bot.delete_messages(chat_id, batch)
        except BadRequest:
            for message_id in batch:
                with contextlib.suppress(TelegramError):
                    await bot.delete_message(chat_id, message_id)


class EraseNotes:
    """The notes Erase leaves ("done; here is how to delete the chat"), each deleted again
    after `delay` seconds. A chat id is held here for that minute only, to make the call."""

    def __init__(self, messages: SessionMessages, delay: float) -> None:
        self._messages = messages
        self.delay = delay
        self._pending: dict[tuple[bytes, int], tuple[int, asyncio.Task[None]]] = {}

    def __len__(self) -> int:
        return len(self._pending)

    def schedule(self, bot: Bot, chat_id: int, message_id: int) -> None:
        """Deletes the note `message_id` after the delay."""
        key = (self._messages.hashed(chat_id), message_id)
        task = asyncio.create_task(self._delete_later(bot, chat_id, message_id, key))
        self._pending[key] = (chat_id, task)

    def is_note(self, chat_id: int, message_id: int) -> bool:
        """Whether this message is a note still waiting to be deleted."""
        return (self._messages.hashed(chat_id), message_id) in self._pending

    async def delete_now(self, bot: Bot) -> None:
        """Deletes every waiting note at once (the bot is stopping)."""
        pending = list(self._pending.items())
        self._pending.clear()
        for _, (_, task) in pending:
            task.cancel()
        for _, (_, task) in pending:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for (_, message_id), (chat_id, _) in pending:
            with contextlib.suppress(TelegramError):
                await bot.delete_message(chat_id, message_id)

    async def _delete_later(
        self, bot: Bot, chat_id: int, message_id: int, key: tuple[bytes, int]
    ) -> None:
        await asyncio.sleep(self.delay)
        self._pending.pop(key, None)
        try:
            await bot.delete_message(chat_id, message_id)
        except TelegramError as error:  # deleted by the person already, or Telegram is down
            logger.info("Erase note not deleted (%s)", type(error).__name__)
