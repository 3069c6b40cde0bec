"""Anonymous, aggregate counters for planning: what kinds of help people look for, and where.

Every label value comes from the content's own ids (screen names, category and region ids) or
a fixed set of words (such as the channel: telegram or web), never from anything a person typed
or from who they are. A person's visit adds one to a few counters; nothing links two counts
together.
"""

from __future__ import annotations

from typing import Literal

from prometheus_client import CollectorRegistry, Counter, Gauge, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from bot.content import Content
from bot.flows.screen import Outcome, Screen

NONE = "none"
Channel = Literal["telegram", "web"]
CONTENT_TYPE = CONTENT_TYPE_LATEST


class Metrics:
    """The bot's counters, in their own registry (so tests and replicas never share one)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.screens = Counter(
            "bot_screens_shown",
            "Screens shown, by channel, by screen and by the category and region they were about.",
            ["channel", "screen", "category", "region"],
            registry=self.registry,
        )
        self.searches = Counter(
            "bot_searches",
            "Typed searches, by channel and by whether anything was found (the words are never "
            "recorded).",
            ["channel", "found"],
            registry=self.registry,
        )
        self.emergency = Counter(
            "bot_emergency_screens_shown",
            "Times the emergency screen was shown, by channel.",
            ["channel"],
            registry=self.registry,
        )
        self.erase = Counter(
            "bot_erase_used",
            "Times Erase was used, by channel.",
            ["channel"],
            registry=self.registry,
        )
        self.errors = Counter(
            "bot_errors", "Errors while answering, by kind.", ["kind"], registry=self.registry
        )
        self.reloads = Counter(
            "bot_content_reloads",
            "Content reloads, by result (applied, or refused because of errors).",
            ["result"],
            registry=self.registry,
        )
        self.content_version = Gauge(
            "bot_content_version",
            "How many times the content has been loaded since start.",
            registry=self.registry,
        )
        # Each screen counter found once (prometheus' labels() costs more than a screen from
        # the web chat's cache): as many as the content's screens, categories and regions.
        self._screen_counters: dict[tuple[str | None, ...], Counter] = {}

    def count_screen(self, screen: Screen, content: Content, channel: Channel = "telegram") -> None:
        """Count one screen shown; labels are checked against the content's own ids."""
        state = screen.state
        directory = content.directory
        name = state.screen if state.screen in content.flow.screens else NONE
        category = state.category if state.category in directory.category_by_id else NONE
        region = state.region if state.region in directory.region_by_id else NONE
        labels = (channel, name, category, region)
        counter = self._screen_counters.get(labels)
        if counter is None:
            counter = self._screen_counters[labels] = self.screens.labels(*labels)
        counter.inc()
        if screen.outcome in (Outcome.SEARCH, Outcome.SEARCH_EMPTY, Outcome.NOT_UNDERSTOOD):
            self.searches.labels(channel, str(screen.outcome is Outcome.SEARCH).lower()).inc()
        elif screen.outcome is Outcome.EMERGENCY:
            self.emergency.labels(channel).inc()
        elif screen.outcome is Outcome.ERASE:
            self.erase.labels(channel).inc()

    def count_error(self, kind: str) -> None:
        """Count an error; `kind` must be a fixed word from the code, never an exception text."""
        self.errors.labels(kind=kind).inc()

    def exposition(self) -> bytes:
        """The counters in Prometheus' text format."""
        return generate_latest(self.registry)
