"""Stopping the bot in the middle of a burst loses nothing: by webhook, an update gets its 200
only once it is handled, so what a stop finishes is answered and what it gives up (503) comes
back; by polling, an update is confirmed to Telegram only once it is in hand. What was not taken
yet waits at Telegram for the next start, and every person is answered exactly once across the
restart."""

from __future__ import annotations

import asyncio

import pytest

from bot.channels.telegram.app import CONCURRENT_UPDATES
from bot.content import Content
from tests.fakes.bot_api.server import FakeBotApi
from tests.helpers.telegram_bot import MODES, Mode, answers, running_bot

PEOPLE = 200
IN_FLIGHT = CONCURRENT_UPDATES  # all handled at once: none waits for a place


async def test_the_updates_in_hand_when_a_stop_begins_are_finished(
    fake_bot_api: FakeBotApi, content: Content
) -> None:
    people = [fake_bot_api.user() for _ in range(IN_FLIGHT)]
    async with running_bot(fake_bot_api, content, "webhook"):
        fake_bot_api.inject("sendMessage", status=500, delay=1.0, times=IN_FLIGHT)  # then a retry
        for person in people:
            await person.start()
        sends = fake_bot_api.calls_to
        await fake_bot_api.wait_for(lambda: len(sends("sendMessage")) == IN_FLIGHT, timeout=30)
        in_flight = sum(1 for person in people if not answers(person))
    # The stop began with every update in hand and none answered yet...
    assert in_flight == IN_FLIGHT
    # ...and finished every one of them, each answered 200 only then.
    assert [answers(person) for person in people] == [1] * IN_FLIGHT
    assert {a.status for a in fake_bot_api.webhook_attempts} == {200}
    assert fake_bot_api.pending_updates == []


async def test_what_a_stop_cannot_finish_in_time_is_given_back_and_answered_after(
    fake_bot_api: FakeBotApi, content: Content
) -> None:
    people = [fake_bot_api.user() for _ in range(IN_FLIGHT)]
    async with running_bot(fake_bot_api, content, "webhook", shutdown_seconds=0.5):
        fake_bot_api.inject("sendMessage", status=500, delay=3.0, times=IN_FLIGHT)
        for person in people:
            await person.start()
        sends = fake_bot_api.calls_to
        await fake_bot_api.wait_for(lambda: len(sends("sendMessage")) == IN_FLIGHT, timeout=30)
    # Not one could be answered within the half second: each got 503 (or, once the bot stopped
    # listening, no connection), and Telegram kept it.
    assert sum(map(answers, people)) == 0
    assert 503 in {a.status for a in fake_bot_api.webhook_attempts}
    assert 200 not in {a.status for a in fake_bot_api.webhook_attempts}
    assert len(fake_bot_api.pending_updates) == IN_FLIGHT

    async with running_bot(fake_bot_api, content, "webhook"):  # the next start (or replica)
        await fake_bot_api.wait_for(lambda: not fake_bot_api.pending_updates, timeout=30)
    assert [answers(person) for person in people] == [1] * IN_FLIGHT


@pytest.mark.parametrize("mode", MODES)
async def test_a_stop_in_the_middle_of_a_burst_loses_no_one(
    fake_bot_api: FakeBotApi, content: Content, mode: Mode
) -> None:
    people = [fake_bot_api.user() for _ in range(PEOPLE)]

    async def arrive() -> None:  # one person every 5 ms, whether the bot runs or not
        for person in people:
            await person.start()
            await asyncio.sleep(0.005)

    arriving = asyncio.create_task(arrive())
    # What is given up at the deadline may have been answered already (its message sent, its
    # handler not yet done): Telegram delivers it again, and a restart without Redis answers it
    # twice. The deadline has its own tests above; this one is about a stop that finishes, so
    # it gets a deadline a busy test machine cannot reach.
    async with running_bot(fake_bot_api, content, mode, shutdown_seconds=60):
        await fake_bot_api.wait_for(lambda: sum(map(answers, people)) >= PEOPLE // 4)
    await arriving
    confirmed = {u.update_id for u in fake_bot_api.updates if u.status == "confirmed"}
    waiting = {u.update_id for u in fake_bot_api.pending_updates}
    assert confirmed | waiting == {u.update_id for u in fake_bot_api.updates}
    assert waiting, "the stop came after the burst: nothing tested"
    # Whatever Telegram counts as delivered was answered.
    assert sum(map(answers, people)) == len(confirmed)

    async with running_bot(fake_bot_api, content, mode):  # the next start takes the rest
        await fake_bot_api.wait_for(lambda: all(map(answers, people)), timeout=30)
        await fake_bot_api.wait_for(lambda: not fake_bot_api.pending_updates)
    assert [answers(person) for person in people] == [1] * PEOPLE  # each exactly once
