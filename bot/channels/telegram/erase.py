"""Erase: deleting a session's messages, and the note that deletes itself.

The ids come from Erase's memory (bot/shared_state: in this process, or in Redis shared by
every replica). Erase deletes them with deleteMessages, at most 100 a call, and the memory
forgets the chat. Then a note tells the person how to delete the chat itself (a bot cannot),
and is deleted again after a minute.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import Iterator

from telegram import Bot
from telegram.error import BadRequest, TelegramError

from bot.shared_state.hashing import keyed_hash

logger = logging.getLogger(__name__)

DELETE_BATCH = 100  # the most ids one deleteMessages call takes


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
    after `delay` seconds by the replica that sent it. A chat id is held here for that minute
    only, to make the call; the notes waiting are filed under a keyed hash, as Erase's map."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self._key = secrets.token_bytes(32)
        self._pending: dict[tuple[bytes, int], tuple[int, asyncio.Task[None]]] = {}

    def __len__(self) -> int:
        return len(self._pending)

    def schedule(self, bot: Bot, chat_id: int, message_id: int) -> None:
        """Deletes the note `message_id` after the delay."""
        key = (keyed_hash(self._key, chat_id), message_id)
        task = asyncio.create_task(self._delete_later(bot, chat_id, message_id, key))
        self._pending[key] = (chat_id, task)

    def is_note(self, chat_id: int, message_id: int) -> bool:
        """Whether this message is a note still waiting to be deleted."""
        return (keyed_hash(self._key, chat_id), message_id) in self._pending

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
