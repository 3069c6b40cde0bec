"""Search: what a person typed, understood, and the resources that answer it, best first.

`SearchIndex.build(directory)` runs once per loaded directory; `search` then answers in under a
millisecond, on the shipped directory as on 100,000 entries (bench/results/directory.md).

How a search works:
1. **Understand** the text: fold case and accents, then find category synonyms and region
   aliases in it, multi-word ones included ("somewhere to sleep", "king county"), forgiving
   typos in words of five letters or more ("lawer", "seatle", "abogao"). What is left, minus
   stop words ("I need a", "necesito un"), are the terms.
2. **Filter**: only active resources; the category, the region (given, or else recognised in
   the text) with every region containing it, the language, and "open now".
3. **Rank**: every recognised category and every term that matches a known word is one concept.
   A resource earns credit per concept (in the category; the word in its name or tags, with
   less for a misspelling) and its score is its share of the full credit, 0-100. Equal scores
   go local first (smaller region distance), then resources speaking the preferred language,
   then by name.

For speed, resources are numbered in name order and every set of them (a category, a region,
the resources whose name holds a word) is a Python int used as a bitmask: intersections cost a
microsecond even over 100,000 resources, and reading the lowest bits first yields name order.
Typed words are matched with rapidfuzz against the small vocabulary of distinct words, never
against each resource.
"""

from __future__ import annotations

import datetime as dt
import sys
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Literal

from bot.directory import list_order
from bot.directory.catalog import Directory
from bot.directory.gc_pause import collector_paused
from bot.directory.hours import Schedule, minute_of_week, schedule_of
from bot.directory.models import Resource
from bot.directory.text import (
    Vocabulary,
    fold,
    is_stop_word,
    stop_word_languages,
    variants,
    words,
)

Bits = int  # a set of resources: bit n is the resource of rank n (name order)

FULL_CREDIT = 10  # what one concept is worth when a resource answers it perfectly
NAME_CREDIT = 10  # the word is in the resource's name (or its organization's)
TAG_CREDIT = 9  # the word is one of the resource's tags
IN_CATEGORY_NAMED_CREDIT = 10  # in the category, and its name or tags say so too
IN_CATEGORY_CREDIT = 8
NAMED_ONLY_CREDIT = 5  # not in the category, but its name or tags use the same words

MAX_WORDS = 24  # only the first words of a very long message are read
MAX_CONCEPTS = 8


@dataclass(frozen=True)
class Query:
    """What was understood from the typed text."""

    text: str  # the normalised text: folded words separated by single spaces
    categories: tuple[str, ...]  # category ids recognised in the text, best match first
    region: str | None  # region id recognised from an alias ("Burien" -> "wa-king")
    language: str | None  # language of the matched words ("abogado" -> "es"); None if unclear
    terms: tuple[str, ...]  # the remaining meaningful words


@dataclass(frozen=True)
class Hit:
    resource: Resource
    score: float  # 0-100: the share of what was asked that this resource answers
    distance: int | None  # region distance when a region applies (0 = serves exactly it)


@dataclass(frozen=True)
class SearchResult:
    query: Query
    hits: tuple[Hit, ...]  # best first


@dataclass(frozen=True, slots=True)
class _Phrase:
    """A category synonym or region alias, as folded words, and what it stands for."""

    words: tuple[str, ...]
    targets: tuple[tuple[Literal["category", "region"], str], ...]
    languages: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Match:
    start: int
    phrase: _Phrase
    similarity: float

    @property
    def span(self) -> range:
        return range(self.start, self.start + len(self.phrase.words))


@dataclass(frozen=True)
class _Understood:
    query: Query
    category_words: Mapping[str, frozenset[str]]  # per category, the words that named it


class _Postings:
    """The resources holding each word: a bitmask for common words, a compact array for rare."""

    def __init__(self, lists: Mapping[str, list[int]], size: int) -> None:
        dense = max(1, size // 32)  # from here on a bitmask takes less room than an array
        self._masks = {w: bits_of(p, size) for w, p in lists.items() if len(p) >= dense}
        self._arrays = {w: array("I", p) for w, p in lists.items() if len(p) < dense}
        self._size = size

    def bits(self, word: str) -> Bits:
        mask = self._masks.get(word)
        if mask is not None:
            return mask
        positions = self._arrays.get(word)
        return bits_of(positions, self._size) if positions else 0

    def words(self) -> set[str]:
        return set(self._masks) | set(self._arrays)


class SearchIndex:
    """Everything `search` and `browse` need, computed once from a loaded `Directory`."""

    def __init__(
        self,
        directory: Directory,
        resources: tuple[Resource, ...],
        phrases: Mapping[str, tuple[_Phrase, ...]],
        names: _Postings,
        tags: _Postings,
        tag_languages: Mapping[str, frozenset[str]],
        categories: Mapping[str, Bits],
        regions: Mapping[str, Bits],
        languages: Mapping[str, Bits],
        known_hours: Bits,
    ) -> None:
        self.directory = directory
        self._resources = resources
        self._everyone: Bits = (1 << len(resources)) - 1
        self._phrases_by_first = phrases
        self._phrase_vocabulary = Vocabulary(
            w for ps in phrases.values() for p in ps for w in p.words
        )
        self._names = names
        self._tags = tags
        self._term_vocabulary = Vocabulary(names.words() | tags.words())
        self._tag_languages = tag_languages
        self._categories = categories
        self._regions = regions
        self._languages = languages
        self._known_hours = known_hours
        self._schedules: list[Schedule | None] = [None] * len(resources)

    @classmethod
    def build(cls, directory: Directory) -> SearchIndex:
        """Index the active resources of `directory` (inactive ones are never returned)."""
        with collector_paused():
            return cls._build(directory)

    @classmethod
    def _build(cls, directory: Directory) -> SearchIndex:
        resources = tuple(
            sorted(
                (r for r in directory.resources if r.is_active),
                key=lambda r: (fold(r.name), r.id),
            )
        )
        size = len(resources)
        names: defaultdict[str, list[int]] = defaultdict(list)
        tags: defaultdict[str, list[int]] = defaultdict(list)
        tag_languages: defaultdict[str, set[str]] = defaultdict(set)
        categories: defaultdict[str, list[int]] = defaultdict(list)
        regions: defaultdict[str, list[int]] = defaultdict(list)
        languages: defaultdict[str, list[int]] = defaultdict(list)
        known_hours: list[int] = []
        # Tags come from a small vocabulary and repeat from entry to entry: each distinct tag
        # is split into its meaningful words once.
        words_of_tag: dict[str, set[str]] = {}
        for rank, resource in enumerate(resources):
            for word in _meaningful(words(f"{resource.name} {resource.organization or ''}")):
                names[word].append(rank)
            tag_words: set[str] = set()
            for language, terms in resource.tags.items():
                for term in terms:
                    found = words_of_tag.get(term)
                    if found is None:
                        found = words_of_tag[term] = _meaningful(words(term))
                    tag_words.update(found)
                    for word in found:
                        tag_languages[word].add(language)
            for word in tag_words:
                tags[word].append(rank)
            for category_id in resource.categories:
                categories[category_id].append(rank)
            for region_id in resource.regions:
                regions[region_id].append(rank)
            for language in set(resource.languages):
                languages[language].append(rank)
            if _hours_known(resource):
                known_hours.append(rank)
        return cls(
            directory=directory,
            resources=resources,
            phrases=_phrases(directory),
            names=_Postings(names, size),
            tags=_Postings(tags, size),
            tag_languages={w: frozenset(ls) for w, ls in tag_languages.items()},
            categories={c.id: bits_of(categories[c.id], size) for c in directory.categories},
            regions={r.id: bits_of(regions[r.id], size) for r in directory.regions},
            languages={lang: bits_of(p, size) for lang, p in languages.items()},
            known_hours=bits_of(known_hours, size),
        )

    def understand(self, text: str) -> Query:
        """What `text` asks for: categories, a region, its language, and the other words."""
        return self._understand(text).query

    def search(
        self,
        text: str,
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
        ValueError, as does a naive `open_at`.
        """
        self._check_ids(category, region, open_at)
        understood = self._understand(text)
        query = understood.query
        tiers = self._tiers(region or query.region)
        allowed = self._allowed(category, tiers, language, open_at)
        if limit <= 0:
            return SearchResult(query, ())
        concepts = self._concepts(understood)[:MAX_CONCEPTS]
        if concepts:
            groups = _score_groups(allowed, concepts)
        elif query.region is not None and allowed:
            groups = [(100.0, allowed)]
        else:
            groups = []
        hits: list[Hit] = []
        for score, group in groups:
            for distance, rank in self._ordered(group, tiers, prefer_language or query.language):
                if open_at is None or self._is_open(rank, open_at):
                    hits.append(Hit(self._resources[rank], score, distance))
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
            (distance, self._resources[rank])
            for distance, rank in self._ordered(allowed, tiers, prefer_language)
            if open_at is None or self._is_open(rank, open_at)
        ]
        return tuple(list_order.in_order(found, prefer_language))

    # Understanding the text

    def _understand(self, text: str) -> _Understood:
        tokens = words(text)[:MAX_WORDS]
        matches = self._phrase_matches(tokens)
        covered = {i for m in matches for i in m.span}
        categories: dict[str, tuple[float, int]] = {}
        category_words: defaultdict[str, set[str]] = defaultdict(set)
        regions: list[tuple[int, float, int, str]] = []
        evidence: list[frozenset[str]] = []
        for match in matches:
            evidence.append(match.phrase.languages)
            for kind, target in match.phrase.targets:
                if kind == "category":
                    best = categories.get(target, (0.0, 0))
                    categories[target] = max(best, (match.similarity, -match.start))
                    category_words[target].update(_meaningful(match.phrase.words))
                else:
                    depth = self.directory.region_depth(target)
                    regions.append((depth, match.similarity, -match.start, target))
        terms: list[str] = []
        for index, token in enumerate(tokens):
            if index in covered:
                continue
            if is_stop_word(token):
                evidence.append(stop_word_languages(token))
            elif token not in terms:
                terms.append(token)
                evidence.append(self._tag_languages.get(token, frozenset()))
        query = Query(
            text=" ".join(tokens),
            categories=tuple(sorted(categories, key=lambda c: categories[c], reverse=True)),
            region=max(regions)[3] if regions else None,
            language=_language_of(evidence),
            terms=tuple(terms),
        )
        return _Understood(query, {c: frozenset(ws) for c, ws in category_words.items()})

    def _phrase_matches(self, tokens: list[str]) -> list[_Match]:
        """Non-overlapping synonym and alias matches, longest and closest first."""
        known = [
            ({t: 1.0} if t in self._phrase_vocabulary else {})
            if is_stop_word(t)  # stop words never stand for a misspelt word
            else self._phrase_vocabulary.close(t)
            for t in tokens
        ]
        found: list[_Match] = []
        for start, candidates in enumerate(known):
            for word, similarity in candidates.items():
                for phrase in self._phrases_by_first.get(word, ()):
                    end = start + len(phrase.words)
                    if end > len(tokens):
                        continue
                    sims = [similarity]
                    for offset, expected in enumerate(phrase.words[1:], start=start + 1):
                        sim = known[offset].get(expected)
                        if sim is None:
                            break
                        sims.append(sim)
                    else:
                        found.append(_Match(start, phrase, sum(sims) / len(sims)))
        found.sort(key=lambda m: (-len(m.phrase.words), -m.similarity, m.start))
        chosen: list[_Match] = []
        taken: set[int] = set()
        for match in found:
            if taken.isdisjoint(match.span):
                chosen.append(match)
                taken.update(match.span)
        return sorted(chosen, key=lambda m: m.start)

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

    def _concepts(self, understood: _Understood) -> list[list[tuple[int, Bits]]]:
        """Per concept, the resources earning each credit (disjoint sets, highest credit first)."""
        concepts = []
        for category_id in understood.query.categories:
            in_category = self._categories[category_id]
            named = 0
            for word in understood.category_words.get(category_id, ()):
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
        for term in understood.query.terms:
            by_credit: defaultdict[int, Bits] = defaultdict(int)
            for word, similarity in self._term_vocabulary.close(term).items():
                by_credit[round(NAME_CREDIT * similarity)] |= self._names.bits(word)
                by_credit[round(TAG_CREDIT * similarity)] |= self._tags.bits(word)
            if by_credit:  # a word no resource uses says nothing about any of them
                concepts.append(_disjoint(by_credit))
        return concepts

    def _ordered(
        self,
        group: Bits,
        tiers: list[tuple[int | None, Bits]],
        prefer_language: str | None,
    ) -> Iterator[tuple[int | None, int]]:
        """(distance, rank) of the resources in `group`: nearest first, then speaking the
        preferred language, then by name."""
        preferred = self._languages.get(prefer_language, 0) if prefer_language else 0
        for distance, tier in tiers:
            here = group & tier
            if not here:
                continue
            speaking = here & preferred
            for part in (speaking, here ^ speaking):
                for rank in positions(part):
                    yield distance, rank

    def _is_open(self, rank: int, at: dt.datetime) -> bool:
        schedule = self._schedules[rank]
        if schedule is None:
            schedule = self._schedules[rank] = schedule_of(self._resources[rank].hours)
        if schedule.always_open:
            return True
        if not schedule.known or schedule.zone is None:
            return False
        return schedule.is_open_at_minute(minute_of_week(at, schedule.zone))


def _hours_known(resource: Resource) -> bool:
    hours = resource.hours
    return hours is not None and (hours.open_24_7 or bool(hours.weekly))


def _score_groups(
    allowed: Bits, concepts: list[list[tuple[int, Bits]]]
) -> list[tuple[float, Bits]]:
    """The allowed resources grouped by total credit, best group first, zero credit dropped.

    Adds up credits set by set: each concept splits every group by the credit it gives, so the
    work depends on the number of distinct totals, not on the number of resources.
    """
    totals: dict[int, Bits] = {0: allowed}
    for levels in concepts:
        next_totals: defaultdict[int, Bits] = defaultdict(int)
        for total, group in totals.items():
            rest = group
            for credit, earners in levels:
                earned = rest & earners
                if earned:
                    next_totals[total + credit] |= earned
                    rest ^= earned
            if rest:
                next_totals[total] |= rest
        totals = next_totals
    best = FULL_CREDIT * len(concepts)
    return [
        (round(100 * total / best, 1), totals[total])
        for total in sorted(totals, reverse=True)
        if total > 0
    ]


def _disjoint(by_credit: Mapping[int, Bits]) -> list[tuple[int, Bits]]:
    """Keep each resource only under its best credit."""
    levels, seen = [], 0
    for credit in sorted(by_credit, reverse=True):
        bits = by_credit[credit]
        bits ^= bits & seen
        seen |= bits
        if bits and credit > 0:
            levels.append((credit, bits))
    return levels


def _meaningful(tokens: Iterable[str]) -> set[str]:
    return {t for t in tokens if not is_stop_word(t)}


def _language_of(evidence: list[frozenset[str]]) -> str | None:
    """The language with the most words that belong to it alone; None on a tie or no clue."""
    counts: defaultdict[str, int] = defaultdict(int)
    for languages in evidence:
        if len(languages) == 1:
            counts[next(iter(languages))] += 1
    ranked = sorted(counts.items(), key=lambda item: item[1], reverse=True)
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def _phrases(directory: Directory) -> dict[str, tuple[_Phrase, ...]]:
    """Category synonyms and labels, region aliases and labels, indexed by their first word."""
    targets: defaultdict[tuple[str, ...], set[tuple[Literal["category", "region"], str]]]
    targets = defaultdict(set)
    languages: defaultdict[tuple[str, ...], set[str]] = defaultdict(set)

    def add(kind: Literal["category", "region"], target: str, language: str, text: str) -> None:
        key = tuple(words(text))
        if key and not all(is_stop_word(w) for w in key):  # "us" is a pronoun, not a country
            targets[key].add((kind, target))
            languages[key].add(language)

    for category in directory.categories:
        for language, label in category.label.items():
            add("category", category.id, language, label)
        for language, terms in category.synonyms.items():
            for term in terms:
                add("category", category.id, language, term)
    for region in directory.regions:
        for language, label in region.label.items():
            add("region", region.id, language, label)
        for language, terms in region.aliases.items():
            for term in terms:
                add("region", region.id, language, term)
    by_first: defaultdict[str, list[_Phrase]] = defaultdict(list)
    for key, kinds in targets.items():
        by_first[key[0]].append(_Phrase(key, tuple(sorted(kinds)), frozenset(languages[key])))
    return {first: tuple(phrases) for first, phrases in by_first.items()}


def bits_of(positions: Iterable[int], size: int) -> Bits:
    """The bitmask with the bits at `positions` set."""
    buffer = bytearray(size // 8 + 1)
    for position in positions:
        buffer[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(buffer, "little")


def positions(bits: Bits) -> Iterator[int]:
    """The set bits of `bits`, lowest first, reading 64 bits at a time."""
    if not bits:
        return
    count = (bits.bit_length() + 63) // 64
    chunks = array("Q", bits.to_bytes(count * 8, "little"))
    if sys.byteorder == "big":
        chunks.byteswap()
    for index, chunk in enumerate(chunks):
        while chunk:
            low = chunk & -chunk
            yield index * 64 + low.bit_length() - 1
            chunk ^= low
