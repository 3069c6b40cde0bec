"""Place names as phrases to find in typed text: states, counties, cities; and ZIP codes and
state abbreviations, which need rules of their own.

Every US state (English and Spanish names), county ("King County", "condado de King") and
city is known, with two limits that keep ordinary words from being read as places: a city
outside the states the directory covers is known only if it has three ZIP codes or more (Chicago,
Portland, not Why, Arizona), and a one-word city that is also an everyday word ("Home",
"Union", "Mesa", "Soledad") or a word the bot already understands ("shelter") is not a place
at all. Misspellings count only inside the covered states ("Tacomma", "Bellvue") and for
state names.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache

from bot.directory.everyday_words import everyday_words
from bot.directory.phrases import Phrase
from bot.directory.text import ALL_STOP_WORDS, FUNCTION_WORDS, NEGATIONS, words
from bot.places.gazetteer import (
    AREA_WORDS,
    STATE_NAMES,
    STATES,
    City,
    Gazetteer,
    Place,
    gazetteer,
    split_county,
)

PLACE = "place"  # the kind of target a place phrase has: ("place", key)
MIN_ZIPS_ELSEWHERE = 3  # cities outside the covered states: only those with this many ZIPs
# City names that are everyday English or Spanish words: never read as a place.
EVERYDAY_WORDS = frozenset(
    """
    acme alamo amarillo beaver bonita boring bow buffalo canton center central chance clinton
    commerce concrete eagle early easy energy enterprise eureka fairview freedom friendship
    george hermosa home hope independence index industry joy joyce justice liberty lodi love
    marina mesa mica mobile modesto normal opportunity orange paradise peculiar plain
    pleasant pueblo ranger rice ruby salem salida security sprague startup soledad socorro
    sunset temple union unity usk ventura victoria vida why worth
    buena media largo vista reading plaza malo spring mission chico surprise valley madera
    banks golden holiday cook republic dale diamond crystal monitor fate bishop indio
    gary jackson wilson davis anthony elizabeth anderson pacific
    """.split()  # noqa: SIM905 - a list of words reads best as words
)
# (The second and third lines: the city names that wordfreq counts among the commonest English
# and Spanish words, and first names, which a message names more often than the town.)
# Everyday words people type that a place name is one letter from ("folks": Forks, "espanol":
# Espanola): never read as a misspelt place (spelt right, the place still counts). Those of
# wordfreq's common words are generated (directory/everyday_words.py); these are the words of
# the messages people send here.
TYPED_WORDS = (
    frozenset(
        """
    folks fork forks espanol spanish ingles english sola solo cama camas casa casas calle
    carro comida ropa trabajo dinero kids kid escondida escondidas escondidos killer
    """.split()  # noqa: SIM905 - a list of words reads best as words
    )
    | everyday_words()
)
# Spanish names of cities people may use: (words, state, the city's name in the table).
CITY_EXONYMS = (
    ("nueva york", "NY", "New York"),
    ("nueva orleans", "LA", "New Orleans"),
    ("filadelfia", "PA", "Philadelphia"),
    ("san luis", "MO", "Saint Louis"),
)
# Two-letter state codes that are also everyday words ("in", "me", "la", "de"): only when
# typed in capitals.
AMBIGUOUS_CODES = frozenset(
    "al as co ct de hi id in la ma md me mi mo ms ne oh ok or pa va vi".split()  # noqa: SIM905
)


@dataclass(frozen=True, slots=True)
class PlaceNames:
    """The phrases for places, and what each key stands for."""

    phrases: tuple[Phrase, ...]
    places: dict[str, Place]  # key -> place


def key_of(place: Place) -> str:
    return f"{place.kind}:{place.state}:{place.county or ''}:{place.name}"


@lru_cache(maxsize=4)
def place_names(covered_states: frozenset[str], known_words: frozenset[str]) -> PlaceNames:
    """Phrases for the states, counties and cities of the US, limited as the module says;
    `known_words` are words the bot reads as something else. Kept for the next reload, which
    usually asks the same."""
    taken = set(known_words) | ALL_STOP_WORDS | FUNCTION_WORDS | NEGATIONS | EVERYDAY_WORDS
    places: dict[str, Place] = {}
    phrases: list[Phrase] = []

    def add(text: str, place: Place, *, fuzzy: bool, languages: frozenset[str]) -> None:
        key = tuple(words(text))
        if not key or (len(key) == 1 and key[0] in taken):
            return
        place_key = key_of(place)
        places[place_key] = place
        target = ((PLACE, place_key),)
        phrases.append(Phrase(key, target, languages, fuzzy=fuzzy, stemmed=False))

    both = frozenset({"en", "es"})
    for code, (english, spanish) in STATES.items():
        whole = Place("state", code, None, code)
        add(english, whole, fuzzy=True, languages=both)
        add(spanish, whole, fuzzy=True, languages=both if spanish == english else frozenset({"es"}))
        for other in STATE_NAMES.get(code, ()):
            add(other, whole, fuzzy=False, languages=both)
    table = gazetteer()
    for (name, area), states in _counties(table, covered_states).items():
        county = f"{name} {area}" if area else name
        state = states[0] if len(states) == 1 or states[0] in covered_states else ""
        place = Place("county", state, county, county)  # state "": one of several
        fuzzy = state in covered_states
        if area is None:
            add(county, place, fuzzy=fuzzy, languages=both)
            continue
        english, spanish = AREA_WORDS[area]
        add(english.format(name=name), place, fuzzy=fuzzy, languages=frozenset({"en"}))
        # "condado de King" (found inside "el condado de King" too)
        spanish_name = spanish.format(name=name).split(" ", 1)[1]
        add(spanish_name, place, fuzzy=fuzzy, languages=frozenset({"es"}))
    exonyms = {(code, name): text for text, code, name in CITY_EXONYMS}
    for city in _cities(table, covered_states):
        place = Place("city", city.state, city.county, city.name)
        fuzzy = city.state in covered_states
        add(city.name, place, fuzzy=fuzzy, languages=both)
        if city.name.startswith("Saint "):
            add(f"st {city.name[6:]}", place, fuzzy=False, languages=both)
        exonym = exonyms.get((city.state, city.name))
        if exonym is not None:
            add(exonym, place, fuzzy=False, languages=frozenset({"es"}))
    return PlaceNames(tuple(phrases), places)


def _counties(
    table: Gazetteer, covered_states: Collection[str]
) -> dict[tuple[str, str | None], list[str]]:
    """Each county name (without its area word) and the states that have one, covered first."""
    found: dict[tuple[str, str | None], list[str]] = {}
    for code in STATES:
        for county in sorted(table.counties(code)):
            found.setdefault(split_county(county), []).append(code)
    for states in found.values():
        states.sort(key=lambda state: state not in covered_states)
    return found


def _cities(table: Gazetteer, covered_states: Collection[str]) -> list[City]:
    """One city per name: in a covered state if there is one there, else the biggest."""
    best: dict[str, tuple[bool, int, str, str | None]] = {}
    for name, state, county, count in table.city_rows():
        covered = state in covered_states
        if not covered and count < MIN_ZIPS_ELSEWHERE:
            continue
        known = best.get(name)
        if known is None or (covered, count) > known[:2]:
            best[name] = (covered, count, state, county)
    return [City(name, state, county, count) for name, (_, count, state, county) in best.items()]


def state_code(raw: str, *, shouting: bool) -> str | None:
    """The state a two-letter word stands for ("TX", "wa"), or None. Codes that are everyday
    words count only in capitals, and not when the whole message is in capitals."""
    if len(raw) != 2 or not raw.isalpha():
        return None
    code = raw.upper()
    if code not in STATES:
        return None
    if raw.lower() in AMBIGUOUS_CODES and (not raw.isupper() or shouting):
        return None
    return code
