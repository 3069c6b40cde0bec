"""The conversation engine: `(event, now) -> Screen`, pure and synchronous.

No I/O, no Telegram types, no memory of anyone: a button's data carries the whole `State`, and
the engine re-derives everything from it and from the loaded content. Forged or stale data
lands on the start screen; emergency words always come first.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import replace

from bot.directory.catalog import Directory
from bot.directory.models import Resource
from bot.directory.search import SearchIndex
from bot.flows import card_codes, deeplink
from bot.flows.buttons import Buttons, placeholder_values
from bot.flows.events import Command, Event, Listed, Located, Pressed, Start, Typed
from bot.flows.flow import Flow
from bot.flows.i18n import Translations, placeholders
from bot.flows.local_line import NO_LOCAL_LINE, NO_LOCAL_LINE_HERE, crisis_area, local_picks
from bot.flows.models import Each, EachRow, Effect, Pick, Show
from bot.flows.picks import LinePicker
from bot.flows.reach import can_text
from bot.flows.resource_card import Cards
from bot.flows.results import NONE_HERE, OPEN_LINE, ResultsLister
from bot.flows.screen import Button, Outcome, Paragraph, Screen
from bot.flows.state import State, unpack
from bot.understanding.answer_texts import NOT_UNDERSTOOD
from bot.understanding.answers import Answers
from bot.understanding.crisis import CrisisWords
from bot.understanding.reading import Reading, Understanding
from bot.understanding.search_page import SearchPage, SharedPlace, search_page

MAX_TYPED_CHARACTERS = 500  # longer text is cut before searching: nobody types a novel to a menu
# ... but a long story may end with a crisis: all of a message (Telegram's limit, the web chat's
# too) is read for one.
MAX_MESSAGE_CHARACTERS = 4096


class Engine:
    """Turns what a person did into the next screen, from one consistent set of content."""

    def __init__(self, flow: Flow, directory: Directory, index: SearchIndex) -> None:
        self.flow = flow
        self.directory = directory
        self.index = index
        self.settings = flow.settings
        self._emergency = CrisisWords(self.settings.emergency_words, flow.situations.not_emergency)
        self.understanding = Understanding(directory, index, flow.situations)
        self.answers = Answers(directory, index, flow.situations, self.settings)
        self._lines = LinePicker(directory, (p for s in flow.screens.values() for p in s.resources))
        self._results = ResultsLister(directory, index, flow.settings)
        self._card_codes = card_codes.deep_links(flow.card_codes)
        self._cards = Cards(flow.translations, directory)
        self._buttons = Buttons(flow, directory)
        self._always = self._resources(flow.situations.always)

    def reworded(self, translations: Translations) -> Engine:
        """This engine speaking `translations` instead (the web chat's wording): what reads
        typed words, picks lines and lists services is shared, not built a second time."""
        other = copy.copy(self)
        other.flow = replace(self.flow, translations=translations)
        other._cards = Cards(translations, self.directory)
        other._buttons = Buttons(other.flow, self.directory)
        return other

    # --- events -------------------------------------------------------------------------

    def handle(self, event: Event, now: dt.datetime) -> Screen:
        """The screen that answers `event` at instant `now` (timezone-aware)."""
        if isinstance(event, Pressed):
            state = self._valid(unpack(event.data))
            return self.render(state or self.start_state(event.language_code), now)
        if isinstance(event, Listed):
            return self._listed(event, now)
        if isinstance(event, Typed):
            return self._typed(event, now)
        if isinstance(event, Located):
            return self._located(event, now)
        if isinstance(event, Start):
            return self.render(self._deep_link(event), now)
        if isinstance(event, Command):
            language = self.language_for(event.language_code)
            screen = self.settings.commands.get(event.name.lower())
            state = (
                State(screen=screen, language=language) if screen else self.start_state(language)
            )
            return self.render(state, now)
        raise TypeError(f"unknown event {event!r}")  # pragma: no cover - exhaustive above

    def start_state(self, language_code: str | None = None) -> State:
        return State(screen=self.settings.start, language=self.language_for(language_code))

    def language_for(self, language_code: str | None) -> str:
        """Our language for an app's language code ('es-419' -> 'es'), else the default."""
        code = (language_code or "").split("-")[0].split("_")[0].lower()
        return code if code in self.settings.languages else self.settings.default_language

    def _other_than_default(self, mixed: frozenset[str]) -> str | None:
        """Of the languages a message mixes, the one that is not the default, if the default is
        one of them: someone who writes a clause of Spanish into English reads Spanish, while
        English is the language around them that everybody writes in."""
        others = sorted(mixed & set(self.settings.languages) - {self.settings.default_language})
        return others[0] if self.settings.default_language in mixed and others else None

    def _valid(self, state: State | None) -> State | None:
        """The state if everything it names still exists (content may have been reloaded)."""
        if state is None:
            return None
        ok = (
            state.screen in self.flow.screens
            and state.language in self.settings.languages
            and (state.category is None or state.category in self.directory.category_by_id)
            and (state.region is None or state.region in self.directory.region_by_id)
            and (state.situation is None or state.situation in self.flow.situations.by_id)
            and (state.identity is None or self._is_identity(state.identity))
        )
        return state if ok and self._complete(state) else None

    def _is_identity(self, situation_id: str) -> bool:
        found = self.flow.situations.by_id.get(situation_id)
        return found is not None and found.identity

    def _complete(self, state: State) -> bool:
        """Whether the state names what its screen shows: the category whose results it
        lists, and the category or place its words name. The engine never makes one that
        does not; forged data can ("1.results.en...0." would list nothing under " · ")."""
        definition = self.flow.screens[state.screen]
        if definition.when_region_known and state.region:
            definition = self.flow.screens[definition.when_region_known]
        if definition.show is Show.RESULTS and state.category is None:
            return False
        translations = self.flow.translations
        for key in (definition.title, definition.text):
            named = placeholders(translations.template(state.language, key)) if key else ()
            if ("category" in named and not state.category) or (
                "region" in named and not state.region
            ):
                return False
        return True

    def _deep_link(self, event: Start) -> State:
        state = self.start_state(event.language_code)
        if not event.payload:
            return state
        link = deeplink.parse(
            event.payload,
            categories=self.directory.category_by_id.keys(),
            regions=self.directory.region_by_id.keys(),
            languages=self.settings.languages,
            commands=self.settings.commands.keys(),
            codes=self._card_codes,  # a printed card's opaque code stands for its words
        )
        if link is None:
            return state
        language = link.language or state.language
        if link.command:
            return State(screen=self.settings.commands[link.command], language=language)
        screen = self._screen_for_category_link() if link.category else self.settings.start
        return State(screen=screen, language=language, category=link.category, region=link.region)

    def _screen_for_category_link(self) -> str:
        """Where a category button from the start screen leads (asking for the place)."""
        for row in self.flow.screens[self.settings.start].rows:
            if isinstance(row, EachRow) and row.each is Each.CATEGORY and row.goto:
                return row.goto
        return self.settings.start

    def _typed(self, event: Typed, now: dt.datetime) -> Screen:
        text = event.text[:MAX_TYPED_CHARACTERS]
        whole = event.text[:MAX_MESSAGE_CHARACTERS]
        fallback = self.language_for(event.language_code)
        reading = self.understanding.read(text)
        if not reading.emergency and len(whole) > len(text):
            later = self.understanding.later_crisis(whole, text)
            if later is not None:
                situations = (*later.situations, *reading.situations)
                reading = replace(reading, situations=situations, emergency=True)
        situation = reading.situations[0] if reading.situations else None
        if situation is None:
            reading = self.understanding.with_names_asked(reading, self.settings.results_per_page)
        language = reading.query.language
        if language not in self.settings.languages or reading.named:
            language = fallback  # a service's name is in no language: "casa latina"
        elif other := self._other_than_default(reading.query.mixed):
            language = other  # "he's hitting her y ella no contesta": Spanish is their own
        text_only = self.understanding.says_text_only(reading)
        identity = self.understanding.identity_beside(reading)
        emergency_languages = self._emergency.languages_in(whole)
        if emergency_languages or reading.emergency:
            situation = self.understanding.first_in_emergency(reading) or situation
            # "911" is an emergency word in every language: answer in the person's own.
            if emergency_languages and language not in emergency_languages:
                language = fallback if fallback in emergency_languages else emergency_languages[0]
            # The place named ("in danger in Seattle") brings its own 24-hour crisis line.
            state = State(
                self.settings.emergency,
                language,
                region=reading.query.region,
                situation=situation,
                text_only=text_only,
                identity=identity,
                child=reading.child,
            )
            return self.render(state, now, reading=reading)
        asks_about = reading.asks_about
        told = situation or reading.query.categories  # these answer first: the lines they need
        if asks_about is not None and asks_about in self.flow.screens and not told:
            # "is this confidential?": the screen that answers it, not a search
            return self.render(State(screen=asks_about, language=language), now)
        state = State(
            screen=self.settings.on_text,
            language=language,
            category=reading.query.categories[0] if reading.query.categories else None,
            region=reading.query.region,
            situation=situation,
            text_only=text_only,
            identity=identity,
            child=reading.child,
        )
        return self.render(state, now, reading=reading)

    def _listed(self, event: Listed, now: dt.datetime) -> Screen:
        """An answer's link that names the services it listed (ids unknown or inactive are
        left out; a link naming none is the state's own screen)."""
        state = self._valid(unpack(event.data))
        if state is None:
            return self.render(self.start_state(event.language_code), now)
        per_page = self.settings.results_per_page
        ids = dict.fromkeys(event.ids.split(".", per_page)[:per_page])
        return self.render(state, now, shown=self._resources(ids))

    def _located(self, event: Located, now: dt.datetime) -> Screen:
        """The help around a shared location, for this answer only."""
        found = self.index.places.locate(event.latitude, event.longitude)
        state = State(
            screen=self.settings.on_text,
            language=self.language_for(event.language_code),
            region=found.covered.region if found.covered else None,
        )
        return self.render(state, now, located=SharedPlace(found.place, found.covered))

    # --- rendering ----------------------------------------------------------------------

    def render(
        self,
        state: State,
        now: dt.datetime,
        *,
        reading: Reading | None = None,
        located: SharedPlace | None = None,
        shown: Sequence[Resource] = (),
    ) -> Screen:
        """The screen for `state`; `reading` is what typed text said (and `located` what a
        shared location did): what only the message knew, for its first page. `shown`, on an
        answer's screen, are the services it lists instead of the state's own."""
        definition = self.flow.screens[state.screen]
        if definition.when_region_known and state.region:
            state = state.to(definition.when_region_known)
            definition = self.flow.screens[state.screen]
        language = state.language
        values = placeholder_values(self.directory, state)
        paragraphs: list[Paragraph] = []
        if definition.title:
            paragraphs.append(
                Paragraph(self._text(language, definition.title, values), heading=True)
            )
        outcome = Outcome.SCREEN
        listed: list[Resource] = []
        text_key = definition.text
        page_count = 1
        open_line: Resource | None = None
        lead: tuple[str, ...] = ()
        text_only = state.text_only and definition.show is not Show.NOTHING
        if text_only and definition.text_only_text:
            text_key = definition.text_only_text
        if definition.show is Show.RESULTS:
            page = self._results.page(state, now)
            listed, page_count, open_line = list(page.resources), page.pages, page.open_line
            state = replace(state, page=page.page)
            outcome = Outcome.RESULTS if page.own else Outcome.NO_RESULTS
            if page.none_key is not None:
                text_key = page.none_key
                if page.none_key == NONE_HERE and definition.empty_text:
                    text_key = definition.empty_text
            values |= {"page": state.page + 1, "pages": page_count}
        elif definition.show is Show.SEARCH:
            found = self._search_page(state, reading, located, shown)
            if found is not None:
                listed, state, page_count = list(found.resources), found.state, found.pages
                lead = found.lead
                values |= {"page": state.page + 1, "pages": page_count}
            outcome = Outcome.SEARCH if found else Outcome.SEARCH_EMPTY
            if not listed and reading is not None and reading.tells and self._always:
                # "my uncle does things to me at night", not understood: never "could not find"
                listed, text_key = self._always, NOT_UNDERSTOOD
                outcome = Outcome.NOT_UNDERSTOOD
            elif not listed:
                listed = self._resources(self.settings.fallback_resources)
                text_key = definition.empty_text or text_key
            if located is not None and located.place is None:
                text_key = "answer.location_unknown"
        elif definition.show is Show.RESOURCES:
            listed = self._lines.pick(definition.resources, state.region)
            if text_only:
                listed = [r for r in listed if can_text(r)]
        if state.screen == self.settings.emergency:
            outcome = Outcome.EMERGENCY
        if Effect.ERASE in definition.effects:
            outcome = Outcome.ERASE
        if lead:
            paragraphs += [Paragraph(sentence) for sentence in lead]
        else:
            paragraphs.append(Paragraph(self._text(language, text_key, values)))
        if state.screen == self.settings.emergency:
            paragraphs += self._no_local_line(definition.resources, state, reading)
        for resource in listed:
            paragraphs += self._card(resource, language, now, definition.compact, text_only)
        if open_line is not None:
            paragraphs.append(Paragraph(self._text(language, OPEN_LINE, values)))
            paragraphs += self._card(open_line, language, now, definition.compact, text_only)
        shown = [*listed, open_line] if open_line is not None else listed
        rows = list(self._buttons.rows(state, page_count))
        if state.screen == self.settings.emergency and state.situation:
            more, row = self._situation_after_emergency(state, shown, now)
            paragraphs += more
            rows.insert(0, row)
        if definition.show in (Show.RESULTS, Show.SEARCH) and page_count > 1:
            paragraphs.append(Paragraph(self._text(language, "results.page", values)))
        return Screen(
            state=state,
            paragraphs=tuple(paragraphs),
            rows=tuple(rows),
            effects=frozenset(definition.effects),
            outcome=outcome,
            listed=tuple(r.id for r in shown),
        )

    def _search_page(
        self,
        state: State,
        reading: Reading | None,
        located: SharedPlace | None,
        shown: Sequence[Resource],
    ) -> SearchPage | None:
        found = search_page(
            self.answers,
            self.flow.translations,
            state,
            per_page=self.settings.results_per_page,
            reading=reading,
            located=located,
        )
        if shown:  # one page of the services named, after what the state alone says first
            return SearchPage(
                replace(state, page=0), found.lead if found else (), tuple(shown), 1, True
            )
        return found

    def _situation_after_emergency(
        self, state: State, shown: list[Resource], now: dt.datetime
    ) -> tuple[list[Paragraph], tuple[Button, ...]]:
        """Under the emergency screen, for a situation that brought it: its acknowledgement,
        its own lines and those of who the person is ("im a trans woman"), not on the screen
        already (added to `shown`), that serve the place named (King County's crisis line is no
        help in Spokane), and a button to everything that helps with it."""
        by_id = self.flow.situations.by_id
        situation = by_id[state.situation or ""]
        language = state.language
        region = state.region
        who = by_id.get(state.identity or "")  # "soy de la reservación": StrongHearts too
        lines = [
            r
            for r in self._resources((*situation.lines, *(who.lines if who else ())))
            if r not in shown and (region is None or self.directory.distance(r, region) is not None)
        ]
        shown += lines
        paragraphs = [Paragraph(self.understanding.acknowledgement(situation.id, language))]
        for resource in lines:
            paragraphs += self._card(resource, language, now, True, state.text_only)
        target = State(  # the place and "text or chat only" come along
            self.settings.on_text,
            language,
            region=region,
            situation=situation.id,
            text_only=state.text_only,
            identity=state.identity,
            child=state.child,
        )
        label = self._text(language, "button.situation_more", {})
        return paragraphs, (Button(label, target.pack()),)

    def _no_local_line(
        self, picks: Sequence[Pick], state: State, reading: Reading | None
    ) -> list[Paragraph]:
        """On the emergency screen, for a place known whose own crisis line the directory does
        not list: a plain sentence saying so, before the national lines."""
        local = local_picks(picks)
        if not local or state.region is None or self._lines.pick(local, state.region):
            return []
        place = reading.place if reading is not None else None
        if place is None:  # chosen earlier: only its region is known
            return [Paragraph(self._text(state.language, NO_LOCAL_LINE_HERE, {}))]
        where = crisis_area(place, state.language)
        return [Paragraph(self._text(state.language, NO_LOCAL_LINE, {"place": where}))]

    def _card(
        self, resource: Resource, language: str, now: dt.datetime, compact: bool, text_only: bool
    ) -> tuple[Paragraph, Paragraph]:
        """A resource's name as a heading, and its card."""
        return self._cards.card(resource, language, now, compact=compact, text_only=text_only)

    def _text(self, language: str, key: str, values: dict[str, object]) -> str:
        return self.flow.translations.text(language, key, **values)

    def _resources(self, ids: Iterable[str]) -> list[Resource]:
        known = self.directory.resource_by_id
        return [known[i] for i in ids if i in known and known[i].is_active]
