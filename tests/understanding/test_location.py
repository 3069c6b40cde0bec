"""A shared location, end to end over real HTTP: it picks the region for that one answer and
is then gone: not in any button, log line or counter."""

from __future__ import annotations

import logging

import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.content import Content
from bot.flows.state import unpack
from tests.fakes.bot_api.server import FakeBotApi
from tests.helpers.telegram_bot import running_bot

TACOMA = (47.2529, -122.4443)  # Pierce County: Washington-wide help, not King County's
DIGITS = ("47.25", "122.44", "4725", "12244")


async def test_a_location_in_tacoma_gets_washington_help_and_leaves_no_trace(
    fake_bot_api: FakeBotApi, content: Content, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    person = fake_bot_api.user(language_code="en")
    async with running_bot(fake_bot_api, content, "webhook") as application:
        await person.send_location(*TACOMA)
        screen = await person.wait_for_reply()
        metrics = application.services.metrics.exposition().decode()

    assert "I don't have services listed in Pierce County, Washington yet" in screen.text
    assert "Washington State" in screen.text
    assert "King County Bar Association" not in screen.text
    assert "Serves: Seattle and King County" not in screen.text
    assert "I used your location only for this answer, and did not keep it." in screen.text
    for row in screen.buttons:
        for button in row:
            state = unpack(button.callback_data)
            assert state is not None, button
            assert state.region in (None, "wa")  # what the place menu offers, nothing finer
            assert not any(d in (button.callback_data or "") for d in DIGITS)
    # The bot's own log lines (the libraries' are capped in production: see test_privacy.py,
    # which runs the whole bot at DEBUG with a shared location and searches its output).
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("bot"))
    for digits in DIGITS:
        assert digits not in logged
        assert digits not in metrics
    shown = [
        sample.labels
        for family in text_string_to_metric_families(metrics)
        for sample in family.samples
        if sample.name == "bot_screens_shown_total"
    ]
    assert shown and all(labels["region"] == "none" for labels in shown)  # not counted by place
