"""WEB_CHAT=true: the web chat at / of the webhook server, beside Telegram, on one content and
one set of counters."""

from __future__ import annotations

import aiohttp

from bot.content import Content
from tests.channels.web.reading import read_page
from tests.fakes.bot_api.server import FakeBotApi
from tests.helpers.telegram_bot import running_bot


async def test_the_webhook_server_serves_the_web_chat_too(
    fake_bot_api: FakeBotApi, content: Content
) -> None:
    async with running_bot(fake_bot_api, content, "webhook", web_chat=True) as application:
        base = f"http://127.0.0.1:{application.settings.port}"
        person = fake_bot_api.user()
        await person.start()
        await person.wait_for_reply()
        async with aiohttp.ClientSession() as session:
            async with session.get(base + "/?start=legal_wa-king") as response:
                assert response.status == 200
                assert response.headers["Cache-Control"] == "no-store, max-age=0"
                page = read_page(await response.text())
            async with session.post(base + "/", data={"q": "abogado", "l": "es"}) as response:
                assert read_page(await response.text()).language == "es"
            async with session.get(base + "/metrics") as response:
                metrics = await response.text()
    assert page.headings[0] == "Legal help · Seattle and King County"
    assert 'bot_screens_shown_total{category="legal",channel="web"' in metrics
    assert 'bot_screens_shown_total{category="none",channel="telegram"' in metrics
    assert 'bot_searches_total{channel="web",found="true"} 1.0' in metrics


async def test_without_web_chat_the_webhook_server_serves_no_page(
    fake_bot_api: FakeBotApi, content: Content
) -> None:
    async with running_bot(fake_bot_api, content, "webhook") as application:
        url = f"http://127.0.0.1:{application.settings.port}/"
        async with aiohttp.ClientSession() as session, session.get(url) as response:
            assert response.status == 404
