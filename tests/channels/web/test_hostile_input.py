"""Hostile input through the web chat's HTTP side: forged links, deep links, Accept-Language
headers and typed words never break a page, never lose its protections, and never come back
as markup."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
from aiohttp.test_utils import TestClient, TestServer
from hypothesis import example, given, settings
from hypothesis import strategies as st
from multidict import CIMultiDictProxy

from bot.channels.web.app import WebChat, build_web_app
from bot.content import Content, ContentStore
from tests.channels.web.conftest import Client
from tests.fuzz.budget import EXAMPLES, FUZZ
from tests.fuzz.strategies import deep_link_payloads, forged_callback_data, hostile_text
from tests.helpers.content import WEDNESDAY_MORNING

# Every element a page is made of: anything else would have come from the input.
TAGS = frozenset(
    [
        "html",
        "head",
        "meta",
        "title",
        "link",
        "style",
        "body",
        "header",
        "span",
        "a",
        "main",
        "h1",
        "h2",
        "p",
        "div",
        "nav",
        "ul",
        "li",
        "form",
        "label",
        "input",
        "button",
        "footer",
        "script",
    ]
)
LINKS = ("./?s=", "tel:", "sms:", "https://", "http://")
SOME = settings(FUZZ, max_examples=max(10, EXAMPLES // 10))  # each goes through HTTP
languages = (
    st.none()
    | st.sampled_from(("es-MX,es;q=0.9", "fr", "*", "en;q=x"))
    | hostile_text(max_pieces=3)
)


@pytest.fixture
def served(content: Content) -> Iterator[tuple[asyncio.AbstractEventLoop, Client]]:
    """The web chat on a test server, driven from a loop of its own (hypothesis is sync)."""
    chat = WebChat(ContentStore(content), clock=lambda: WEDNESDAY_MORNING)
    loop = asyncio.new_event_loop()
    client: Client = TestClient(TestServer(build_web_app(chat)), loop=loop)
    loop.run_until_complete(client.start_server())
    try:
        yield loop, client
    finally:
        loop.run_until_complete(client.close())
        loop.close()


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(name, value or "") for name, value in attrs]


MAX_REQUEST_LINE = 8190 - len("GET  HTTP/1.1")  # aiohttp's limit on the request line


def assert_a_safe_page(status: int, headers: CIMultiDictProxy[str], body: str) -> None:
    assert status == 200
    assert headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert headers["Cache-Control"] == "no-store, max-age=0"
    assert body.startswith("<!doctype html>") and body.endswith("</html>")
    elements = _Elements()
    elements.feed(body)
    assert set(elements.tags) <= TAGS, set(elements.tags) - TAGS
    assert elements.tags.count("script") == 1  # its own
    assert not [name for name, _ in elements.attributes if name.startswith("on")]
    hrefs = [value for name, value in elements.attributes if name == "href"]
    assert all(href.startswith(LINKS) or href in ("#", "data:,") for href in hrefs), hrefs


def header_safe(text: str | None) -> dict[str, str]:
    if text is None or any(c in text for c in "\r\n\0") or not text.isprintable():
        return {}
    return {"Accept-Language": text}


def test_forged_links_and_deep_links_give_a_safe_page(
    served: tuple[asyncio.AbstractEventLoop, Client],
) -> None:
    loop, client = served

    async def fetch(params: dict[str, str], headers: dict[str, str]) -> None:
        async with client.get("/", params=params, headers=headers) as response:
            if len(str(response.url.raw_path_qs)) > MAX_REQUEST_LINE:
                # Refused by aiohttp's parser before the app sees it: a plain 400, no page.
                assert response.status == 400
                assert response.content_type == "text/plain"
                return
            assert_a_safe_page(response.status, response.headers, await response.text())

    @SOME
    @given(
        data=forged_callback_data(),
        payload=deep_link_payloads() | hostile_text(max_pieces=5),
        language=languages,
    )
    @example(data="é" * 1400, payload="", language=None)  # a link too long for aiohttp
    def check(data: str | bytes | None, payload: str, language: str | None) -> None:
        text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
        params = {"s": text} if text is not None else {"start": payload}
        loop.run_until_complete(fetch(params, header_safe(language)))

    check()


def test_typed_words_give_a_safe_page_and_are_not_echoed(
    served: tuple[asyncio.AbstractEventLoop, Client],
) -> None:
    loop, client = served

    async def post(form: dict[str, str]) -> str:
        async with client.post("/", data=form) as response:
            body = await response.text()
            assert_a_safe_page(response.status, response.headers, body)
            return body

    @SOME
    @given(words=hostile_text(max_pieces=8), language=st.sampled_from(("en", "es", "", "x<y")))
    def check(words: str, language: str) -> None:
        loop.run_until_complete(post({"q": words, "l": language}))

    check()
    marker = 'zq"><script>alert(1)</script>xv'
    assert marker not in loop.run_until_complete(post({"q": marker, "l": "en"}))
