"""A stop that ends in time: each step bounded by what is left of SHUTDOWN_SECONDS, every step
run even when one before it failed or ran out of time.

Waiting is what a stop spends its time on (the updates in hand, Telegram's answers, a 429's
retry_after), and Docker kills the process 10 seconds after SIGTERM. So the deadline is set
when the stop begins; a step that would wait past it is cut short; steps that only let go of
something (close a connection) still get a moment after the deadline; and one line says how
many updates were left unanswered.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

logger = logging.getLogger(__name__)

CLOSING_GRACE_SECONDS = 0.5  # a step that only lets go still gets this long past the deadline


@dataclass
class Stop:
    """The steps of one stop, against one deadline."""

    seconds: float
    unanswered: int = 0
    failed: list[str] = field(default_factory=list)
    _deadline: float = 0.0

    def __post_init__(self) -> None:
        self._deadline = asyncio.get_running_loop().time() + self.seconds

    @property
    def left(self) -> float:
        """Seconds left before the deadline (0 once past it)."""
        return max(0.0, self._deadline - asyncio.get_running_loop().time())

    async def step(
        self,
        name: str,
        action: Callable[[], Awaitable[object]],
        *,
        closing: bool = False,
        at_most: float | None = None,
    ) -> bool:
        """Runs one step within the time left (a closing step: at least a moment; with
        `at_most`, no longer than that); logs one line if it fails or is cut short. True when
        it completed."""
        budget = max(self.left, CLOSING_GRACE_SECONDS) if closing else self.left
        if at_most is not None:
            budget = min(budget, at_most)
        try:
            async with asyncio.timeout(budget):
                await action()
        except TimeoutError:
            self.failed.append(name)
            logger.warning("Stopping: %s cut short by SHUTDOWN_SECONDS", name)
            return False
        except Exception as error:  # a stop must go on whatever one step does
            self.failed.append(name)
            logger.error("Stopping: %s failed (%s); going on", name, type(error).__name__)
            return False
        return True

    def report(self, *, redelivered: bool) -> None:
        """The stop's one closing line (`redelivered`: whether Telegram sends what was left
        again, as it does after a webhook's 503)."""
        if not self.unanswered:
            logger.info("Stopped")
            return
        logger.warning(
            "Stopped after %.1f s with %d updates left unanswered (%s)",
            self.seconds - self.left,
            self.unanswered,
            "Telegram delivers them again" if redelivered else "taken from Telegram: lost",
        )
