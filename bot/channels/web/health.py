"""Whether the web chat is healthy, as its /healthz (and so `python -m bot healthcheck`) says.

Healthy while it can answer a person: the start page renders from the content served now
(engine, directory, flow and page, as a visitor's first page would, in the default language)
and carries its Quick exit. A stop closes the port first, so a stopping web chat is unhealthy
too. The check renders one page without counting it (a fraction of a millisecond) and keeps
nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from html import escape
from typing import TYPE_CHECKING

from aiohttp import web

from bot.channels.web.page import PageTexts, page
from bot.flows.events import Start

if TYPE_CHECKING:
    from bot.channels.web.app import WebChat

logger = logging.getLogger(__name__)


def health(chat: WebChat, now: dt.datetime) -> tuple[bool, str]:
    """(healthy, a few words why) for the web chat at instant `now`."""
    content = chat.store.current
    language = content.flow.settings.default_language
    quick_exit_url = chat.options.quick_exit_url
    try:
        screen = content.engine.handle(Start(None, language), now)
        texts = PageTexts.of(content.flow.translations, language)
        html = page(screen, texts, quick_exit_url=quick_exit_url)
    except Exception as error:  # the kind only, as everywhere
        logger.error("The web chat's start page does not render: %s", type(error).__name__)
        return False, f"the start page does not render ({type(error).__name__})"
    if escape(quick_exit_url) not in html:
        return False, "the start page has no Quick exit"
    return True, "ok"


def health_handler(chat: WebChat) -> Callable[[web.Request], Awaitable[web.Response]]:
    """GET /healthz of the web chat: 200 while healthy, 503 with why otherwise."""

    async def report_health(request: web.Request) -> web.Response:
        """Says whether the web chat can answer a person now."""
        healthy, why = health(chat, chat.clock())
        return web.Response(status=200 if healthy else 503, text=why)

    return report_health
