"""One page of the answer to typed text (or a shared location): what to say first, and who.

The page is rebuilt from the `State` alone when "More" is pressed; what only the typed message
knew (the place as the person named it) is said on the first page only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from bot.directory.models import Resource
from bot.flows.i18n import Translations
from bot.flows.state import MAX_PAGE, State
from bot.places.coverage import Covered
from bot.places.gazetteer import Place
from bot.understanding.answers import Answers
from bot.understanding.reading import Reading

SERVED_KEY = "answer.for_someone_served"  # in place of the acknowledgement to the person


@dataclass(frozen=True)
class SearchPage:
    state: State  # with the page clamped to the pages there are
    lead: tuple[str, ...]  # sentences before the resources (a situation's acknowledgement...)
    resources: tuple[Resource, ...]
    pages: int
    found: bool  # False: nothing was understood, and the fallback lines are shown


@dataclass(frozen=True)
class SharedPlace:
    """A shared location, resolved: the county around it (None: not near any US ZIP code),
    and the region that covers it."""

    place: Place | None
    covered: Covered | None


def search_page(
    answers: Answers,
    translations: Translations,
    state: State,
    *,
    per_page: int,
    reading: Reading | None = None,
    located: SharedPlace | None = None,
) -> SearchPage | None:
    """The page for `state`; None when nothing was understood (the caller says so)."""
    language = state.language
    lead: list[str] = []
    situation = answers.situations.by_id.get(state.situation or "")
    if situation is not None:
        acknowledge = situation.acknowledge
        said = acknowledge.get(language) or next(iter(acknowledge.values()))
        if reading is not None and reading.for_someone_served:  # a case manager, a journalist
            said = translations.text(language, SERVED_KEY)
        lead.append(said)
        if "911" not in said:  # a disclosure is answered with 911 too, once
            lead.append(translations.text(language, "answer.danger"))
    source = reading or located
    place = source.place if source is not None else None
    exact = source.covered.exact if source is not None and source.covered else True
    covered = answers.directory.region_by_id.get(state.region or "")
    place_key: str | None = None  # what to say of the place named, on the first page
    if place is not None and covered is not None and state.page == 0:
        if not exact:
            place_key = "answer.out_of_area" if covered.parent is None else "answer.beyond_area"
        elif situation is None and not state.category and not (reading and reading.query.terms):
            place_key = "answer.place"
    after: list[str] = []
    if located is not None:
        after.append(translations.text(language, "answer.location_used"))

    # "I'm 28": no lines only for minors, unless the message says it began in childhood
    # ("videos of me from when i was 15, i'm 19 now")
    adult = reading is not None and reading.adult and not reading.child
    for_minors = set(situation.for_minors) if situation and adult else set()

    def page(state: State, resources: tuple[Resource, ...], pages: int) -> SearchPage:
        said = list(lead)
        resources = tuple(r for r in resources if r.id not in for_minors)  # "I'm 28"
        if place_key is not None and place is not None and covered is not None:
            key = place_key
            if not any(not answers.directory.is_national(r) for r in resources):
                key = "answer.out_of_area"  # no "help across Washington" above national lines
            values = {"place": place.label(language), "region": covered.label.text(language)}
            said.append(translations.text(language, key, **values))
        return SearchPage(state, (*said, *after), resources, pages, True)

    if reading is not None and situation is None and reading.named:
        return page(state, reading.named, 1)  # asked for a place by its name: that place
    ranked = answers.ranked(
        state.situation,
        state.category,
        state.region,
        language,
        text_only=state.text_only,
        identity=state.identity,
        child=state.child,
    )
    # Words beyond a place ("goodwill in seattle") search first; a place alone lists its help.
    only_a_place = ranked is None or not (state.situation or state.category)
    if only_a_place and reading is not None and reading.query.terms:
        query = reading.query
        # In a sentence about someone's life "entra" is no typo of "entre", and beside a place
        # only words a service uses count ("killer deals" is no search in Keller, WA).
        if reading.tells or ranked is not None:
            query = replace(query, terms=tuple(t for t in query.terms if answers.index.knows(t)))
        found = answers.index.search(query, region=state.region, limit=per_page)
        hits = found.hits if query.terms else ()  # no terms left: the place alone, below
        if hits:
            return page(state, tuple(h.resource for h in hits), 1)
    if ranked is None or ranked.count == 0:
        return None
    pages = max(1, math.ceil(ranked.count / per_page))
    number = min(state.page, pages - 1, MAX_PAGE)
    if number != state.page:
        state = replace(state, page=number)
    return page(state, tuple(ranked.page(number * per_page, per_page)), pages)
