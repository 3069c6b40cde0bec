"""The web chat's HTTP side: GET a screen by its link, POST typed words; nothing kept.

`GET /` is the start screen, `GET /?start=<payload>` a deep link (as on Telegram, card codes
included), `GET /?s=<packed State>` a button's next screen: the URL is the state, validated by
the engine like callback data, so a forged one lands on the start screen. `POST /` with the
field `q` is a search, answered Post/Redirect/Get: a browser keeps a form's POST, words and
all, in its session files, so the answer is a 303 to the link of what was understood
(`answer_link.py`), and only that link enters the history. The page's script, which shows the
answer in place (nothing of it enters the history), is answered at once. There is no cookie, no
session and no storage; the language comes from the state, else from `Accept-Language`. Every
answer forbids caching, referrers and framing (unless allowed), and the server keeps no access
log: the only record of a visit is a counter labelled with the directory's own ids.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from aiohttp import hdrs, web

from bot.channels.request_body import body_of
from bot.channels.web.answer_link import LISTED_PARAMETER, MAX_LISTED_CHARACTERS, answer_link
from bot.channels.web.assets import IN_PLACE_HEADER, content_security_policy
from bot.channels.web.cache import PageCache, Rendered
from bot.channels.web.health import health_handler
from bot.channels.web.page import (
    LANGUAGE_FIELD,
    START_PARAMETER,
    STATE_PARAMETER,
    TEXT_FIELD,
    PageTexts,
    page,
)
from bot.channels.web.texts import reworded_for_the_web
from bot.content import Content, ContentStore
from bot.flows.engine import Engine
from bot.flows.events import Event, Listed, Pressed, Start, Typed
from bot.flows.models import Effect
from bot.flows.screen import Screen
from bot.observability.metrics import Metrics
from bot.settings import DEFAULT_QUICK_EXIT_URL, ServerSettings

logger = logging.getLogger(__name__)

MAX_FORM_BYTES = 64 * 1024  # a message of 4,096 characters, UTF-8 and form-encoded, fits
ERROR_TEXT_KEY = "error.restart"  # "Sorry, something went wrong. Here is the start screen."
ERROR_PARAMETER = "sorry"  # ./?sorry: the start screen, after a search that failed
CHAT_PATH = "/"


@dataclass(frozen=True)
class WebOptions:
    """What an organisation sets: where Quick exit goes, and who may frame the chat."""

    quick_exit_url: str = DEFAULT_QUICK_EXIT_URL
    frame_ancestors: str = "'none'"  # CSP source list: "'none'", or "https://org.example"


def security_headers(options: WebOptions) -> dict[str, str]:
    """Headers on every page: kept by no cache, sent to no other site, shown in no frame but
    the allowed ones, indexed by no search engine."""
    headers = {
        hdrs.CACHE_CONTROL: "no-store, max-age=0",
        "Referrer-Policy": "no-referrer",
        "Content-Security-Policy": content_security_policy(options.frame_ancestors),
        "X-Content-Type-Options": "nosniff",
        "X-Robots-Tag": "noindex, nofollow",
        "Permissions-Policy": "geolocation=(), camera=(), microphone=()",
        "Cross-Origin-Opener-Policy": "same-origin",
        hdrs.VARY: "Accept-Language",
    }
    # For browsers older than frame-ancestors, where X-Frame-Options can say the same.
    legacy = {"'none'": "DENY", "'self'": "SAMEORIGIN"}.get(options.frame_ancestors.strip())
    if legacy is not None:
        headers["X-Frame-Options"] = legacy
    return headers


# On the Erase screen the browser is also told to drop anything of this site it may hold.
CLEAR_SITE_DATA = {"Clear-Site-Data": '"cache", "cookies", "storage"'}


def preferred_language(header: str | None, languages: Sequence[str]) -> str | None:
    """The best of `languages` by an Accept-Language header ('es-MX,es;q=0.9,en;q=0.8'),
    or None when it names none of them."""
    best: str | None = None
    best_weight = 0.0
    for item in (header or "").split(",")[:32]:
        tag, _, parameters = item.strip().partition(";")
        code = tag.strip().split("-")[0].lower()
        weight = 1.0
        name, _, value = parameters.strip().partition("=")
        if name.strip().lower() == "q":
            try:
                weight = float(value)
            except ValueError:
                continue
        if code in languages and weight > best_weight:
            best, best_weight = code, weight
    return best


@dataclass
class _WebEngine:
    """The engine of the content served now, speaking the texts reworded for the web, and the
    pages' own sentences; made once after each reload from the content's own engine (`reworded`
    shares everything but the wording)."""

    content: Content | None = None
    engine: Engine | None = None
    _texts: dict[tuple[str, str | None], PageTexts] = field(default_factory=dict)

    def of(self, content: Content) -> Engine:
        if self.engine is None or content is not self.content:
            self.content = content
            self.engine = content.engine.reworded(reworded_for_the_web(content.flow.translations))
            self._texts = {}
        return self.engine

    def texts(self, engine: Engine, language: str, lead_key: str | None) -> PageTexts:
        """The page's sentences in `language` for `engine`'s content, made once."""
        if engine is not self.engine:  # a reload came in between
            return PageTexts.of(engine.flow.translations, language, lead_key=lead_key)
        found = self._texts.get((language, lead_key))
        if found is None:
            found = PageTexts.of(engine.flow.translations, language, lead_key=lead_key)
            self._texts[(language, lead_key)] = found
        return found


@dataclass
class WebChat:
    """The web channel: turns requests into engine events and screens into pages."""

    store: ContentStore
    options: WebOptions = field(default_factory=WebOptions)
    metrics: Metrics = field(default_factory=Metrics)
    clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)
    _engine: _WebEngine = field(default_factory=_WebEngine)
    _pages: PageCache = field(default_factory=PageCache)

    def __post_init__(self) -> None:
        self._headers = security_headers(self.options)
        self._erase_headers = self._headers | CLEAR_SITE_DATA

    async def open_link(self, request: web.Request) -> web.Response:
        """Shows the screen a link leads to: the start screen, a deep link, a button's screen,
        a search's answer."""
        language = self._accepted_language(request)
        query = request.query
        data = query.get(STATE_PARAMETER)
        listed = query.get(LISTED_PARAMETER)
        if data is not None and listed is not None and len(listed) <= MAX_LISTED_CHARACTERS:
            return self._answer(Listed(data, listed, language), language)
        if data is not None:
            return self._answer(Pressed(data, language), language)
        if ERROR_PARAMETER in query:
            content = self.store.current
            return self._show(content, self._apology(content, Start(None, language), self.clock()))
        return self._answer(Start(query.get(START_PARAMETER), language), language)

    async def search(self, request: web.Request) -> web.Response:
        """Searches for the typed words (emergency words first), then sends the browser to
        the answer's link; blank words lead to the start screen."""
        accepted = self._accepted_language(request)
        text, language = await self._form(request, accepted)
        event = Typed(text, language) if text else Start(None, language)
        if request.headers.get(IN_PLACE_HEADER) == "1":  # the script, which keeps nothing
            return self._answer(event, language)
        content = self.store.current
        now = self.clock()
        try:
            screen = self._engine.of(content).handle(event, now)
        except Exception as error:  # the kind only: a message may quote the typed words
            self._log_failure(error)
            return self._see_other(f"./?{ERROR_PARAMETER}")
        own = self._page(content, Pressed(screen.state.pack(), accepted), accepted, now)
        return self._see_other(answer_link(screen, own.screen))

    async def _form(
        self, request: web.Request, language: str | None
    ) -> tuple[str | None, str | None]:
        """A search form's words (None if blank, not a form, too long or not UTF-8), and the
        language of the page they were typed on (else `language`)."""
        form = await _read_form(request)
        if form is None:  # not a form, too long, or not UTF-8: nothing to search for
            return None, language
        text = form.get(TEXT_FIELD)
        page_language = form.get(LANGUAGE_FIELD)
        if isinstance(page_language, str) and page_language:
            language = page_language
        return (text if isinstance(text, str) and text.strip() else None), language

    def _see_other(self, link: str) -> web.Response:
        """303 See Other: the browser GETs `link` (relative to the chat, like its buttons)
        in place of the POST, and keeps only that address."""
        return web.Response(status=303, headers=self._headers | {hdrs.LOCATION: link})

    def _accepted_language(self, request: web.Request) -> str | None:
        languages = self.store.current.flow.settings.languages
        return preferred_language(request.headers.get(hdrs.ACCEPT_LANGUAGE), languages)

    def _answer(self, event: Event, language: str | None) -> web.Response:
        content = self.store.current  # once per request: a reload swaps it
        return self._show(content, self._page(content, event, language, self.clock()))

    def _page(
        self, content: Content, event: Event, language: str | None, now: dt.datetime
    ) -> Rendered:
        """The page for `event`: kept from earlier in the minute, or rendered (and kept)."""
        key = PageCache.key(event, language, now)
        rendered = self._pages.get(content, key) if key is not None else None
        if rendered is None:
            rendered, cacheable = self._render(content, event, language, now)
            if key is not None and cacheable:
                self._pages.put(content, key, rendered)
        return rendered

    def _show(self, content: Content, rendered: Rendered) -> web.Response:
        """The page as the answer, counted as a screen shown."""
        self.metrics.count_screen(rendered.screen, content, "web")
        erase = Effect.ERASE in rendered.screen.effects
        return web.Response(
            body=rendered.body,
            content_type="text/html",
            charset="utf-8",
            headers=self._erase_headers if erase else self._headers,
        )

    def _render(
        self, content: Content, event: Event, language: str | None, now: dt.datetime
    ) -> tuple[Rendered, bool]:
        """The page for `event`, and whether it may be kept (not after an error)."""
        engine = self._engine.of(content)
        try:
            screen = engine.handle(event, now)
        except Exception as error:  # the kind only: a message may quote the typed words
            self._log_failure(error)
            return self._apology(content, Start(None, language), now), False
        return self._rendered(engine, screen), True

    def _rendered(self, engine: Engine, screen: Screen, lead_key: str | None = None) -> Rendered:
        texts = self._engine.texts(engine, screen.state.language, lead_key)
        html = page(screen, texts, quick_exit_url=self.options.quick_exit_url)
        return Rendered(screen, html.encode())

    def _apology(self, content: Content, start: Start, now: dt.datetime) -> Rendered:
        """The start screen, saying that something went wrong."""
        engine = self._engine.of(content)
        return self._rendered(engine, engine.handle(start, now), ERROR_TEXT_KEY)

    def _log_failure(self, error: Exception) -> None:
        logger.error("Answering a web page failed: %s", type(error).__name__)
        self.metrics.count_error("web")


async def _read_form(request: web.Request) -> dict[str, str] | None:
    """The fields of a URL-encoded form (read without a copy left on the request:
    request_body.py), or None for anything else."""
    if request.content_type != "application/x-www-form-urlencoded":
        return None
    try:
        text = (await body_of(request, MAX_FORM_BYTES)).decode("utf-8")
        fields = parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except Exception:  # too long, cut off half way, or not UTF-8
        return None
    form: dict[str, str] = {}
    for name, value in fields:
        form.setdefault(name, value)  # the first of a name, as request.post().get() gives
    return form


def web_chat_from(
    settings: ServerSettings,
    store: ContentStore,
    metrics: Metrics,
    clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
) -> WebChat:
    """The web chat as the settings describe it, on the content and counters given."""
    options = WebOptions(settings.quick_exit_url, settings.web_frame_ancestors)
    return WebChat(store, options, metrics, clock)


def mount_web_chat(app: web.Application, chat: WebChat) -> None:
    """Adds the web chat's routes to `app` (its own server, or the webhook server's)."""
    app.router.add_get(CHAT_PATH, chat.open_link)
    app.router.add_post(CHAT_PATH, chat.search)


def build_web_app(chat: WebChat) -> web.Application:
    """The web chat alone: its pages, and /healthz for a load balancer (health.py)."""
    app = web.Application(client_max_size=MAX_FORM_BYTES)
    mount_web_chat(app, chat)
    app.router.add_get("/healthz", health_handler(chat))
    return app
