"""GET /metrics: counters move as people use the bot, and hold nothing anyone typed."""

from __future__ import annotations

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

from bot.content import Content
from tests.fakes.bot_api.server import FakeBotApi, FakeUser
from tests.helpers.telegram_bot import free_port, running_bot

TYPED = ["I need a lawyer qwzxv", "plughxyzzy", "estoy en peligro"]


async def read_metrics(
    url: str,
) -> tuple[str, dict[tuple[str, tuple[tuple[str, str], ...]], float]]:
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        assert response.status == 200
        assert response.content_type == "text/plain"
        text = await response.text()
    samples = {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }
    return text, samples


async def drive_a_session(fake_bot_api: FakeBotApi) -> FakeUser:
    person = fake_bot_api.user(first_name="Metricus", username="metricus_private")
    await person.start()
    await person.wait_for_reply()
    await person.press("⚖️ Legal help")
    await person.wait_for_reply()
    await person.press("Seattle and King County")
    await person.wait_for_reply()
    for text in TYPED:
        await person.send_text(text)
        await person.wait_for_reply()
    await person.press("🧹 Borrar")  # the emergency screen answered in Spanish
    await person.wait_for_reply()
    return person


def assert_counted_and_anonymous(
    text: str, samples: dict[tuple[str, tuple[tuple[str, str], ...]], float], person: FakeUser
) -> None:
    results = (
        "bot_screens_shown_total",
        (
            ("category", "legal"),
            ("channel", "telegram"),
            ("region", "wa-king"),
            ("screen", "results"),
        ),
    )
    assert samples[results] == 1
    telegram = ("channel", "telegram")
    assert samples[("bot_searches_total", (telegram, ("found", "true")))] == 1
    assert samples[("bot_searches_total", (telegram, ("found", "false")))] == 1
    assert samples[("bot_emergency_screens_shown_total", (telegram,))] == 1
    assert samples[("bot_erase_used_total", (telegram,))] == 1
    for typed in TYPED:
        for word in typed.split():
            if len(word) > 4:
                assert word not in text
    for private in ("Metricus", "metricus_private", str(person.id), str(person.chat_id)):
        assert private not in text


async def test_metrics_on_the_webhook_server(fake_bot_api: FakeBotApi, content: Content) -> None:
    async with running_bot(fake_bot_api, content, "webhook") as application:
        person = await drive_a_session(fake_bot_api)
        text, samples = await read_metrics(f"http://127.0.0.1:{application.settings.port}/metrics")
    assert_counted_and_anonymous(text, samples, person)


async def test_metrics_on_their_own_port_in_polling_mode(
    fake_bot_api: FakeBotApi, content: Content
) -> None:
    port = free_port()
    async with running_bot(fake_bot_api, content, "polling", metrics_port=port):
        person = await drive_a_session(fake_bot_api)
        text, samples = await read_metrics(f"http://127.0.0.1:{port}/metrics")
    assert_counted_and_anonymous(text, samples, person)
