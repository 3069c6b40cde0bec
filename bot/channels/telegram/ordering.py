"""Updates of different chats run at once; one chat's updates run one at a time, in order.

A person's actions build on each other: each edit puts the screen of the last button pressed
in place, and Erase deletes what the session showed. Run concurrently, a slow call of an
earlier update can land after a later one: an edit whose answer timed out and is retried
(retry.py) would put the previous screen back over the newer one, or, after Erase, send it
again into the emptied chat. Taking each chat's updates in turn makes every action see the
effects of the ones before it.

While a chat has an update being handled or waiting, its id keys a lock here (as the update
itself holds it); the entry goes as soon as the chat's last update is done, so nothing about a
chat stays once it is answered. A chat that floods the bot has one update running at a time,
so it cannot take the places of everyone else's.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

# PTB's own semaphore (taken before ours) must never make an update wait: the limit that
# matters is taken after the chat's turn has come, so waiting for one's turn holds no place.
_UNLIMITED = 2**31 - 1


class _ChatTurn:
    __slots__ = ("lock", "users")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.users = 0


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """At most `max_concurrent` updates at once, and at most one per chat (first come,
    first served)."""

    __slots__ = ("_limit", "_places", "_turns")

    def __init__(self, max_concurrent: int) -> None:
        super().__init__(_UNLIMITED)
        self._limit = max_concurrent
        self._places = asyncio.BoundedSemaphore(max_concurrent)
        self._turns: dict[int, _ChatTurn] = {}

    @property
    def limit(self) -> int:
        """How many updates run at once, at most."""
        return self._limit

    def __len__(self) -> int:
        """How many chats have an update running or waiting."""
        return len(self._turns)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        try:
            chat_id = _chat_id(update)
            if chat_id is None:
                async with self._places:
                    await coroutine
                return
            turn = self._turns.get(chat_id)
            if turn is None:
                turn = self._turns[chat_id] = _ChatTurn()
            turn.users += 1
            try:
                async with turn.lock, self._places:
                    await coroutine
            finally:
                turn.users -= 1
                if turn.users == 0:
                    del self._turns[chat_id]
        finally:
            if inspect.iscoroutine(coroutine):
                coroutine.close()  # never started (cancelled while waiting): no warning

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to free."""


def _chat_id(update: object) -> int | None:
    if not isinstance(update, Update):
        return None
    chat = update.effective_chat
    chat_id = chat.id if chat is not None else None
    return chat_id if isinstance(chat_id, int) else None
