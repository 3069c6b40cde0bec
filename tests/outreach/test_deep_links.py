"""Deep links checked against the shipped content, and the bot's username from the environment
or from a real getMe call to the fake Bot API server."""

from __future__ import annotations

import re
import socket
import traceback
from urllib.parse import parse_qs, urlsplit

import pytest

from bot.content import Content
from bot.flows.events import Start
from bot.outreach.deep_links import (
    BotApiError,
    LinkTarget,
    OutreachError,
    Vocabulary,
    deep_link,
    payload_for,
    resolve_username,
    web_chat_address,
    web_link,
)
from tests.fakes.bot_api.server import FakeBotApi
from tests.helpers.content import WEDNESDAY_MORNING


@pytest.fixture(scope="module")
def vocabulary(content: Content) -> Vocabulary:
    return Vocabulary.of(content)


@pytest.mark.parametrize(
    ("target", "payload"),
    [
        (LinkTarget(category="legal", region="wa-king"), "legal_wa-king"),
        (LinkTarget(category="legal", region="wa-king", language="es"), "legal_wa-king_es"),
        (LinkTarget(category="shelter"), "shelter"),
        (LinkTarget(region="wa"), "wa"),
        (LinkTarget(language="es", command="emergency"), "es_emergency"),
        (LinkTarget(command="privacy"), "privacy"),
    ],
)
def test_payloads(target: LinkTarget, payload: str, vocabulary: Vocabulary) -> None:
    assert payload_for(target, vocabulary) == payload


def test_no_target_is_the_plain_link(vocabulary: Vocabulary) -> None:
    assert payload_for(LinkTarget(), vocabulary) is None
    assert deep_link("SafeHarborBot", None) == "https://t.me/SafeHarborBot"


@pytest.mark.parametrize(
    ("target", "screen", "category", "region", "language"),
    [
        (LinkTarget(category="legal", region="wa-king", language="es"), "results", "legal",
         "wa-king", "es"),
        (LinkTarget(category="shelter"), "choose_region", "shelter", None, "en"),
        (LinkTarget(language="es", command="emergency"), "emergency", None, None, "es"),
    ],
)  # fmt: skip
def test_the_engine_opens_the_link_on_the_help_meant(
    target: LinkTarget,
    screen: str,
    category: str | None,
    region: str | None,
    language: str,
    content: Content,
    vocabulary: Vocabulary,
) -> None:
    link = deep_link("SafeHarborBot", payload_for(target, vocabulary))
    (payload,) = parse_qs(urlsplit(link).query)["start"]
    state = content.engine.handle(Start(payload=payload, language_code="en"), WEDNESDAY_MORNING)
    assert (state.state.screen, state.state.category, state.state.region) == (
        screen,
        category,
        region,
    )
    assert state.state.language == language


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (LinkTarget(category="legl"), "unknown category 'legl'; did you mean 'legal'?"),
        (LinkTarget(region="wa-kng"), "unknown region 'wa-kng'; did you mean 'wa-king'?"),
        (LinkTarget(language="fr"), "unknown language 'fr' (expected one of: en, es)"),
        (LinkTarget(command="emergncy"), "unknown command 'emergncy'; did you mean 'emergency'?"),
        (
            LinkTarget(category="legal", command="privacy"),
            "--command privacy opens its own screen: it cannot be combined with --category",
        ),
    ],
)
def test_unknown_ids_are_refused_with_a_suggestion(
    target: LinkTarget, message: str, vocabulary: Vocabulary
) -> None:
    with pytest.raises(OutreachError) as error:
        payload_for(target, vocabulary)
    assert message in str(error.value)


def test_usernames_are_checked() -> None:
    assert deep_link("@SafeHarborBot", "legal") == "https://t.me/SafeHarborBot?start=legal"
    for bad in ("", "ab", "safe harbor bot", "bot/../x", "x" * 33):
        with pytest.raises(OutreachError, match="is not a Telegram username"):
            deep_link(bad, "legal")


@pytest.mark.parametrize(
    ("given", "address"),
    [
        ("https://help.example.org", "https://help.example.org/"),
        (" https://help.example.org/chat ", "https://help.example.org/chat/"),
        ("https://Help.Example.org:8443/", "https://help.example.org:8443/"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080/"),  # trying it on this machine
    ],
)
def test_the_web_chats_address_is_checked_and_ends_in_a_slash(given: str, address: str) -> None:
    assert web_chat_address(given) == address
    assert web_link(address, "h5f") == f"{address}?start=h5f"
    assert web_link(address, None) == address


@pytest.mark.parametrize(
    ("given", "problem"),
    [
        ("help.example.org", "public https address"),
        ("http://help.example.org/", "public https address"),  # printed, then typed: https only
        ("ftp://help.example.org/", "public https address"),
        ("https:///chat", "public https address"),
        ("https://help.example.org:port/", "public https address"),
        ("https://staff:secret@help.example.org/", "must not hold a user name or password"),
        ("http://staff:secret@help.example.org/", "must not hold a user name or password"),
        ("staff:secret@help", "public https address"),
        ("https://help.example.org/?start=legal", "must not have a ?query or #fragment"),
        ("https://help.example.org/#top", "must not have a ?query or #fragment"),
    ],
)
def test_a_web_chat_address_that_cannot_be_printed_is_refused(given: str, problem: str) -> None:
    with pytest.raises(OutreachError, match=re.escape(problem)) as refused:
        web_chat_address(given)
    assert "secret" not in str(refused.value)


# --- the bot's username ----------------------------------------------------------------------


async def test_bot_username_wins_and_asks_nothing(fake_bot_api: FakeBotApi) -> None:
    environ = {
        "BOT_USERNAME": "@OutreachBot",
        "BOT_TOKEN": fake_bot_api.token,
        "TELEGRAM_API_BASE_URL": fake_bot_api.base_url,
    }
    assert await resolve_username(environ) == "OutreachBot"
    assert fake_bot_api.calls_to("getMe") == []


async def test_username_from_get_me(fake_bot_api: FakeBotApi) -> None:
    environ = {"BOT_TOKEN": fake_bot_api.token, "TELEGRAM_API_BASE_URL": fake_bot_api.base_url}
    assert await resolve_username(environ) == fake_bot_api.bot_username
    assert len(fake_bot_api.calls_to("getMe")) == 1


async def test_a_ptb_style_base_url_ending_in_bot_works_too(fake_bot_api: FakeBotApi) -> None:
    environ = {"BOT_TOKEN": fake_bot_api.token, "TELEGRAM_API_BASE_URL": fake_bot_api.api_url}
    assert await resolve_username(environ) == fake_bot_api.bot_username


async def test_a_refused_token_is_reported_without_the_token(fake_bot_api: FakeBotApi) -> None:
    wrong = "987654321:AAE-wrong-token-0123456789abcdefghi"
    environ = {"BOT_TOKEN": wrong, "TELEGRAM_API_BASE_URL": fake_bot_api.base_url}
    with pytest.raises(BotApiError) as error:
        await resolve_username(environ)
    message = str(error.value)
    assert "refused getMe: Unauthorized; check BOT_TOKEN" in message
    assert "987654321" not in _traceback(error.value)


async def test_an_unreachable_server_is_reported_without_the_token() -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    token = "123456789:AAE-secret-token-0123456789abcdefgh"
    environ = {"BOT_TOKEN": token, "TELEGRAM_API_BASE_URL": f"http://127.0.0.1:{port}"}
    with pytest.raises(BotApiError) as error:
        await resolve_username(environ, timeout=5)
    assert f"could not reach the Bot API at http://127.0.0.1:{port}" in str(error.value)
    assert "secret-token" not in _traceback(error.value)


async def test_neither_variable_set_says_what_to_set() -> None:
    with pytest.raises(OutreachError, match=r"set BOT_USERNAME .* or BOT_TOKEN"):
        await resolve_username({"BOT_USERNAME": " ", "TELEGRAM_API_BASE_URL": "http://127.0.0.1"})


@pytest.mark.parametrize("base_url", ["http://127.0.0.1:notaport", "ftp://127.0.0.1", "nonsense"])
async def test_a_bad_base_url_is_reported_without_the_token(base_url: str) -> None:
    # aiohttp's own message for these quotes the whole request URL, token included.
    token = "123456789:AAE-secret-token-0123456789abcdefgh"
    with pytest.raises(BotApiError, match="check TELEGRAM_API_BASE_URL") as error:
        await resolve_username({"BOT_TOKEN": token, "TELEGRAM_API_BASE_URL": base_url})
    assert "secret-token" not in _traceback(error.value)


def _traceback(error: BaseException) -> str:
    """What a person would see if the error escaped: message, cause and context included."""
    return "".join(traceback.format_exception(error))
