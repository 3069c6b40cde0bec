"""Updates of different chats run at once; one chat's updates run one at a time, in order.

A person's actions build on each other: each edit puts the screen of the last button pressed
in place, and Erase deletes what the session showed. Run concurrently, a slow call of an
earlier update can land after a later one: an edit whose answer timed out and is retried
(retry.py) would put the previous screen back over the newer one, or, after Erase, send it
again into the emptied chat. Taking each chat's updates in turn makes every action see the
effects of the ones before it.

The turn comes from the shared `ChatTurns` (bot/shared_state): a lock per chat in this
process, and across replicas too when they share Redis. A chat that floods the bot has one
update running at a time, so it cannot take the places of everyone else's.

The processor also knows how many updates it holds (`pending`), for the backlog bound, and can
cancel them all when a stop runs out of time.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.shared_state.in_process import InProcessChatTurns
from bot.shared_state.stores import ChatTurns

# PTB's own semaphore (taken before ours) must never make an update wait: the limit that
# matters is taken after the chat's turn has come, so waiting for one's turn holds no place.
_UNLIMITED = 2**31 - 1


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """At most `max_concurrent` updates at once, and at most one per chat."""

    __slots__ = ("_limit", "_places", "_running", "_turns")

    def __init__(self, max_concurrent: int, turns: ChatTurns | None = None) -> None:
        super().__init__(_UNLIMITED)
        self._limit = max_concurrent
        self._places = asyncio.BoundedSemaphore(max_concurrent)
        self._turns = turns if turns is not None else InProcessChatTurns()
        self._running: set[asyncio.Task[Any]] = set()

    @property
    def limit(self) -> int:
        """How many updates run at once, at most."""
        return self._limit

    @property
    def pending(self) -> int:
        """How many updates are being handled or waiting for their turn."""
        return len(self._running)

    def __len__(self) -> int:
        """How many chats have an update running or waiting."""
        return len(self._turns)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._running.add(task)
        try:
            chat_id = _chat_id(update)
            if chat_id is None:
                async with self._places:
                    await coroutine
                return
            async with self._turns.turn(chat_id), self._places:
                await coroutine
        finally:
            if task is not None:
                self._running.discard(task)
            if inspect.iscoroutine(coroutine):
                coroutine.close()  # never started (cancelled while waiting): no warning

    async def cancel_all(self) -> int:
        """Cancels every update still held (a stop ran out of time), waits for them to end,
        and returns how many there were."""
        held = [task for task in self._running if not task.done()]
        for task in held:
            task.cancel()
        if held:
            await asyncio.wait(held)
        return len(held)

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
