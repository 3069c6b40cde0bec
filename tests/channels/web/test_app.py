"""The web chat over HTTP: the URL is the state, typed words travel by POST, nothing is kept."""

from __future__ import annotations

import logging
from urllib.parse import parse_qs, urlsplit

import pytest

from bot.channels.web.app import (
    MAX_FORM_BYTES,
    WebChat,
    WebOptions,
    build_web_app,
    preferred_language,
)
from bot.channels.web.assets import IN_PLACE_HEADER
from bot.content import Content, ContentStore
from bot.flows.events import Typed
from bot.flows.state import State
from tests.channels.web.conftest import QUICK_EXIT_URL, Client
from tests.channels.web.reading import Page, read_page
from tests.helpers.kept_words import containers_holding, made_up_word


async def get(client: Client, query: str = "", language: str | None = None) -> Page:
    headers = {"Accept-Language": language} if language else {}
    async with client.get("/" + query, headers=headers) as response:
        assert response.status == 200
        assert response.content_type == "text/html"
        return read_page(await response.text())


async def post(client: Client, text: str, language: str = "en") -> Page:
    async with client.post("/", data={"q": text, "l": language}) as response:
        assert response.status == 200
        return read_page(await response.text())


def state_of(href: str) -> str:
    """The packed State a button's link carries."""
    return parse_qs(urlsplit(href).query)["s"][0]


async def test_the_start_page_is_the_welcome_screen_in_the_browsers_language(
    client: Client,
) -> None:
    english = await get(client)
    assert english.language == "en"
    assert english.headings[0] == "Find help, safely"
    spanish = await get(client, language="es-MX,es;q=0.9,en;q=0.8")
    assert spanish.language == "es"
    assert spanish.headings[0] == "Encuentre ayuda, con seguridad"
    assert (await get(client, language="fr-FR,fr;q=0.9")).language == "en"


async def test_a_buttons_link_carries_the_next_state_and_opens_its_screen(
    client: Client,
) -> None:
    welcome = await get(client)
    legal = welcome.link("⚖️ Legal help")
    assert state_of(legal.href) == State("choose_region", "en", "legal").pack()
    places = await get(client, "?s=" + state_of(legal.href))
    king = places.link("Seattle and King County")
    results = await get(client, "?s=" + state_of(king.href))
    assert results.headings[0] == "Legal help · Seattle and King County"
    assert "tel:+12062677100" in results.hrefs("tel:")  # King County Bar Association


async def test_a_forged_or_stale_state_lands_on_the_start_screen(client: Client) -> None:
    for forged in ("1.results.en.legal.nowhere.0.", "2.welcome.en....", "x" * 500, "<script>"):
        page = await get(client, "?s=" + forged)
        assert page.headings[0] == "Find help, safely", forged


async def test_a_deep_link_opens_the_screen_it_names(client: Client) -> None:
    page = await get(client, "?start=legal_wa-king_es")
    assert page.language == "es"
    assert page.headings[0] == "Ayuda legal · Seattle y el condado de King"
    unknown = await get(client, "?start=nothing_we_know")
    assert unknown.headings[0] == "Find help, safely"


async def test_a_printed_cards_code_opens_the_help_it_stands_for(
    client: Client, content: Content
) -> None:
    code = next(
        code
        for code, card in content.flow.card_codes.items()
        if (card.category, card.region, card.language) == ("legal", "wa-king", None)
    )
    page = await get(client, f"?start={code}", language="es")
    assert page.headings[0] == "Ayuda legal · Seattle y el condado de King"
    assert code not in "".join(link.href for link in page.links)  # the code goes no further


async def test_typed_words_are_searched_and_never_written_anywhere(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    found = await post(client, "I need a lawyer qzxvw")
    assert "Here is what I found" in found.text
    assert found.hrefs("tel:")
    spanish = await post(client, "necesito un abogado", language="es")
    assert spanish.language == "es"
    assert "qzxvw" not in caplog.text and "abogado" not in caplog.text
    for page in (found, spanish):  # the words are in no link the page offers either
        assert all("qzxvw" not in link.href and "abogado" not in link.href for link in page.links)


async def test_no_word_typed_is_kept_by_the_server_after_its_answer(client: Client) -> None:
    typed = [made_up_word("zorb", "laxing"), made_up_word("quim", "boltes")]
    assert "Here is what I found" in (await post(client, f"lawyer {typed[0]}")).text
    in_place = {"q": f"me violaron {typed[1]}", "l": "es"}  # as the page's script sends it
    async with client.post("/", data=in_place, headers={IN_PLACE_HEADER: "1"}) as response:
        assert response.status == 200
        await response.read()
    del in_place, response
    assert containers_holding(typed) == []


async def test_emergency_words_bring_the_emergency_lines_first(client: Client) -> None:
    english = await post(client, "he is hurting me")
    assert english.headings[0] == "🆘 If you are in danger"
    assert "tel:911" in english.hrefs("tel:")
    spanish = await post(client, "estoy en peligro", language="en")
    assert spanish.language == "es"
    assert spanish.headings[0] == "🆘 Si está en peligro"


async def test_a_question_about_the_site_opens_its_privacy_page(client: Client) -> None:
    """Followed through the 303, as a browser without script does: the privacy page, in the
    web's own words (this site, not this bot or Telegram)."""
    english = await post(client, "will you call the police?")
    assert english.headings[0] == "🔒 Your privacy"
    assert "This site never contacts the police, immigration or anyone else" in english.text
    spanish = await post(client, "¿esto es confidencial?", language="en")
    assert spanish.language == "es"
    assert "Este sitio nunca se comunica con la policía" in spanish.text


async def test_a_blank_or_broken_search_shows_the_start_screen(client: Client) -> None:
    assert (await post(client, "   ")).headings[0] == "Find help, safely"
    async with client.post("/", data=b"\xff\xfe", headers={"Content-Type": "text/plain"}) as r:
        assert read_page(await r.text()).headings[0] == "Find help, safely"
    too_long = {"q": "lawyer " * (MAX_FORM_BYTES // 7 + 1), "l": "en"}  # over the limit
    async with client.post("/", data=too_long) as response:
        assert response.status == 200
        assert read_page(await response.text()).headings[0] == "Find help, safely"


async def test_numbers_are_tappable_calls_and_texts(client: Client) -> None:
    page = await get(client, "?s=" + State("emergency", "en").pack())
    hrefs = [link.href for link in page.links]
    assert "tel:911" in hrefs
    assert "tel:988" in hrefs and "sms:988" in hrefs
    assert "tel:+18883737888" in hrefs  # the trafficking hotline
    assert page.link("📞 Call +1 888-373-7888").attributes["class"] == "reach"
    texting = await post(client, "crisis text line")
    assert "sms:741741?&body=HOME" in [link.href for link in texting.links]


async def test_a_vanity_number_is_shown_but_not_dialled(client: Client) -> None:
    page = await post(client, "runaway safeline")
    assert "1-800-RUNAWAY" in page.text
    assert not [href for href in page.hrefs("tel:") if "RUNAWAY" in href.upper()]


async def test_websites_open_with_no_referrer(client: Client) -> None:
    page = await get(client, "?s=" + State("results", "en", "legal", "wa-king").pack())
    websites = [link for link in page.links if link.href.startswith("https://www.kcba.org")]
    assert websites and websites[0].attributes["rel"] == "noreferrer"


async def test_every_page_leaves_nothing_behind(client: Client) -> None:
    for request in (client.get("/"), client.post("/", data={"q": "lawyer", "l": "en"})):
        async with request as response:
            headers = response.headers
            assert "Set-Cookie" not in headers
            assert headers["Cache-Control"] == "no-store, max-age=0"
            assert headers["Referrer-Policy"] == "no-referrer"
            assert headers["X-Content-Type-Options"] == "nosniff"
            assert headers["X-Robots-Tag"] == "noindex, nofollow"
            assert headers["X-Frame-Options"] == "DENY"
            policy = headers["Content-Security-Policy"]
            assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
            assert "http" not in policy  # nothing from any other site
            page = read_page(await response.text())
            assert page.title == "Community info"  # the same neutral title on every screen


async def test_quick_exit_is_on_every_page_and_works_without_script(client: Client) -> None:
    for page in (await get(client), await post(client, "shelter"), await post(client, "911")):
        exit_link = page.links[0]  # first in the page, and in the focus order
        assert exit_link.text == "Quick exit"
        assert exit_link.href == QUICK_EXIT_URL
        assert exit_link.attributes["target"] == "_top"  # leaves a framing page too
        assert "private (incognito) window" in page.text


async def test_the_erase_screen_says_what_a_browser_keeps_and_clears_this_sites_data(
    client: Client,
) -> None:
    welcome = await get(client)
    erase = welcome.link("🧹 Delete history")
    async with client.get("/?s=" + state_of(erase.href)) as response:
        assert response.headers["Clear-Site-Data"] == '"cache", "cookies", "storage"'
        page = read_page(await response.text())
    assert "there is nothing here to delete" in page.text
    assert "Telegram" not in page.text


async def test_no_screen_speaks_of_telegram(client: Client, content: Content) -> None:
    for screen in content.flow.screens:
        for language in content.flow.languages:
            page = await get(client, "?s=" + State(screen, language, "legal", "wa-king").pack())
            assert "Telegram" not in page.text, (screen, language)


async def test_framing_is_allowed_only_to_the_sites_named(content: Content) -> None:
    from aiohttp.test_utils import TestClient, TestServer

    options = WebOptions(frame_ancestors="https://org.example https://www.org.example")
    chat = WebChat(ContentStore(content), options)
    async with TestClient(TestServer(build_web_app(chat))) as client, client.get("/") as response:
        policy = response.headers["Content-Security-Policy"]
        assert "frame-ancestors https://org.example https://www.org.example" in policy
        assert "X-Frame-Options" not in response.headers
    itself = WebChat(ContentStore(content), WebOptions(frame_ancestors="'self'"))
    async with TestClient(TestServer(build_web_app(itself))) as client, client.get("/") as response:
        assert "frame-ancestors 'self'" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Frame-Options"] == "SAMEORIGIN"


async def test_the_web_screens_are_counted_apart_from_telegram(
    client: Client, chat: WebChat
) -> None:
    await get(client, "?s=" + State("results", "en", "legal", "wa-king").pack())
    await post(client, "I need a lawyer")
    registry = chat.metrics.registry
    labels = {"channel": "web", "screen": "results", "category": "legal", "region": "wa-king"}
    assert registry.get_sample_value("bot_screens_shown_total", labels) == 1
    assert registry.get_sample_value("bot_searches_total", {"channel": "web", "found": "true"})
    assert "lawyer" not in chat.metrics.exposition().decode()


def test_the_browsers_languages_are_read_by_their_weights() -> None:
    languages = ("en", "es")
    assert preferred_language("es-MX,es;q=0.9,en;q=0.8", languages) == "es"
    assert preferred_language("fr;q=1, en;q=0.5, es;q=0.7", languages) == "es"
    assert preferred_language("en-US", languages) == "en"
    assert preferred_language("de, fr", languages) is None
    assert preferred_language("es;q=0, en;q=0.1", languages) == "en"
    assert preferred_language("es;q=nonsense, en", languages) == "en"
    assert preferred_language(None, languages) is None
    assert preferred_language(",;=;q", languages) is None


async def test_text_only_cards_link_their_texting_numbers(client: Client) -> None:
    page = await get(client, "?s=" + State("emergency", "en", text_only=True).pack())
    assert "sms:988" in page.hrefs("sms:")
    assert "sms:233733" in page.hrefs("sms:")  # the trafficking hotline, by text
    assert "tel:+18883737888" not in page.hrefs("tel:")  # its voice line is left out


async def test_a_failure_shows_the_start_screen_and_logs_only_its_kind(
    client: Client, chat: WebChat, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = chat._engine.of(chat.store.current)
    handle = engine.handle

    def failing(event: object, now: object) -> object:
        if isinstance(event, Typed):
            raise ValueError(f"could not read {event.text!r}")
        return handle(event, now)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "handle", failing)
    page = await post(client, "my secret words")
    assert page.headings[0] == "Find help, safely"
    assert "Sorry, something went wrong" in page.text
    assert "Answering a web page failed: ValueError" in caplog.text
    assert "secret" not in caplog.text
    assert chat.metrics.registry.get_sample_value("bot_errors_total", {"kind": "web"}) == 1


def test_the_web_engine_shares_the_served_engines_reading_and_only_rewords(
    chat: WebChat, content: Content
) -> None:
    web_engine = chat._engine.of(content)
    assert web_engine.understanding is content.engine.understanding  # not built a second time
    assert web_engine.flow.translations is not content.flow.translations
    assert web_engine.flow.screens is content.flow.screens
