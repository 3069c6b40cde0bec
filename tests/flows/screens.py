"""The shipped content's screens as the screen tests walk them: at four instants of the week,
every page of a list, every category × place × filter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from bot.content import Content
from bot.directory.models import Resource
from bot.flows.screen import Screen
from bot.flows.state import State
from tests.flows.test_engine import press
from tests.helpers.content import SUNDAY_NIGHT, WEDNESDAY_MORNING

# Thursday 3 December 2026, 22:30 in Seattle: weekday offices are closed.
THURSDAY_NIGHT = dt.datetime(2026, 12, 4, 6, 30, tzinfo=dt.UTC)
# Saturday 5 December 2026, 13:00 in Seattle: the weekend.
SATURDAY_AFTERNOON = dt.datetime(2026, 12, 5, 21, 0, tzinfo=dt.UTC)
INSTANTS = {
    "weekday day": WEDNESDAY_MORNING,
    "weekday night": THURSDAY_NIGHT,
    "weekend day": SATURDAY_AFTERNOON,
    "weekend night": SUNDAY_NIGHT,
}


def resource(content: Content, resource_id: str) -> Resource:
    return content.directory.resource_by_id[resource_id]


def pages(content: Content, state: State, now: dt.datetime) -> Iterator[Screen]:
    """Every page of a results screen, following More ▶."""
    screen = content.engine.render(state, now)
    yield screen
    more = content.flow.translations.text(state.language, "button.next")
    while any(b.label == more for b in screen.buttons):
        screen = press(content.engine, screen, more, now)
        yield screen


def combinations(content: Content) -> Iterator[tuple[str, str, bool, bool, str]]:
    """Every category × selectable place × open now × text only × instant, as ids and names."""
    for category in content.directory.categories:
        for region in (r for r in content.directory.regions if r.selectable):
            for open_now in (False, True):
                for text_only in (False, True):
                    for instant in INSTANTS:
                        yield category.id, region.id, open_now, text_only, instant
