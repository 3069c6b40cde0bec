"""Deep links for outreach: `https://t.me/<bot>?start=legal_wa-king_es`, checked against content,
and the same payload for the web chat at the organisation's address
(`https://help.example.org/?start=legal_wa-king_es`).

The bot's username comes from BOT_USERNAME, or else from the Bot API's getMe with BOT_TOKEN (at
TELEGRAM_API_BASE_URL, default https://api.telegram.org). The token is never printed, logged or
put into an error message.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from bot.content import Content
from bot.directory.schema_errors import did_you_mean
from bot.flows import deeplink

DEFAULT_API_BASE_URL = "https://api.telegram.org"
# Telegram usernames: 5-32 characters, letters, digits and underscores, starting with a letter.
USERNAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{4,31}$")


class OutreachError(Exception):
    """A mistake in the command line or the environment, in one sentence a person can act on."""


class BotApiError(OutreachError):
    """The Bot API could not be reached, or would not say the bot's username."""


@dataclass(frozen=True, slots=True)
class LinkTarget:
    """What a link opens on: a kind of help, a place, a language, or one of the bot's commands."""

    category: str | None = None
    region: str | None = None
    language: str | None = None
    command: str | None = None


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Every id a deep link may name, in the content's order."""

    categories: tuple[str, ...]
    regions: tuple[str, ...]
    languages: tuple[str, ...]
    commands: tuple[str, ...]

    @classmethod
    def of(cls, content: Content) -> Vocabulary:
        return cls(
            categories=tuple(c.id for c in content.directory.categories),
            regions=tuple(r.id for r in content.directory.regions),
            languages=tuple(content.flow.settings.languages),
            commands=tuple(content.flow.settings.commands),
        )


def check_target(target: LinkTarget, vocabulary: Vocabulary) -> None:
    """Raise OutreachError naming the first unknown id, with the nearest known one."""
    _check_one("category", target.category, vocabulary.categories)
    _check_one("region", target.region, vocabulary.regions)
    _check_one("language", target.language, vocabulary.languages)
    _check_one("command", target.command, vocabulary.commands)
    if target.command and (target.category or target.region):
        raise OutreachError(
            f"--command {target.command} opens its own screen: "
            "it cannot be combined with --category or --region"
        )


def _check_one(kind: str, value: str | None, known: Sequence[str]) -> None:
    if value is not None and value not in known:
        raise OutreachError(f"unknown {kind} {value!r}{did_you_mean(value, known)}")


def payload_for(target: LinkTarget, vocabulary: Vocabulary) -> str | None:
    """The start payload for `target` (None when it names nothing: a plain link to the bot).

    The payload is parsed back the way the bot will parse it, so a link printed on a thousand
    cards is known to open on exactly what was asked for.
    """
    check_target(target, vocabulary)
    if target == LinkTarget():
        return None
    payload = deeplink.build(
        category=target.category,
        region=target.region,
        language=target.language,
        command=target.command,
    )
    return read_back(payload, target, vocabulary)


def read_back(
    payload: str,
    target: LinkTarget,
    vocabulary: Vocabulary,
    codes: Mapping[str, deeplink.DeepLink] | None = None,
) -> str:
    """`payload`, once the bot's own parser (with the cards' `codes`) reads it as `target`."""
    parsed = deeplink.parse(
        payload,
        categories=vocabulary.categories,
        regions=vocabulary.regions,
        languages=vocabulary.languages,
        commands=vocabulary.commands,
        codes=codes,
    )
    expected = deeplink.DeepLink(target.category, target.region, target.language, target.command)
    if parsed != expected:  # pragma: no cover - the loaders keep every id and code unambiguous
        raise OutreachError(f"the bot would not read {payload!r} as {target}")
    return payload


def deep_link(username: str, payload: str | None) -> str:
    """`https://t.me/<username>?start=<payload>`, or the bot's plain link for no payload."""
    name = check_username(username)
    return f"https://t.me/{name}" + (f"?start={payload}" if payload else "")


def web_link(address: str, payload: str | None) -> str:
    """The web chat's link for `payload` at `address` (as `web_chat_address` gives it)."""
    return address + (f"?start={payload}" if payload else "")


def web_chat_address(given: str) -> str:
    """The web chat's public address, checked, ending in '/': https (http only for this
    machine), a host, no user or password, no query or fragment (the link adds its own)."""
    text = given.strip()
    try:
        parts = urlsplit(text)
        port = parts.port  # a port that is not a number raises here
    except ValueError:
        parts, port = None, None
    if parts is not None and (parts.username is not None or parts.password is not None):
        raise OutreachError("--web: the address must not hold a user name or password")
    local = parts is not None and parts.hostname in ("localhost", "127.0.0.1")
    if (
        parts is None
        or not parts.hostname
        or not (parts.scheme == "https" or (parts.scheme == "http" and local))
    ):
        shown = f" {given!r}" if "@" not in given else ""  # never a password, even misplaced
        raise OutreachError(
            f"--web{shown}: give the web chat's public https address, "
            "e.g. https://help.example.org/"
        )
    if parts.query or parts.fragment:
        raise OutreachError("--web: the address must not have a ?query or #fragment")
    host = parts.hostname + (f":{port}" if port is not None else "")
    path = parts.path if parts.path.endswith("/") else f"{parts.path}/"
    return f"{parts.scheme}://{host}{path}"


def check_username(username: str) -> str:
    """The username without a leading '@'; OutreachError when it cannot be a Telegram username."""
    name = username.strip().removeprefix("@")
    if not USERNAME.match(name):
        raise OutreachError(
            f"{username!r} is not a Telegram username (5-32 letters, digits or underscores)"
        )
    return name


# --- the bot's username ----------------------------------------------------------------------


async def resolve_username(environ: Mapping[str, str], *, timeout: float = 10.0) -> str:  # noqa: ASYNC109 - one overall deadline for one request
    """BOT_USERNAME if set, else the username the Bot API reports for BOT_TOKEN."""
    username = environ.get("BOT_USERNAME", "").strip()
    if username:
        return check_username(username)
    token = environ.get("BOT_TOKEN", "").strip()
    if not token:
        raise OutreachError(
            "set BOT_USERNAME (the bot's @username) or BOT_TOKEN (to ask Telegram for it)"
        )
    base_url = environ.get("TELEGRAM_API_BASE_URL", "").strip() or DEFAULT_API_BASE_URL
    return await fetch_username(token, base_url, timeout=timeout)


async def fetch_username(token: str, base_url: str, *, timeout: float = 10.0) -> str:  # noqa: ASYNC109 - one overall deadline for one request
    """Ask the Bot API's getMe for the bot's username. Errors never contain the token."""
    import aiohttp

    root = base_url.rstrip("/").removesuffix("/bot")
    url = f"{root}/bot{token}/getMe"
    where = f"the Bot API at {root}"
    try:
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session,
            session.get(url, allow_redirects=False) as response,
        ):
            status = response.status
            try:
                body: Any = await response.json(content_type=None)
            except ValueError:
                body = None
    except TimeoutError:
        raise BotApiError(f"{where} did not answer getMe within {timeout:g} s") from None
    except (aiohttp.ClientError, ValueError) as error:
        # aiohttp's messages can quote the request URL, which holds the token: name the kind only.
        raise BotApiError(
            f"could not reach {_redact(where, token)} ({type(error).__name__}); "
            "check TELEGRAM_API_BASE_URL"
        ) from None
    return _username_from(body, status, _redact(where, token), token)


def _username_from(body: Any, status: int, where: str, token: str) -> str:
    if not isinstance(body, dict) or not body.get("ok"):
        description = body.get("description") if isinstance(body, dict) else None
        reason = _redact(str(description), token) if description else f"HTTP {status}"
        hint = "; check BOT_TOKEN" if status in (401, 404) else ""
        raise BotApiError(f"{where} refused getMe: {reason}{hint}")
    result = body.get("result")
    username = result.get("username") if isinstance(result, dict) else None
    if not isinstance(username, str):
        raise BotApiError(f"{where} answered getMe without a username")
    return check_username(username)


def _redact(text: str, token: str) -> str:
    return text.replace(token, "<BOT_TOKEN>") if token else text
