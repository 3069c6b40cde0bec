"""Pages already rendered, for screens that follow from their link alone.

A link's page (the start screen, a category, a page of results, a deep link, the link a search
was answered with) depends only on the link, the language, the content and the minute (hours
say "open now" to the minute), so the same page is rendered once a minute however many people
open it: rendering is most of what a page costs (bench/bench_web.py). Never a search: its words
are not kept anywhere, not even here. The keys are links the engine accepts (packed states,
deep links, services' ids), never anything about a person; a forged link can only push a real
page out.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass

from bot.content import Content
from bot.flows.events import Event, Listed, Pressed, Start
from bot.flows.screen import Screen
from bot.flows.state import MAX_BYTES

PAGES_KEPT = 256  # the start screen, categories, places and result pages of a directory: ~9 KB each


@dataclass(frozen=True)
class Rendered:
    """A screen (counted again at every showing) and its page."""

    screen: Screen
    body: bytes


Key = tuple[str, str | None, str | None, dt.datetime]


class PageCache:
    """The most recently shown pages of the content being served (forgotten when it changes)."""

    def __init__(self, size: int = PAGES_KEPT) -> None:
        self._size = size
        self._content: Content | None = None
        self._pages: OrderedDict[Key, Rendered] = OrderedDict()

    @staticmethod
    def key(event: Event, language: str | None, now: dt.datetime) -> Key | None:
        """What a link's page depends on; None for anything else (typed words above all)."""
        minute = now.replace(second=0, microsecond=0)
        if isinstance(event, Pressed) and isinstance(event.data, str):
            if len(event.data) <= MAX_BYTES:
                return ("s", event.data, language, minute)
        elif isinstance(event, Listed) and isinstance(event.data, str):
            if len(event.data) <= MAX_BYTES:  # the ids' length the web chat has checked
                return ("r", f"{event.data}&{event.ids}", language, minute)
        elif isinstance(event, Start) and len(event.payload or "") <= MAX_BYTES:
            return ("start", event.payload, language, minute)
        return None

    def get(self, content: Content, key: Key) -> Rendered | None:
        if content is not self._content:
            self._content = content
            self._pages.clear()
            return None
        found = self._pages.get(key)
        if found is not None:
            self._pages.move_to_end(key)
        return found

    def put(self, content: Content, key: Key, rendered: Rendered) -> None:
        if content is not self._content:
            self._content = content
            self._pages.clear()
        self._pages[key] = rendered
        if len(self._pages) > self._size:
            self._pages.popitem(last=False)
