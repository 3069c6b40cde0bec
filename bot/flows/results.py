"""What a results screen lists: the category's resources for the place, then the lines that fit
the category and help anywhere (`category_fallbacks` in the flow, in staff's order), then the
category's other national resources, filtered by "only open now" and "text or chat only", a
page at a time, and never empty. Staff's lines come before the other national ones because they
are chosen to stand in for local help: "legal help" in Texas starts with the trafficking
hotline and 211, which know lawyers there, not with a federal wage-complaint office.

The words above the list tell the truth about it: "Here is who can help" only when something
serves the person's own place; otherwise "Nothing in King County yet for this" (or "nothing
here is open right now", "nothing here takes texts") before the lines that help anywhere. A
page on which nothing is open now gets one line that is, so nobody is left with only closed
doors at 3 a.m.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from bot.directory import list_order
from bot.directory.catalog import Directory
from bot.directory.models import Resource
from bot.directory.search import SearchIndex
from bot.flows.models import Settings
from bot.flows.reach import can_text, reachable_now
from bot.flows.state import MAX_PAGE, State

BODY = "results.body"
NONE_HERE = "results.none"  # the screen's empty_text in the shipped flow; {region} is named
NONE_ANYWHERE = "results.none_anywhere"  # the place is the whole country (or not known)
NONE_OPEN = "results.none_open"
NONE_TEXT = "results.none_text"
NONE_OPEN_TEXT = "results.none_open_text"
OPEN_LINE = "results.open_line"  # above the line added to a page where nothing is open now
TEXT_KEYS = (NONE_ANYWHERE, NONE_OPEN, NONE_TEXT, NONE_OPEN_TEXT, OPEN_LINE)  # engine keys


@dataclass(frozen=True)
class ResultsPage:
    resources: tuple[Resource, ...]  # this page's lines
    page: int
    pages: int
    own: bool  # whether anything serves the person's own place (or, for the country, at all)
    none_key: str | None  # when not `own`: which "nothing here" text says so
    open_line: Resource | None  # a line open now, when none on the page is


class ResultsLister:
    """Builds results pages from one consistent directory, index and flow settings."""

    def __init__(self, directory: Directory, index: SearchIndex, settings: Settings) -> None:
        self.directory = directory
        self.index = index
        self.settings = settings

    def page(self, state: State, now: dt.datetime) -> ResultsPage:
        """The page `state` asks for (clamped to the last one) of its category's results."""
        category = state.category or ""
        found = list(
            self.index.browse(
                category,
                state.region,
                open_at=now if state.open_now else None,
                prefer_language=state.language,
            )
        )
        if state.text_only:
            found = [r for r in found if can_text(r)]
        own = self._own(found, state.region)
        fallbacks = [r for r in self.fallbacks(category) if self._passes(r, state, now)]
        national = [r for r in found if self.directory.is_national(r)]
        local = [r for r in found if not self.directory.is_national(r)]
        chosen = {r.id for r in fallbacks}
        lines = list_order.referral_only_last(
            local + fallbacks + [r for r in national if r.id not in chosen]
        )
        per_page = self.settings.results_per_page
        pages = max(1, math.ceil(len(lines) / per_page))
        page = min(state.page, pages - 1, MAX_PAGE)
        shown = tuple(lines[page * per_page : (page + 1) * per_page])
        open_line = None
        if not any(reachable_now(r, now, text_only=state.text_only) for r in shown):
            open_line = next(
                (r for r in fallbacks if reachable_now(r, now, text_only=state.text_only)),
                None,
            )
        return ResultsPage(
            resources=shown,
            page=page,
            pages=pages,
            own=own,
            none_key=None if own else self._none_key(state),
            open_line=open_line,
        )

    def fallbacks(self, category: str) -> list[Resource]:
        """The active lines that fit `category` anywhere (the flow's search fallbacks if the
        flow names none for it, which the flow checks refuse)."""
        ids: Sequence[str] = self.settings.category_fallbacks.get(
            category, self.settings.fallback_resources
        )
        known = self.directory.resource_by_id
        return [known[i] for i in ids if i in known and known[i].is_active]

    def _own(self, found: list[Resource], region: str | None) -> bool:
        if not self._is_local(region):
            return bool(found)
        return any(not self.directory.is_national(r) for r in found)

    def _is_local(self, region: str | None) -> bool:
        place = self.directory.region_by_id.get(region or "")
        return place is not None and place.parent is not None

    def _none_key(self, state: State) -> str:
        if state.open_now and state.text_only:
            return NONE_OPEN_TEXT
        if state.open_now:
            return NONE_OPEN
        if state.text_only:
            return NONE_TEXT
        return NONE_HERE if self._is_local(state.region) else NONE_ANYWHERE

    @staticmethod
    def _passes(resource: Resource, state: State, now: dt.datetime) -> bool:
        if state.open_now and not reachable_now(resource, now):
            return False
        return can_text(resource) or not state.text_only
