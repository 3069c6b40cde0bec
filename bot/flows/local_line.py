"""The emergency screen's plain word when the place named has no 24-hour crisis line listed.

The screen lists the crisis line of the person's own place (`{tag: 24-hour crisis line, local:
true}`: Crisis Connections for King County). Where the directory has none for the place (Tacoma,
Spokane, Texas), the screen says so before the national lines, so that nobody in a crisis looks
for a local number that is not there, or thinks the national lines are the wrong ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot.flows.models import Pick, TagPick
from bot.places.gazetteer import Place

NO_LOCAL_LINE = "emergency.no_local_line"  # a place named in the message: {place}
NO_LOCAL_LINE_HERE = "emergency.no_local_line_here"  # a place chosen earlier (only its region)
LOCAL_LINE_KEYS: dict[str, frozenset[str]] = {
    NO_LOCAL_LINE: frozenset({"place"}),
    NO_LOCAL_LINE_HERE: frozenset(),
}


def local_picks(picks: Sequence[Pick]) -> list[Pick]:
    """The picks that list the lines of the person's own place."""
    return [p for p in picks if isinstance(p, TagPick) and p.local]


def crisis_area(place: Place, language: str) -> str:
    """Where a crisis line would serve the person: the county of a city or ZIP code
    ("Pierce County, Washington", "el condado de Pierce, Washington"), or the county or state
    named ("Texas")."""
    if place.kind in ("county", "state") or place.county is None:
        return place.label(language)
    return replace(place, kind="county", name=place.county).label(language)
