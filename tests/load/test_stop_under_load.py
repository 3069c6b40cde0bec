"""Stopping the bot in the middle of a burst loses nothing: by webhook, a 200 means the update
is handled even if the bot is told to stop right after; by polling, an update is confirmed to
Telegram only once it is in hand. What was not taken yet waits at Telegram for the next start,
and every person is answered exactly once across the restart."""

from __future__ import annotations

import asyncio

import pytest

from bot.channels.telegram.app import CONCURRENT_UPDATES
from bot.content import Content
from tests.fakes.bot_api.server import FakeBotApi
from tests.helpers.telegram_bot import MODES, Mode, answers, running_bot

PEOPLE = 200
IN_FLIGHT = CONCURRENT_UPDATES  # all handled at once: none waits for a place


async def test_every_update_answered_200_is_handled_though_the_bot_then_stops(
    fake_bot_api: FakeBotApi, content: Content
) -> None:
    people = [fake_bot_api.user() for _ in range(IN_FLIGHT)]
    async with running_bot(fake_bot_api, content, "webhook"):
        fake_bot_api.inject("sendMessage", status=500, delay=1.0, times=IN_FLIGHT)  # then a retry
        for person in people:
            await person.start()
        await fake_bot_api.wait_for(lambda: not fake_bot_api.pending_updates, timeout=30)
        in_flight = sum(1 for person in people if not answers(person))
    # The stop began with every update accepted (200) and none answered yet...
    assert in_flight == IN_FLIGHT
    assert {a.status for a in fake_bot_api.webhook_attempts} == {200}
    # ...and finished every one of them.
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
    async with running_bot(fake_bot_api, content, mode):
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
