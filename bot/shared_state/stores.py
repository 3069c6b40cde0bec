"""The four shared concerns, one protocol each, and the bundle the bot is built with."""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import Protocol

DELETE_WINDOW_SECONDS = 48 * 3600  # Telegram lets a bot delete messages this young


class SessionMessages(Protocol):
    """Erase's memory: the ids of each chat's recent messages, under a keyed hash of the chat.

    Ids older than Telegram's 48-hour deletion window are forgotten; nothing else is kept."""

    async def record(self, chat_id: int, message_id: int) -> None:
        """Remembers that message `message_id` is part of this chat's session."""
        ...

    async def forget(self, chat_id: int) -> list[int]:
        """Forgets the chat and returns its message ids still young enough to delete."""
        ...


class Claim(enum.Enum):
    """What a replica may do with an update it was given."""

    NEW = "new"  # nobody has it: this replica handles it
    BUSY = "busy"  # another copy is being handled right now (here or on another replica)
    DONE = "done"  # answered already: a duplicate


class UpdateMarks(Protocol):
    """A short-lived mark per update_id, so that an update delivered twice is answered once.

    A claim is a lease: a replica that dies while handling an update loses it within seconds,
    and Telegram's next delivery of that update is handled elsewhere."""

    async def claim(self, update_id: int) -> Claim:
        """Takes the update if nobody has it."""
        ...

    async def finish(self, update_id: int) -> None:
        """Marks a claimed update answered (later copies are duplicates)."""
        ...

    async def release(self, update_id: int) -> None:
        """Gives a claimed update back unanswered (its next delivery is handled)."""
        ...


class ChatTurns(Protocol):
    """Each chat's updates one at a time: inside `turn(chat_id)` no other update of the chat
    runs, on this replica or any other."""

    def turn(self, chat_id: int) -> AbstractAsyncContextManager[None]:
        """Waits for the chat's turn and holds it inside the block."""
        ...

    def __len__(self) -> int:
        """How many chats have an update holding or waiting for its turn here."""
        ...


class SendRate(Protocol):
    """The bot-wide rate of messages: `burst` at once, then `rate` a second, all replicas
    together. A reservation: the caller waits its turn, then sends."""

    async def take(self) -> None:
        """Waits until this replica may send one message."""
        ...

    async def pause(self, seconds: float) -> None:
        """Telegram asked the bot to wait (429): no replica sends for `seconds`."""
        ...


async def _nothing_to_close() -> None:
    """The in-process stores hold nothing to let go."""


@dataclass(frozen=True)
class SharedState:
    """The bot's four shared stores, where they live, and how to let them go."""

    messages: SessionMessages
    marks: UpdateMarks
    turns: ChatTurns
    send_rate: SendRate
    where: str = "in process"  # or "Redis", for the start-up log line
    close: Callable[[], Awaitable[None]] = field(default=_nothing_to_close)
