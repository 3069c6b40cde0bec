"""Search: what a person typed, understood, and the resources that answer it, best first.

`SearchIndex.build(directory)` runs once per loaded directory; `search` then answers in under a
millisecond, on the shipped directory as on 100,000 entries (bench/results/directory.md).

1. **Understand** the text (query.py): category synonyms, places (bot/places/), the other
   meaningful words, the terms. (bot/understanding/ reads situations too, and hands search a
   `Query`.)
2. **Filter**: active resources; the category, the region (given, or recognised in the text)
   with every region containing it, the language, and "open now".
3. **Rank**: each recognised category and each term matching a known word is a concept; a
   resource earns credit per concept (in the category; the word in its name or tags, less for a
   misspelling); its score is its share of the full credit, 0-100. Equal scores go local
   first, then in the preferred language, then by name.

Every set of resources is a bitmask (bits.py, index_parts.py), so 100,000 entries cost what a
few hundred do; typed words are matched against the small vocabulary of distinct words, never
against each resource. `ranked` orders given sets (a situation's lines, its tags, a category)
as list_order does (set_order.py), a page at a time.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cached_property
from itertools import islice

from bot.directory import list_order
from bot.directory.bits import Bits, bits_of, disjoint, positions, score_groups
from bot.directory.catalog import Directory
from bot.directory.everyday_words import everyday_words
from bot.directory.gc_pause import collector_paused
from bot.directory.hits import Hit, Ranked, SearchResult
from bot.directory.hours import Schedule, minute_of_week, schedule_of
from bot.directory.index_parts import IndexParts, build_parts, class_groups
from bot.directory.models import Resource
from bot.directory.phrases import Phrase, PhraseMatcher
from bot.directory.query import MAX_WORDS, Query, directory_phrases, query_of
from bot.directory.set_order import SetOrder
from bot.directory.text import Vocabulary, is_stop_word, variants, words
from bot.places.reader import PlaceReader

FULL_CREDIT = 10  # what one concept is worth when a resource answers it perfectly
NAME_CREDIT = 10  # the word is in the resource's name (or its organization's)
TAG_CREDIT = 9  # the word is one of the resource's tags
IN_CATEGORY_NAMED_CREDIT = 10  # in the category, and its name or tags say so too
IN_CATEGORY_CREDIT = 8
NAMED_ONLY_CREDIT = 5  # not in the category, but its name or tags use the same words

MAX_CONCEPTS = 8


class SearchIndex:
    """Everything `search` and `browse` need, computed once from a loaded `Directory`."""

    def __init__(self, directory: Directory, parts: IndexParts) -> None:
        self.directory = directory
        self.resources = parts.resources  # by rank
        self._everyone: Bits = (1 << len(parts.resources)) - 1
        self._names = parts.names
        self._tags = parts.tags
        self._tag_phrases = parts.tag_phrases  # whole tags, folded: "sexual assault"
        self._term_vocabulary = Vocabulary(parts.names.keys() | parts.tags.keys())
        self._tag_languages = parts.tag_languages
        self._categories = parts.categories
        self._regions = parts.regions
        self._languages = parts.languages
        self._known_hours = parts.known_hours
        self._classes = parts.classes  # ((unreachable, priority, not 24/7), resources), sorted
        self._named_for = parts.named_for
        self._rank_of = {r.id: rank for rank, r in enumerate(parts.resources)}
        self._schedules: list[Schedule | None] = [None] * len(parts.resources)
        self.order = SetOrder(parts.languages, class_groups(parts.classes), parts.specificity)

    # The phrases (synonyms and US place names) are built when first needed, not during
    # start-up (about 0.1 s, mostly the place names): by Understanding.prepare in a worker
    # thread once the content is served, or at the first search if that comes sooner.

    @cached_property
    def _own_phrases(self) -> list[Phrase]:
        return directory_phrases(self.directory)

    @cached_property
    def places(self) -> PlaceReader:
        """Which US places the directory covers, and how to read them in a message."""
        own = self._own_phrases
        # Words that mean something else (not the regions' own names) are no place names.
        known = {w for p in own if all(k != "region" for k, _ in p.targets) for w in p.words}
        return PlaceReader(self.directory, known)

    @cached_property
    def phrases(self) -> tuple[Phrase, ...]:
        return (*self._own_phrases, *self.places.phrases)

    @cached_property
    def matcher(self) -> PhraseMatcher:
        return PhraseMatcher(self.phrases, everyday=everyday_words())

    def prepare_terms(self) -> None:
        """Make the index of the resources' words' misspellings now, not at the first search."""
        self._term_vocabulary.prepare()

    @classmethod
    def build(cls, directory: Directory) -> SearchIndex:
        """Index the active resources of `directory` (inactive ones are never returned)."""
        with collector_paused():
            return cls(directory, build_parts(directory))

    def understand(self, text: str) -> Query:
        """What `text` asks for: categories, a region, its language, and the other words."""
        tokens = words(text)[:MAX_WORDS]
        matches = self.matcher.find(tokens)
        place = self.places.read(text, tokens, matches)
        regions = [(place.covered.region, 1.0)] if place.covered is not None else []
        return query_of(
            tokens,
            matches,
            self.directory,
            self._tag_languages,
            regions=regions,
            skip=place.positions,
        )

    @property
    def tag_languages(self) -> Mapping[str, frozenset[str]]:
        """The languages each tag word is written in (evidence of the language typed)."""
        return self._tag_languages

    def search(
        self,
        text: str | Query,
        *,
        category: str | None = None,
        region: str | None = None,
        language: str | None = None,
        prefer_language: str | None = None,
        open_at: dt.datetime | None = None,
        limit: int = 10,
    ) -> SearchResult:
        """The active resources that best answer `text`, best first, at most `limit` of them.

        - `category`: only resources in it. `region`: only resources serving it or a region
          containing it; when None, a region named in the text is used the same way.
        - `language`: only resources whose staff speak it (unlisted languages do not count).
        - `prefer_language`: among equally good matches at the same distance, resources
          speaking it come first; when None, the language the text was typed in is preferred.
        - `open_at` (time-zone aware): only resources known to be open at that instant; those
          whose hours are unknown (none given, or only a note) are left out too.

        Nothing recognised in the text means no hits, except that a text naming only a place
        lists everything serving it (score 100). Unknown category or region ids raise
        ValueError, as does a naive `open_at`. `text` may be a Query understood already.
        """
        self._check_ids(category, region, open_at)
        query = self.understand(text) if isinstance(text, str) else text
        tiers = self._tiers(region or query.region)
        allowed = self._allowed(category, tiers, language, open_at)
        if limit <= 0:
            return SearchResult(query, ())
        concepts = self._concepts(query)[:MAX_CONCEPTS]
        if concepts:
            groups = score_groups(allowed, concepts, FULL_CREDIT)
        elif query.region is not None and allowed:
            groups = [(100.0, allowed)]
        else:
            groups = []
        hits: list[Hit] = []
        language = prefer_language or query.language
        for score, group in groups:
            for distance, rank in self.order.nearest_first(group, tiers, language):
                if open_at is None or self._is_open(rank, open_at):
                    hits.append(Hit(self.resources[rank], score, distance))
                    if len(hits) == limit:
                        return SearchResult(query, tuple(hits))
        return SearchResult(query, tuple(hits))

    def browse(
        self,
        category: str,
        region: str | None,
        *,
        open_at: dt.datetime | None = None,
        prefer_language: str | None = None,
    ) -> tuple[Resource, ...]:
        """Every active resource in `category` serving `region` (None: anywhere), in the order
        of `list_order` (local first, staff's priority, 24/7, `prefer_language`, specific
        before general, referral-only last). `open_at` keeps only resources known to be open
        then, as in `search`."""
        self._check_ids(category, region, open_at)
        tiers = self._tiers(region)
        allowed = self._allowed(category, tiers, None, open_at)
        found = [
            (distance, self.resources[rank])
            for distance, rank in self.order.nearest_first(allowed, tiers, prefer_language)
            if open_at is None or self._is_open(rank, open_at)
        ]
        return tuple(list_order.in_order(found, prefer_language))

    def named_for(self, category: str | None) -> Bits:
        """The resources that say they do `category`'s kind of help (index_parts.named_for)."""
        return self._named_for.get(category, 0) if category else 0

    def members(
        self,
        *,
        categories: Iterable[str] = (),
        tags: Iterable[str] = (),
        resources: Iterable[str] = (),
    ) -> Bits:
        """The active resources in any of `categories`, with any of `tags` (whole tags, any
        language) or among `resources` (ids); unknown ones add nothing."""
        found = 0
        for category in categories:
            found |= self._categories.get(category, 0)
        for tag in tags:
            found |= self._tag_phrases.bits(" ".join(words(tag)))
        for resource_id in resources:
            rank = self._rank_of.get(resource_id)
            if rank is not None:
                found |= 1 << rank
        return found

    def knows(self, word: str) -> bool:
        """Whether a service's name or tags use `word` or a form of it ("lawyers")."""
        return any(form in self._term_vocabulary for form in variants(word))

    def named(self, text: str, limit: int = 5, *, every_word: bool = False) -> list[Resource]:
        """Resources whose name holds every word of `text` that a service uses (`every_word`:
        every word), two words at least, one of them as written and the others as written or
        misspelt ("casa latina", "i called casa latna"): a person asking for a place by name."""
        meaningful = [w for w in dict.fromkeys(words(text)[:MAX_WORDS]) if not is_stop_word(w)]
        if len(meaningful) < 2 or not any(self._names.bits(w) for w in meaningful):
            return []  # one word of a name must be typed as written: no typo search needed
        vocabulary = self._term_vocabulary
        found = self._everyone
        matched = 0
        exact = False
        for word in meaningful:
            named = self._names.bits(word)
            if named:
                exact = True
            elif word not in vocabulary:  # a misspelling of a name's word, or nobody's word
                close = vocabulary.close(word)
                if not close and not every_word:  # no service uses "called": it says nothing
                    continue
                for known in close:
                    named |= self._names.bits(known)
            found &= named
            matched += 1
            if not found:
                return []
        if matched < 2 or not exact:
            return []
        return [self.resources[rank] for rank in islice(positions(found), limit)]

    def select(self, keep: Callable[[Resource], bool]) -> Bits:
        """The active resources for which `keep` is true (reads every one: cache the result)."""
        size = len(self.resources)
        return bits_of((rank for rank, r in enumerate(self.resources) if keep(r)), size)

    def reachable(self) -> Bits:
        """The resources a person can contact directly (list_order.reachable_directly)."""
        found = 0
        for (unreachable, _, _), members in self._classes:
            if not unreachable:
                found |= members
        return found

    def members_all(self) -> Bits:
        """Every active resource."""
        return self._everyone

    def ranked(
        self,
        groups: Sequence[Bits],
        region: str | None,
        *,
        prefer_language: str | None = None,
        preferred: Bits = 0,
    ) -> Ranked:
        """The resources of `groups` serving `region`, each group before the next (a resource
        in two counts in the first), each in the order of `list_order` (referral-only last,
        nearest, staff's priority, then those in `preferred`, 24/7, speaking
        `prefer_language`, specific, by name)."""
        tiers = tuple(self._tiers(region))
        allowed = 0
        for _, tier in tiers:
            allowed |= tier
        parts: list[Bits] = []
        seen = 0
        for group in groups:
            group &= allowed & ~seen
            seen |= group
            if group:
                parts.append(group)
        count = sum(p.bit_count() for p in parts)
        return Ranked(self, tuple(parts), tiers, prefer_language, count, preferred)

    # Filtering and ranking

    def _check_ids(
        self, category: str | None, region: str | None, open_at: dt.datetime | None
    ) -> None:
        if category is not None and category not in self._categories:
            raise ValueError(f"unknown category {category!r}")
        if region is not None and region not in self._regions:
            raise ValueError(f"unknown region {region!r}")
        if open_at is not None and (open_at.tzinfo is None or open_at.utcoffset() is None):
            raise ValueError(f"{open_at!r} has no time zone: pass an aware datetime")

    def _tiers(self, region: str | None) -> list[tuple[int | None, Bits]]:
        """The resources serving `region`, split by distance: exact region first, then up."""
        if region is None:
            return [(None, self._everyone)]
        tiers: list[tuple[int | None, Bits]] = []
        seen = 0
        for distance, region_id in enumerate(self.directory.region_chain(region)):
            serving = self._regions.get(region_id, 0)
            tier = serving ^ (serving & seen)
            seen |= serving
            if tier:
                tiers.append((distance, tier))
        return tiers

    def _allowed(
        self,
        category: str | None,
        tiers: list[tuple[int | None, Bits]],
        language: str | None,
        open_at: dt.datetime | None,
    ) -> Bits:
        allowed = 0
        for _, tier in tiers:
            allowed |= tier
        if category is not None:
            allowed &= self._categories[category]
        if language is not None:
            allowed &= self._languages.get(language, 0)
        if open_at is not None:
            allowed &= self._known_hours
        return allowed

    def _concepts(self, query: Query) -> list[list[tuple[int, Bits]]]:
        """Per concept, the resources earning each credit (disjoint sets, highest credit first)."""
        concepts = []
        for category_id in query.categories:
            in_category = self._categories[category_id]
            named = 0
            for word in query.category_words.get(category_id, ()):
                for form in variants(word):  # "lawyer" names "Seattle Immigrant Lawyers"
                    named |= self._names.bits(form) | self._tags.bits(form)
            both = in_category & named
            concepts.append(
                [
                    (IN_CATEGORY_NAMED_CREDIT, both),
                    (IN_CATEGORY_CREDIT, in_category ^ both),
                    (NAMED_ONLY_CREDIT, named ^ both),
                ]
            )
        for term in query.terms:
            by_credit: defaultdict[int, Bits] = defaultdict(int)
            for word, similarity in self._term_vocabulary.close(term).items():
                by_credit[round(NAME_CREDIT * similarity)] |= self._names.bits(word)
                by_credit[round(TAG_CREDIT * similarity)] |= self._tags.bits(word)
            if by_credit:  # a word no resource uses says nothing about any of them
                concepts.append(disjoint(by_credit))
        return concepts

    def _is_open(self, rank: int, at: dt.datetime) -> bool:
        schedule = self._schedules[rank]
        if schedule is None:
            schedule = self._schedules[rank] = schedule_of(self.resources[rank].hours)
        if schedule.always_open:
            return True
        if not schedule.known or schedule.zone is None:
            return False
        return schedule.is_open_at_minute(minute_of_week(at, schedule.zone))
