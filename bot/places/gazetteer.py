"""US places known offline: every ZIP code, its city and county, every state, in English and
Spanish, from the table in `us_zips.tsv.gz` (see generate.py for its source and licence).

`gazetteer()` reads the table once per process (about 40 ms) and keeps it: it never changes
while the bot runs. A `Place` is what a person may name: a ZIP code, a city, a county or a
state. Which of them the directory covers is `Coverage`'s business (coverage.py), not this
module's.
"""

from __future__ import annotations

import gzip
import math
from array import array
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Literal

TABLE = Path(__file__).resolve().parent / "us_zips.tsv.gz"

# USPS code: (English name, Spanish name). The 50 states, DC and the inhabited territories.
STATES: dict[str, tuple[str, str]] = {
    "AL": ("Alabama", "Alabama"), "AK": ("Alaska", "Alaska"), "AZ": ("Arizona", "Arizona"),
    "AR": ("Arkansas", "Arkansas"), "CA": ("California", "California"),
    "CO": ("Colorado", "Colorado"), "CT": ("Connecticut", "Connecticut"),
    "DE": ("Delaware", "Delaware"), "DC": ("Washington, D.C.", "Washington D. C."),
    "FL": ("Florida", "Florida"), "GA": ("Georgia", "Georgia"), "HI": ("Hawaii", "Hawái"),
    "ID": ("Idaho", "Idaho"), "IL": ("Illinois", "Illinois"), "IN": ("Indiana", "Indiana"),
    "IA": ("Iowa", "Iowa"), "KS": ("Kansas", "Kansas"), "KY": ("Kentucky", "Kentucky"),
    "LA": ("Louisiana", "Luisiana"), "ME": ("Maine", "Maine"), "MD": ("Maryland", "Maryland"),
    "MA": ("Massachusetts", "Massachusetts"), "MI": ("Michigan", "Míchigan"),
    "MN": ("Minnesota", "Minnesota"), "MS": ("Mississippi", "Misisipi"),
    "MO": ("Missouri", "Misuri"), "MT": ("Montana", "Montana"), "NE": ("Nebraska", "Nebraska"),
    "NV": ("Nevada", "Nevada"), "NH": ("New Hampshire", "Nuevo Hampshire"),
    "NJ": ("New Jersey", "Nueva Jersey"), "NM": ("New Mexico", "Nuevo México"),
    "NY": ("New York", "Nueva York"), "NC": ("North Carolina", "Carolina del Norte"),
    "ND": ("North Dakota", "Dakota del Norte"), "OH": ("Ohio", "Ohio"),
    "OK": ("Oklahoma", "Oklahoma"), "OR": ("Oregon", "Oregón"),
    "PA": ("Pennsylvania", "Pensilvania"), "RI": ("Rhode Island", "Rhode Island"),
    "SC": ("South Carolina", "Carolina del Sur"), "SD": ("South Dakota", "Dakota del Sur"),
    "TN": ("Tennessee", "Tennessee"), "TX": ("Texas", "Texas"), "UT": ("Utah", "Utah"),
    "VT": ("Vermont", "Vermont"), "VA": ("Virginia", "Virginia"),
    "WA": ("Washington", "Washington"), "WV": ("West Virginia", "Virginia Occidental"),
    "WI": ("Wisconsin", "Wisconsin"), "WY": ("Wyoming", "Wyoming"),
    "PR": ("Puerto Rico", "Puerto Rico"), "GU": ("Guam", "Guam"),
    "VI": ("US Virgin Islands", "Islas Vírgenes de EE. UU."),
    "AS": ("American Samoa", "Samoa Americana"),
    "MP": ("Northern Mariana Islands", "Islas Marianas del Norte"),
}  # fmt: skip
# Other names people use for a state: {code: (names...)}, any language.
STATE_NAMES: dict[str, tuple[str, ...]] = {
    "DC": ("washington dc", "district of columbia", "distrito de columbia", "dc"),
    "WA": ("washington state", "estado de washington"),
    "NY": ("new york state", "estado de nueva york"),
    "CA": ("cali",),
    "PR": ("boricua",),
}
# County-like areas and how each language names them: "King County", "el condado de King".
AREA_WORDS: dict[str, tuple[str, str]] = {
    "County": ("{name} County", "el condado de {name}"),
    "Parish": ("{name} Parish", "la parroquia de {name}"),
    "Borough": ("{name} Borough", "el distrito de {name}"),
    "Census Area": ("{name} Census Area", "el área censal de {name}"),
    "Municipio": ("{name} Municipio", "el municipio de {name}"),
}

PlaceKind = Literal["zip", "city", "county", "state"]


@dataclass(frozen=True, slots=True)
class Place:
    """A place a person named: where it is (state, county) and how to say it."""

    kind: PlaceKind
    state: str  # USPS code, "WA"
    county: str | None  # as the table names it, "King County"; None for a state
    name: str  # "Tacoma", "King County", "WA"; for a ZIP code, its city

    def label(self, language: str) -> str:
        """How to name the place to a person: "Tacoma, Washington", "el condado de Pierce"."""
        state = state_name(self.state, language)
        if self.kind == "state" or self.county is None:
            return state
        if self.kind == "county":
            county = county_label(self.county, language)
            return f"{county}, {state}" if self.state else county
        return f"{self.name}, {state}"


@dataclass(frozen=True, slots=True)
class City:
    """A city in one state: the county most of its ZIP codes are in, and how many it has."""

    name: str
    state: str
    county: str | None
    zip_count: int


def state_name(code: str, language: str) -> str:
    english, spanish = STATES.get(code, (code, code))
    return spanish if language == "es" else english


def split_county(county: str) -> tuple[str, str | None]:
    """("King", "County") for "King County"; (name, None) when it has no known area word."""
    for word in AREA_WORDS:
        if county.endswith(f" {word}"):
            return county[: -len(word) - 1], word
    return county, None


def county_label(county: str, language: str) -> str:
    name, word = split_county(county)
    if word is None:
        return county
    english, spanish = AREA_WORDS[word]
    return (spanish if language == "es" else english).format(name=name)


class Gazetteer:
    """Every ZIP code with its state, county, city and centre; cities and counties by state."""

    def __init__(self, text: str) -> None:
        counties_at = text.index("\n[counties]")
        zips_at, cities_at = text.index("\n[zips]"), text.index("\n[cities]")
        self._counties: dict[str, frozenset[str]] = {}
        for line in text[text.index("\n", counties_at + 1) + 1 : zips_at].split("\n"):
            state, names = line.split("\t")
            self._counties[state] = frozenset(names.split(";"))
        # ZIP codes are read when the first one is asked for (a ZIP typed, a location shared):
        # nothing else needs them, and start-up is faster without.
        self._zip_lines = text[text.index("\n", zips_at + 1) + 1 : cities_at]
        self._city_lines = text[text.index("\n", cities_at + 1) + 1 :].rstrip("\n")

    @cached_property
    def _zips(self) -> dict[str, str]:
        """zip -> the rest of its line, split when asked."""
        return dict(line.split("\t", 1) for line in self._zip_lines.split("\n"))

    @cached_property
    def _centres(
        self,
    ) -> tuple[list[str], array[float], array[float], dict[tuple[int, int], list[int]]]:
        """The standard ZIP codes whose centre is known, their latitudes and longitudes, and
        their indexes by 1° cell of latitude and longitude."""
        located: list[str] = []
        latitudes, longitudes = array("d"), array("d")
        grid: defaultdict[tuple[int, int], list[int]] = defaultdict(list)
        for code, rest in self._zips.items():
            kind, _, _, _, lat, lon = rest.split("\t")
            if kind == "S" and lat:
                latitude, longitude = float(lat), float(lon)
                grid[(math.floor(latitude), math.floor(longitude))].append(len(located))
                located.append(code)
                latitudes.append(latitude)
                longitudes.append(longitude)
        return located, latitudes, longitudes, dict(grid)

    def city(self, state: str, name: str) -> Place | None:
        """The city of that name in that state ("Portland", "ME"), if there is one."""
        counties = self._city_counties
        key = (state, name)
        return Place("city", state, counties[key], name) if key in counties else None

    @cached_property
    def _city_counties(self) -> dict[tuple[str, str], str | None]:
        """(state, city) -> its main county; read when a city is first named with its state."""
        return {(state, name): county for name, state, county, _ in self.city_rows()}

    def city_rows(self) -> Iterator[tuple[str, str, str | None, int]]:
        """Every city name: (name, state, main county, number of ZIP codes)."""
        for line in self._city_lines.split("\n"):
            name, state, county, count = line.split("\t")
            yield name, state, county or None, int(count)

    def zip_code(self, code: str) -> Place | None:
        """The place of a five-digit ZIP code, or None when there is no such ZIP."""
        found = self._zips.get(code)
        if found is None:
            return None
        _, state, county, city, _, _ = found.split("\t")
        return Place("zip", state, county or None, city)

    def city_of(self, code: str) -> str | None:
        """The main city name of a ZIP code."""
        found = self._zips.get(code)
        return found.split("\t")[3] if found else None

    def counties(self, state: str) -> frozenset[str]:
        """The counties of a state, as the table names them ("King County")."""
        return self._counties.get(state, frozenset())

    def nearest(self, latitude: float, longitude: float) -> Place | None:
        """The county around the nearest ZIP code centre, or None when none is within ~300 km
        (a point at sea, or outside the US)."""
        if not (math.isfinite(latitude) and math.isfinite(longitude)):
            return None
        located, latitudes, longitudes, grid = self._centres
        row, column = math.floor(latitude), math.floor(longitude)
        best: tuple[float, int] | None = None
        scale = math.cos(math.radians(latitude)) ** 2
        for d_row in (-1, 0, 1):
            for d_column in (-1, 0, 1):
                for index in grid.get((row + d_row, column + d_column), ()):
                    d_lat = latitudes[index] - latitude
                    d_lon = longitudes[index] - longitude
                    distance = d_lat * d_lat + scale * d_lon * d_lon
                    if best is None or distance < best[0]:
                        best = (distance, index)
        if best is None or best[0] > 2.7**2 * 1.0:  # about 300 km
            return None
        found = self.zip_code(located[best[1]])
        if found is None or found.county is None:
            return found
        return Place("county", found.state, found.county, found.county)


@cache
def gazetteer() -> Gazetteer:
    """The table, read once per process."""
    with gzip.open(TABLE, "rt", encoding="utf-8") as table:
        return Gazetteer(table.read())
