"""Telegram having a bad day, on purpose: random faults from the fake Bot API server while
people use the bot.

Every kind of fault the bot must ride out: 429 with retry_after (flood control), 500/502/503,
an answer later than the bot's timeout (the call was carried out, the answer is lost), and a
connection dropped before any answer (the call was not carried out). Each fault hits one call.
A method is armed again only after a cooldown longer than any retry chain, so no single call
meets more faults than the bot's retries absorb: the test is about the bot riding out
failures, not about a call that fails for good (test_retry.py covers giving up).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import random
from collections import Counter
from dataclasses import dataclass, field
from types import TracebackType

from tests.fakes.bot_api.server import FakeBotApi, Fault

SENDING_METHODS = ("sendMessage", "editMessageText", "answerCallbackQuery", "deleteMessages")


@dataclass
class Chaos:
    """Every `interval` seconds, arms the next kind of fault (each kind in turn) on a random
    method of `methods` that is neither armed nor cooling down."""

    fake: FakeBotApi
    seed: int
    methods: tuple[str, ...] = SENDING_METHODS  # the busiest first
    interval: float = 0.04
    cooldown: float = 1.5  # longer than a call's whole retry chain in these tests
    late_answer: float = 0.8  # the answer comes after this long: beyond the bot's timeout
    max_429: int = 3  # met at most (each one pauses all sending for retry_after: 1 s)
    kinds: tuple[str, ...] = ("500", "502", "503", "late", "drop", "429")
    faults: list[Fault] = field(default_factory=list)
    _task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> Chaos:
        self._task = asyncio.create_task(self._run(), name="chaos")
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    async def stop(self) -> None:
        """Stops injecting; faults not yet hit are withdrawn."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        for fault in self.faults:
            fault.remaining = 0

    def hits(self) -> Counter[str]:
        """How many calls each kind of fault hit, as "<method> <kind>"."""
        return Counter(f"{f.method} {_kind(f)}" for f in self.faults for _ in f.hits)

    def kinds_hit(self) -> set[str]:
        return {_kind(f) for f in self.faults if f.hits}

    async def _run(self) -> None:
        rng = random.Random(self.seed)
        loop = asyncio.get_running_loop()
        armed: dict[str, Fault] = {}
        ready_at: dict[str, float] = dict.fromkeys(self.methods, 0.0)
        order = rng.sample(self.kinds, len(self.kinds))
        kinds = itertools.cycle(order)  # every kind, in turn
        while True:
            await asyncio.sleep(self.interval)
            now = loop.time()
            for method, fault in list(armed.items()):
                if fault.remaining == 0:
                    del armed[method]
                    ready_at[method] = now + self.cooldown
            free = [m for m in self.methods if m not in armed and ready_at[m] <= now]
            if not free:
                continue
            # A kind no call has met yet comes first, on the busiest method free (`methods`
            # come busiest first): a fault armed on a method seldom called may wait there long,
            # and every kind must be met however fast or slow the crowd goes.
            pending = {_kind(f) for f in armed.values()}
            hit = self.kinds_hit()
            unmet = [k for k in order if k not in hit and k not in pending]
            method, kind = (free[0], unmet[0]) if unmet else (rng.choice(free), next(kinds))
            met_429 = sum(1 for f in self.faults if _kind(f) == "429" and f.hits)
            if kind == "429" and ("429" in pending or met_429 >= self.max_429):
                kind = "500"
            armed[method] = self._inject(method, kind)

    def _inject(self, method: str, kind: str) -> Fault:
        if kind == "late":
            fault = self.fake.inject(method, delay=self.late_answer)
        elif kind == "drop":
            fault = self.fake.inject(method, drop=True)
        elif kind == "429":
            fault = self.fake.inject(method, status=429, retry_after=1)
        else:
            fault = self.fake.inject(method, status=int(kind))
        self.faults.append(fault)
        return fault


def _kind(fault: Fault) -> str:
    return "late" if fault.kind == "delay" else fault.kind
