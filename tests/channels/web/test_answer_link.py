"""A search without script is seen other (303) at the link of what was understood: the browser
keeps that link, never the words; the page's script is answered in place."""

from __future__ import annotations

from bot.channels.web.app import MAX_FORM_BYTES, WebChat
from bot.channels.web.assets import IN_PLACE_HEADER, SCRIPT
from bot.flows.state import State
from tests.channels.web.conftest import Client
from tests.channels.web.reading import Page, read_page

WORDS = "I need a lawyer qzxvw"


async def seen_other(client: Client, text: str, language: str = "en") -> str:
    """Where a search without script is sent (the 303's Location), checked to be safe."""
    form = {"q": text, "l": language}
    async with client.post("/", data=form, allow_redirects=False) as response:
        assert response.status == 303
        headers = response.headers
        assert headers["Cache-Control"] == "no-store, max-age=0"
        assert headers["Referrer-Policy"] == "no-referrer"
        assert "default-src 'none'" in headers["Content-Security-Policy"]
        assert "Set-Cookie" not in headers
        assert not await response.read()
        return headers["Location"]


async def shown(client: Client, link: str) -> Page:
    async with client.get("/" + link.removeprefix("./")) as response:
        assert response.status == 200
        return read_page(await response.text())


async def in_place(client: Client, text: str, language: str = "en") -> Page:
    form = {"q": text, "l": language}
    async with client.post("/", data=form, headers={IN_PLACE_HEADER: "1"}) as response:
        assert response.status == 200
        assert not response.history  # answered at once
        return read_page(await response.text())


async def test_a_search_is_seen_other_at_its_states_link(client: Client) -> None:
    link = await seen_other(client, WORDS)
    assert link.startswith("./?s=1.search.en.legal.")
    assert "qzxvw" not in link and "lawyer" not in link
    page = await shown(client, link)
    assert "Here is what I found" in page.text
    assert page.headings == (await in_place(client, WORDS)).headings  # the same services


async def test_emergency_words_lead_to_the_emergency_screens_link(client: Client) -> None:
    link = await seen_other(client, "estoy en peligro", language="en")
    assert link.startswith("./?s=1.emergency.es.")
    assert (await shown(client, link)).headings[0] == "🆘 Si está en peligro"


async def test_a_service_asked_for_by_name_is_named_by_its_id(client: Client) -> None:
    link = await seen_other(client, "polaris")
    assert link.endswith("&r=national-human-trafficking-hotline")
    assert "polaris" not in link
    page = await shown(client, link)
    assert page.headings[1:] == (await in_place(client, "polaris")).headings[1:]
    assert page.headings[1:] == ["National Human Trafficking Hotline"]


async def test_blank_or_broken_searches_lead_to_the_start_screen(client: Client) -> None:
    start = "./?s=" + State("welcome", "es").pack()  # in the page's language
    assert await seen_other(client, "   ", language="es") == start
    too_long = {"q": "lawyer " * (MAX_FORM_BYTES // 7 + 1), "l": "en"}  # over the limit
    async with client.post("/", data=too_long, allow_redirects=False) as response:
        assert response.status == 303
        assert response.headers["Location"] == "./?s=" + State("welcome", "en").pack()


async def test_forged_ids_give_the_states_own_page(client: Client) -> None:
    search = State("search", "en", "legal").pack()
    own = await shown(client, f"?s={search}")
    for ids in ("nowhere", "<script>", "x" * 2000, ""):
        assert (await shown(client, f"?s={search}&r={ids}")).headings == own.headings, ids
    results = State("results", "en", "legal", "wa-king").pack()
    listed = await shown(client, f"?s={results}&r=rainn")
    assert listed.headings == (await shown(client, f"?s={results}")).headings
    assert (await shown(client, "?s=forged&r=rainn")).headings[0] == "Find help, safely"


async def test_a_search_is_counted_once_when_its_answer_is_shown(
    client: Client, chat: WebChat
) -> None:
    await shown(client, await seen_other(client, WORDS))
    await in_place(client, "polaris")
    samples = chat.metrics.registry.get_sample_value
    assert samples("bot_searches_total", {"channel": "web", "found": "true"}) == 2
    assert "qzxvw" not in chat.metrics.exposition().decode()


async def test_the_answers_page_is_ready_when_the_browser_asks(
    client: Client, chat: WebChat
) -> None:
    link = await seen_other(client, WORDS)
    kept = dict(chat._pages._pages)
    assert [key[:2] for key in kept] == [("s", link.removeprefix("./?s="))]  # no words
    await shown(client, link)
    assert chat._pages._pages == kept  # served as it was kept, not rendered again
    assert all(chat._pages._pages[key] is page for key, page in kept.items())


def test_the_script_asks_for_its_answer_in_place() -> None:
    assert f'"{IN_PLACE_HEADER}": "1"' in SCRIPT
