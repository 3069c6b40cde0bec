"""Reading the place in a message: a US city, county, state (names and abbreviations, English
and Spanish) or ZIP code, and the region of the directory that covers it.

Place names are phrases the search's matcher finds among the others (names.py); ZIP codes and
two-letter state codes are read here by rule. A place spelt right beats a misspelt one
("terapia en espanol en Bellevue" is Bellevue, not Espanola), then the most specific place
named wins ("Tacoma, Washington": Tacoma), then the one the directory serves more closely
("me prometió trabajo en Miami pero me trajo a Yakima": Yakima, with Washington's help), the
first on a tie; a city named with its state is that state's city ("Portland, ME"). A word
the bot reads as something else, or an everyday word (names.TYPED_WORDS: "folks", "espanol",
and wordfreq's, directory/everyday_words.py), is never a misspelt place ("my folks" is not
Forks).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.directory.catalog import Directory
from bot.directory.phrases import Match, Phrase
from bot.places.coverage import Coverage, Covered
from bot.places.gazetteer import STATES, Place, gazetteer
from bot.places.names import PLACE, TYPED_WORDS, PlaceNames, place_names, state_code

_ZIP = re.compile(r"^\d{5}$")
_SPECIFIC = {"zip": 3, "city": 2, "county": 1, "state": 0}  # a ZIP code says more than a state
_WORD = re.compile(r"[^\W_]+")
_APOSTROPHE = re.compile(r"(?<=\w)['’](?=\w)")
_CODES = frozenset(code.lower() for code in STATES)  # as folded: "tx", "in"


@dataclass(frozen=True, slots=True)
class PlaceReading:
    place: Place | None  # the place named, if it is a US place the bot knows
    covered: Covered | None  # the region that covers it, and whether exactly
    positions: tuple[int, ...]  # the words read as ZIP or state codes (no search terms)


NOWHERE = PlaceReading(None, None, ())


class PlaceReader:
    """Places for one directory: which are known, and which region covers each."""

    def __init__(self, directory: Directory, known_words: Iterable[str]) -> None:
        self.coverage = Coverage(directory)
        known = frozenset(known_words)
        self._not_misspelt = known | TYPED_WORDS
        self.names: PlaceNames | None = (
            place_names(self.coverage.states, known) if self.coverage.known else None
        )

    @property
    def phrases(self) -> tuple[Phrase, ...]:
        return self.names.phrases if self.names is not None else ()

    def read(self, text: str, tokens: list[str], matches: Iterable[Match]) -> PlaceReading:
        """The place in `text` (folded into `tokens`, where `matches` were found)."""
        names = self.names
        if names is None:
            return NOWHERE
        matches = list(matches)
        found: list[tuple[bool, int, int, Place]] = []  # spelt right, specific, -start
        taken: list[int] = []
        for match in matches:
            named = [names.places[k] for kind, k in match.phrase.targets if kind == PLACE]
            exact = match.similarity == 1.0  # another form ("escondidos") is no place's name
            if named and _came_from(tokens, match.start):
                continue  # "they flew us up from seattle": not where the person is now
            if named and (exact or not self._everyday(match, tokens)):
                # The same words naming a state and a city ("Oregon", "Washington") mean the
                # state; a county and a city, the county.
                place = min(named, key=lambda p: _SPECIFIC[p.kind])
                found.append((exact, _SPECIFIC[place.kind], -match.start, place))
        for position, token in enumerate(tokens):
            if _ZIP.match(token):
                zip_place = gazetteer().zip_code(token)
                if zip_place is not None:
                    found.append((True, _SPECIFIC["zip"], -position, zip_place))
                    taken.append(position)
        covered = {p for m in matches for p in m.positions}
        for position, code in _state_codes(text, tokens, covered):
            taken.append(position)
            found.append((True, 0, -position, Place("state", code, None, code)))
        if not found:
            return PlaceReading(None, None, tuple(taken))
        states = {f[3].state for f in found if f[3].kind == "state"}
        found = [_in_state(f, states) for f in found]
        closeness = self.coverage.closeness
        place = max(found, key=lambda f: (f[0], f[1], closeness(f[3]), f[2]))[3]
        return PlaceReading(place, self.coverage.region_for(place), tuple(taken))

    def _everyday(self, match: Match, tokens: list[str]) -> bool:
        """Whether a misspelt place's words are all words of their own ("folks", "espanol")."""
        return all(tokens[p] in self._not_misspelt for p in match.positions)

    def locate(self, latitude: float, longitude: float) -> PlaceReading:
        """The county around a shared location, and the region covering it."""
        place = gazetteer().nearest(latitude, longitude)
        if place is None or not self.coverage.known:
            return PlaceReading(place, None, ())
        return PlaceReading(place, self.coverage.region_for(place), ())


# A place someone came from ("moved up from portland", "flew us up from seattle") is not
# where they need help; "a shelter not far from seattle" is.
_CAME = frozenset(["came", "come", "moved", "flew", "brought", "drove", "up", "down", "over"])


def _came_from(tokens: list[str], start: int) -> bool:
    return start >= 2 and tokens[start - 1] == "from" and tokens[start - 2] in _CAME


def _state_codes(text: str, tokens: list[str], covered: set[int]) -> list[tuple[int, str]]:
    """Two-letter state codes typed where no phrase was found ("TX", "Portland, ME")."""
    if not any(t in _CODES and p not in covered for p, t in enumerate(tokens)):
        return []  # most messages: no need to read them again as typed
    raw = _WORD.findall(_APOSTROPHE.sub("", text))[: len(tokens)]
    if len(raw) != len(tokens):
        return []
    pairs = [(p, word) for p, word in enumerate(raw) if len(word) == 2 and p not in covered]
    if not pairs:
        return []
    letters = [c for c in text if c.isalpha()]
    shouting = bool(letters) and sum(c.isupper() for c in letters) > len(letters) / 2
    found = []
    for position, word in pairs:
        code = state_code(word, shouting=shouting)
        if code is not None:
            found.append((position, code))
    return found


def _in_state(
    found: tuple[bool, int, int, Place], states: set[str]
) -> tuple[bool, int, int, Place]:
    """A city named with its state ("Portland, ME", "Kent WA") is that state's city."""
    place = found[3]
    if place.kind != "city" or place.state in states or len(states) != 1:
        return found
    other = gazetteer().city(next(iter(states)), place.name)
    return found if other is None else (*found[:3], other)
