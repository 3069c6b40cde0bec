"""Webhook updates in hand: each answered to Telegram only once it has been handled.

Telegram delivers an update again until its POST gets a 2xx answer. So the webhook answers
200 only when the update is handled (the person has their screen), and 503 when it did not
handle it: beyond `max_pending` updates in hand (the backlog bound), while stopping, when a
stop ran out of time before the update was done, or while another copy of it is being handled
(on this replica or another). Whatever got no 200 comes back, to this replica or another; a
replica killed mid-update loses nothing but the time its lease takes to lapse.

An update delivered twice is answered once: each is claimed in `UpdateMarks` before it is
handled, and a copy of one already answered gets 200 without being handled again.
"""

from __future__ import annotations

import asyncio
import enum
import logging
from typing import Any

from telegram import Update
from telegram.ext import Application

from bot.shared_state.stores import Claim, UpdateMarks

logger = logging.getLogger(__name__)


class Outcome(enum.Enum):
    """What became of one delivery of an update, and whether Telegram may forget it."""

    HANDLED = "handled"
    DUPLICATE = "duplicate"  # a copy of one answered already
    BUSY = "busy"  # another copy is being handled now: try later
    FULL = "full"  # the backlog bound: try later
    STOPPING = "stopping"  # taking no new updates: deliver it to another replica
    UNFINISHED = "unfinished"  # the stop ran out of time: deliver it again

    @property
    def delivered(self) -> bool:
        """Whether Telegram may forget the update (a 2xx answer)."""
        return self in (Outcome.HANDLED, Outcome.DUPLICATE)


class Intake:
    """Takes updates from the webhook into the application, at most `max_pending` at once."""

    def __init__(
        self, application: Application[Any, Any, Any, Any, Any, Any], marks: UpdateMarks
    ) -> None:
        self._application = application
        self._marks = marks
        self.max_pending = 1
        self.open = True
        self._in_hand: set[asyncio.Task[Outcome]] = set()

    @property
    def pending(self) -> int:
        """Updates in hand now."""
        return len(self._in_hand)

    async def take(self, update: Update) -> Outcome:
        """Handles the update unless it must wait; says what became of it."""
        if not self.open:
            return Outcome.STOPPING
        if len(self._in_hand) >= self.max_pending:
            return Outcome.FULL
        claim = await self._marks.claim(update.update_id)
        if claim is Claim.DONE:
            return Outcome.DUPLICATE
        if claim is Claim.BUSY:
            return Outcome.BUSY
        handling = asyncio.create_task(self._handle(update), name="webhook-update")
        self._in_hand.add(handling)
        handling.add_done_callback(self._in_hand.discard)
        # Waited for, not awaited: a request cancelled meanwhile leaves the update to finish
        # (and mark itself) on its own; only drain() cancels updates.
        await asyncio.wait({handling})
        return Outcome.UNFINISHED if handling.cancelled() else handling.result()

    async def _handle(self, update: Update) -> Outcome:
        application = self._application
        try:
            await application.update_processor.process_update(
                update, application.process_update(update)
            )
        except BaseException as error:
            if not isinstance(error, asyncio.CancelledError):
                logger.error("An update could not be handled: %s", type(error).__name__)
            await asyncio.shield(self._marks.release(update.update_id))
            if isinstance(error, asyncio.CancelledError):
                raise
            return Outcome.UNFINISHED
        await self._marks.finish(update.update_id)
        return Outcome.HANDLED

    def close(self) -> None:
        """Takes no new update (each gets 503, so Telegram delivers it elsewhere)."""
        self.open = False

    async def drain(self, seconds: float) -> int:
        """Waits up to `seconds` for the updates in hand; cancels what is left (answered 503,
        so Telegram delivers them again) and returns how many that was."""
        in_hand = set(self._in_hand)
        if not in_hand:
            return 0
        _, left = await asyncio.wait(in_hand, timeout=max(0.0, seconds))
        for task in left:
            task.cancel()
        if left:
            await asyncio.wait(left)
        return len(left)
