"""Which region of the directory covers a place, from the `geography` staff give regions.

`regions.yaml` says what each region covers (`{country: US}`, `{state: WA}`, `{state: WA,
counties: [King]}`). A place resolves to the most specific region covering it, and says whether
that region covers the place exactly or only something larger around it: Tacoma (Pierce County)
in a directory that lists King County and Washington resolves to Washington, not exactly, so
the person is told there is nothing listed for Tacoma itself and shown Washington-wide and
national help, never King County's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from bot.directory.catalog import Directory
from bot.directory.entries import Collector, Entry
from bot.directory.models import Geography, Region
from bot.directory.schema_errors import did_you_mean
from bot.directory.text import words
from bot.places.gazetteer import STATES, Place, gazetteer, split_county, state_name
from bot.staff_files.problems import Severity

ErrorAt = Callable[[tuple[str | int, ...], str], None]  # reports at a key under `geography`


@dataclass(frozen=True, slots=True)
class Covered:
    """The region for a place, and whether it covers exactly that place."""

    region: str
    exact: bool


def county_named(state: str, name: str) -> str | None:
    """The table's county of `state` that staff mean by `name` ("King" or "King County")."""
    counties = gazetteer().counties(state)
    if name in counties:
        return name
    for county in counties:
        if split_county(county)[0].casefold() == name.casefold():
            return county
    return None


class Coverage:
    """Places to regions, for one loaded directory (or any regions)."""

    def __init__(self, directory: Directory | Iterable[Region]) -> None:
        self._country: str | None = None
        self._states: dict[str, str] = {}
        self._counties: dict[tuple[str, str], str] = {}
        regions = directory.regions if isinstance(directory, Directory) else directory
        for region in regions:
            geography = region.geography
            if geography is None:
                continue
            if geography.country is not None:
                self._country = self._country or region.id
            elif geography.state is not None and not geography.counties:
                self._states.setdefault(geography.state, region.id)
            elif geography.state is not None:
                for name in geography.counties:
                    county = county_named(geography.state, name)
                    if county is not None:
                        self._counties.setdefault((geography.state, county), region.id)

    @property
    def known(self) -> bool:
        """Whether any region says what it covers (otherwise places resolve to nothing)."""
        return bool(self._country or self._states or self._counties)

    @property
    def states(self) -> frozenset[str]:
        """States some region covers, in whole or in part."""
        return frozenset(self._states) | {state for state, _ in self._counties}

    def closeness(self, place: Place) -> int:
        """How closely the directory covers `place`: 2, a region lists its county; 1, its
        state; 0, only the country's lines, or nothing."""
        if place.county is not None and (place.state, place.county) in self._counties:
            return 2
        return 1 if place.state in self._states else 0

    def region_for(self, place: Place) -> Covered | None:
        if place.county is not None and place.kind != "state":
            region = self._counties.get((place.state, place.county))
            if region is not None:
                return Covered(region, exact=True)
        region = self._states.get(place.state)
        if region is not None:
            return Covered(region, exact=place.kind == "state")
        if self._country is not None:
            return Covered(self._country, exact=False)
        return None


def check_geography(regions: Mapping[str, Entry], collector: Collector) -> None:
    """Unknown states and counties, a place claimed twice, a region outside its parent."""
    claimed: dict[tuple[str, ...], Entry] = {}
    values = {rid: e.value for rid, e in regions.items() if isinstance(e.value, Region)}
    for region_id, entry in regions.items():
        region = values.get(region_id)
        geography = region.geography if region is not None else None
        if region is None or geography is None:
            continue

        def error(
            loc: tuple[str | int, ...],
            message: str,
            entry: Entry = entry,
            region_id: str = region_id,
        ) -> None:
            line = collector.line_of(entry, ("geography", *loc))
            collector.add(
                Severity.ERROR, entry.path, line, f"region {region_id}: {message}", "geography"
            )

        keys: list[tuple[tuple[str | int, ...], tuple[str, ...]]] = []
        if geography.country is not None:
            keys.append((("country",), ("country",)))
        elif geography.state is not None:
            state = geography.state
            if state not in STATES:
                hint = did_you_mean(state, list(STATES))
                error(("state",), f"geography: unknown state {state!r}{hint}")
                continue
            if not geography.counties:
                keys.append((("state",), ("state", state)))
            for i, name in enumerate(geography.counties):
                county = county_named(state, name)
                if county is None:
                    options = sorted(split_county(c)[0] for c in gazetteer().counties(state))
                    hint = did_you_mean(name, options)
                    error(("counties", i), f"geography: {name!r} is not a county of {state}{hint}")
                    continue
                keys.append((("counties", i), ("county", state, county)))
        for loc, key in keys:
            first = claimed.setdefault(key, entry)
            if first is not entry:
                what = {1: "the country", 2: f"state {key[-1]}"}.get(
                    len(key), f"{key[2]}, {key[1]}"
                )
                other = first.value.id
                error(
                    loc,
                    f"geography: {what} is already covered by region {other} "
                    f"({first.path.name}:{first.line}); a place belongs to one region",
                )
        _check_inside_parent(region, values, error)


def _check_inside_parent(region: Region, values: Mapping[str, Region], error: ErrorAt) -> None:
    parent = values.get(region.parent or "")
    inner, outer = region.geography, parent.geography if parent else None
    if (
        inner is not None
        and outer is not None
        and parent is not None
        and not _contains(outer, inner)
    ):
        error((), f"geography: not inside its parent {parent.id}'s geography")


def _contains(outer: Geography, inner: Geography) -> bool:
    if outer.country is not None:
        return True
    if inner.country is not None or inner.state != outer.state:
        return False
    if not outer.counties:
        return True
    return bool(inner.counties) and set(inner.counties) <= set(outer.counties)


def region_named(name: str, regions: Iterable[Region]) -> tuple[str, bool] | None:
    """The region covering the US place `name` names (a city, "King County", a state), and
    whether exactly: for a staff message that sees "seattle" written where an id belongs."""
    listed = list(regions)
    coverage = Coverage(listed)
    wanted = " ".join(words(name.replace("-", " ")))
    place = _place_named(wanted, coverage.states)
    covered = coverage.region_for(place) if place is not None else None
    return (covered.region, covered.exact) if covered is not None else None


def _place_named(wanted: str, covered_states: frozenset[str]) -> Place | None:
    for code in STATES:
        if wanted in (" ".join(words(state_name(code, lang))) for lang in ("en", "es")):
            return Place("state", code, None, code)
    for code in sorted(covered_states) + sorted(set(STATES) - covered_states):
        for county in gazetteer().counties(code):
            short = " ".join(words(split_county(county)[0]))
            if wanted in (" ".join(words(county)), f"condado de {short}"):
                return Place("county", code, county, county)
    best: tuple[bool, int, Place] | None = None
    for city, code, main_county, count in gazetteer().city_rows():
        if " ".join(words(city)) == wanted:
            candidate = (code in covered_states, count, Place("city", code, main_county, city))
            if best is None or candidate[:2] > best[:2]:
                best = candidate
    return best[2] if best is not None else None
