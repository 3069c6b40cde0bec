"""Telegram failing while hundreds of people use the bot: 429s, 5xx, late answers and dropped
connections. The bot keeps serving, never crashes, never shows a person anyone else's screen,
and loses no update, by webhook and by polling (where getUpdates fails too)."""

from __future__ import annotations

import asyncio
import itertools

import pytest

from bot.channels.telegram.app import build_application
from bot.channels.telegram.run import running
from bot.content import Content, ContentStore
from tests.fakes.bot_api.server import FakeBotApi
from tests.helpers.content import WEDNESDAY_MORNING
from tests.helpers.telegram_bot import MODES, Mode, bot_settings
from tests.load.chaos import SENDING_METHODS, Chaos
from tests.load.crowd import Crowd, Journey, Shown, journey, paths
from tests.load.test_many_users import errors_counted, report

PEOPLE = 300
NOW = WEDNESDAY_MORNING


@pytest.mark.slow
@pytest.mark.parametrize("mode", MODES)
async def test_hundreds_of_people_are_served_while_telegram_keeps_failing(
    fake_bot_api: FakeBotApi, content: Content, mode: Mode, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = bot_settings(fake_bot_api, mode, api_timeout_seconds=0.5, erase_note_seconds=600)
    application = build_application(settings, ContentStore(content), clock=lambda: NOW)
    journeys = [journey(content.engine, path, NOW) for path in paths(content, PEOPLE)]
    people = [fake_bot_api.user(language_code=j.path.language) for j in journeys]
    methods: tuple[str, ...] = (*SENDING_METHODS, "getUpdates")
    cooldown = Chaos.cooldown
    if mode == "webhook":
        # A press is answered in the webhook's own answer (no call to fail) and the run is
        # shorter: the other methods are armed again sooner, still never twice in a retry chain
        # (a retry comes within 0.55 s, or after a 429's 1 s, and then within 0.55 s again).
        methods = tuple(m for m in SENDING_METHODS if m != "answerCallbackQuery")
        cooldown = 0.75

    async with running(application), Crowd(fake_bot_api) as crowd:
        async with Chaos(fake_bot_api, seed=6, methods=methods, cooldown=cooldown) as chaos:
            await asyncio.gather(*(crowd.walk(p, j) for p, j in zip(people, journeys, strict=True)))
        # Telegram is well again: someone new is served at once, with no trace of the storm.
        [late_trip] = [journey(content.engine, p, NOW) for p in paths(content, 1)]
        latecomer = fake_bot_api.user(language_code=late_trip.path.language)
        await crowd.walk(latecomer, late_trip)
        await fake_bot_api.wait_for(lambda: not fake_bot_api.unanswered_callback_queries())
        shown = {p.id: [Shown.of_view(v) for v in crowd.outputs(p)] for p in people}
        visible = {p.id: p.visible_messages() for p in people}
        latecomer_shown = [Shown.of_view(v) for v in crowd.outputs(latecomer)]
        errors = errors_counted(application)

    report(capsys, f"{PEOPLE} people by {mode}, faults {dict(chaos.hits())}", crowd.latencies)
    assert chaos.kinds_hit() >= {"429", "500", "502", "503", "late", "drop"}
    if mode == "polling":
        assert any(f.method == "getupdates" and f.hits for f in chaos.faults)
    assert errors == 0  # no handler failed: every fault was ridden out
    assert {u.status for u in fake_bot_api.updates} == {"confirmed"}  # no update lost
    for person, trip in zip(people, journeys, strict=True):
        assert_own_screens_in_order(shown[person.id], trip)
        bot_messages = [Shown.of_view(m) for m in visible[person.id] if m.from_bot]
        if trip.note is not None:
            # Erase deleted everything, a late duplicate too; a note sent twice stays twice.
            assert bot_messages and set(bot_messages) == {trip.note}, person.id
            assert not any(not m.from_bot for m in visible[person.id]), person.id
        else:
            assert bot_messages[-1] == trip.search, person.id
    assert latecomer_shown == late_trip.screens


def assert_own_screens_in_order(shown: list[Shown], trip: Journey) -> None:
    """The chat showed this person's screens in order, each maybe twice in a row (a send
    whose answer was lost is sent again), and nothing else: no one else's, no error screen."""
    distinct = [screen for screen, _ in itertools.groupby(shown)]
    assert distinct == trip.screens, [s.title for s in shown]
