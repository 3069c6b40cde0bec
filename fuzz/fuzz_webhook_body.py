"""Atheris harness: any body POSTed to the running bot's webhook, with the right secret (the
worst case: someone who has it, or Telegram itself gone wrong).

The real bot (build_application, webhook mode, python -m bot run's `running`) and the fake
Bot API server run on one event loop in this process; each input is one POST over loopback.
The answer must be a clear status (200 queued, 400 not an update, 413 too large) within a
few seconds; an update that was queued must be handled without any exception escaping a
handler; and every 200 inputs an ordinary message from a person must still be answered.

    python fuzz/fuzz_webhook_body.py [corpus] -max_total_time=60    # or fuzz/run.py
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bot`, `fuzz` and `tests` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

os.environ.setdefault("PTB_TIMEDELTA", "true")  # as `python -m bot run` does

import atheris

with atheris.instrument_imports(include=["bot"]):
    from bot.content import load_content
    from bot.directory.entries import LoadOptions

from fuzz.seeds import PERSON_ID
from tests.fakes.bot_api.server import FakeBotApi
from tests.fuzz.live_bot import LiveBot, live_bot
from tests.helpers.content import WEDNESDAY_MORNING

CLEAR = {200, 400, 413}
SECONDS_PER_POST = 5.0
CHECK_EVERY = 200


class Harness:
    """The running bot and its fake Telegram, kept for the whole run."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.stack = contextlib.AsyncExitStack()
        self.count = 0
        self.live: LiveBot | None = None

    async def start(self) -> None:
        loaded = load_content(options=LoadOptions(today=dt.date(2026, 11, 28))).content
        assert loaded is not None, "the shipped content does not load"
        fake = FakeBotApi()
        await fake.start()
        self.stack.push_async_callback(fake.stop)
        self.live = await self.stack.enter_async_context(live_bot(fake, loaded, WEDNESDAY_MORNING))
        self.meet_the_seeds_person()

    def meet_the_seeds_person(self) -> None:
        """The person of the seeds (fuzz/seeds.py), who has opened the bot."""
        assert self.live is not None
        person = self.live.fake.user(PERSON_ID)
        person.account.started = True

    async def check(self, body: bytes) -> None:
        live = self.live
        assert live is not None
        errors = live.bot_errors()
        async with asyncio.timeout(SECONDS_PER_POST):
            answer = await live.post(body)
        assert answer.status in CLEAR, answer
        if answer.status == 200:
            await live.idle()
            assert live.bot_errors() == errors, "an exception escaped a handler"
        self.count += 1
        if self.count % CHECK_EVERY == 0:
            live.fake.forget_history(chats=True)  # the fake's records stay small on long runs
            self.meet_the_seeds_person()
            person = live.fake.user()
            await person.send_text("lawyer")
            reply = await person.wait_for_reply()
            assert reply.text.startswith("Here is what I found"), "it stopped serving"


HARNESS = Harness()


def test_one_input(data: bytes) -> None:
    HARNESS.loop.run_until_complete(HARNESS.check(data))


def main() -> None:
    HARNESS.loop.run_until_complete(HARNESS.start())
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
