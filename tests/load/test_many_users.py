"""A thousand people at once, through the webhook: every one gets every screen of their own
session, and no one ever sees anyone else's screen."""

from __future__ import annotations

import asyncio
import itertools

import pytest

from bot.channels.telegram.app import BotApplication, build_application
from bot.channels.telegram.run import running
from bot.content import Content, ContentStore
from tests.fakes.bot_api.server import FakeBotApi
from tests.helpers.content import WEDNESDAY_MORNING
from tests.helpers.telegram_bot import bot_settings
from tests.load.crowd import Crowd, Journey, Shown, journey, paths, percentile

PEOPLE = 1000
NOW = WEDNESDAY_MORNING


def errors_counted(application: BotApplication) -> float:
    registry = application.services.metrics.registry
    return sum(
        registry.get_sample_value("bot_errors_total", {"kind": kind}) or 0.0
        for kind in ("bot", "telegram")
    )


def report(capsys: pytest.CaptureFixture[str], title: str, latencies: list[float]) -> None:
    with capsys.disabled():
        print(
            f"\n{title}: {len(latencies)} screens, latency from the person's action to the "
            f"bot's screen p50 {percentile(latencies, 0.5) * 1000:.0f} ms, "
            f"p99 {percentile(latencies, 0.99) * 1000:.0f} ms, "
            f"max {max(latencies) * 1000:.0f} ms"
        )


@pytest.mark.slow
async def test_a_thousand_people_at_once_each_see_only_their_own_screens(
    fake_bot_api: FakeBotApi, content: Content, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = bot_settings(fake_bot_api, "webhook", erase_note_seconds=600)
    application = build_application(settings, ContentStore(content), clock=lambda: NOW)
    journeys = [journey(content.engine, path, NOW) for path in paths(content, PEOPLE)]
    people = [fake_bot_api.user(language_code=j.path.language) for j in journeys]

    async with running(application), Crowd(fake_bot_api) as crowd:
        await asyncio.gather(*(crowd.walk(p, j) for p, j in zip(people, journeys, strict=True)))
        shown = {p.id: [Shown.of_view(v) for v in crowd.outputs(p)] for p in people}
        visible = {p.id: [m.from_bot for m in p.visible_messages()] for p in people}
        errors = errors_counted(application)

    report(capsys, f"{PEOPLE} people through the webhook", crowd.latencies)
    assert errors == 0
    assert fake_bot_api.unanswered_callback_queries() == []
    assert {u.status for u in fake_bot_api.updates} == {"confirmed"}
    assert {a.status for a in fake_bot_api.webhook_attempts} == {200}  # not one retry needed
    for person, trip in zip(people, journeys, strict=True):
        # Exactly their own screens, in order, once each: never one of someone else's.
        assert shown[person.id] == trip.screens, person.id
        expected_chat = [True] if trip.path.erase else [False, True, False, True]
        assert visible[person.id] == expected_chat, person.id
    assert_paths_differ(journeys)


def assert_paths_differ(journeys: list[Journey]) -> None:
    """Neighbours' final screens differ, so a screen sent to the wrong chat would show."""
    finals = [j.results for j in journeys]
    assert len(set(finals)) >= 40
    assert all(a != b for a, b in itertools.pairwise(finals))
