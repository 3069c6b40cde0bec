"""Reading what a person typed: the situation they describe, the help they ask for, the place.

One `PhraseMatcher` holds every phrase the bot knows (category synonyms, region aliases,
situations, US place names), so they compete fairly for the words typed: the longest and
closest match wins ("substance abuse" is therapy, "abuse" alone a situation; "Des Moines" is in
King County before Iowa), and each typed word is read once for all of them. The search index's
place reader says where (bot/places/reader.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cached_property

from bot.directory.catalog import Directory
from bot.directory.everyday_words import everyday_words
from bot.directory.models import Resource
from bot.directory.phrases import Match, PhraseMatcher
from bot.directory.query import MAX_WORDS, Query, query_of
from bot.directory.search import SearchIndex
from bot.directory.text import ASKING, NEGATABLE, NEGATIONS, asked_for, denied, negated, words
from bot.places.coverage import Coverage, Covered
from bot.places.gazetteer import Place
from bot.places.reader import PlaceReader
from bot.understanding.ages import says_a_child, says_adult
from bot.understanding.lexicon import Excuses
from bot.understanding.situations import TEXT_ONLY, Situations
from bot.understanding.situations_file import Situation

# A message this long tells something ("things at home are really bad"): nobody looking for a
# service by its name types five words.
TELLING_LENGTH = 5
WINDOW_OVERLAP = 10  # words read twice where one part of a long message meets the next


@dataclass(frozen=True)
class Reading:
    """What the bot understood from one message."""

    query: Query  # categories, region, language, and other words
    situations: tuple[str, ...] = ()  # best first
    emergency: bool = False  # a situation that brings the emergency screen first
    place: Place | None = None  # the place named, if it is a US place the bot knows
    covered: Covered | None = None  # the region that covers `place`, and whether exactly
    asks_about: str | None = None  # the screen a question about the bot opens ("privacy")
    tells: bool = False  # it tells about someone's life: "my", "estoy", or five words or more
    named: tuple[Resource, ...] = ()  # the services asked for by name (`with_names_asked`)
    adult: bool = False  # the writer says they are 18 or older ("I'm 28"): ages.py
    child: bool = False  # a child is concerned ("mi hija de 13", "im 15"): ages.py
    for_someone_served: bool = False  # "im a case manager", "soy trabajadora social"


class Understanding:
    """Everything needed to read messages against one loaded directory and its situations."""

    def __init__(self, directory: Directory, index: SearchIndex, situations: Situations) -> None:
        self.directory = directory
        self.index = index
        self.situations = situations
        self._order = {s.id: n for n, s in enumerate(situations)}
        self._excuses = Excuses(situations.not_emergency)

    @cached_property
    def matcher(self) -> PhraseMatcher:
        """The index's phrases (synonyms, places) and the situations', with the situations'
        word classes: made by `prepare`, or by the first search if that comes sooner."""
        return PhraseMatcher(
            (*self.index.phrases, *self.situations.phrases()),
            self.situations.lexicon,
            everyday_words(),
        )

    def prepare(self) -> None:
        """Make now what the first typed search would make (the phrases, places and their
        indexes: about 0.3 s on the shipped content, all of it the content's own words), so
        that no person waits for it and the event loop is not held meanwhile: `serving` and
        the reloader call it in a worker thread."""
        self.matcher.prepare()
        self.index.prepare_terms()

    @property
    def places(self) -> PlaceReader:
        return self.index.places

    @property
    def coverage(self) -> Coverage:
        return self.places.coverage

    def says_text_only(self, reading: Reading) -> bool:
        """Whether the person said they cannot talk (a situation of `text-only` kind: its
        lines all take texts or chats), so only such lines are shown."""
        return any(s == TEXT_ONLY for s in reading.situations)

    def first_in_emergency(self, reading: Reading) -> str | None:
        """The situation understood that answers first under the emergency screen: one that
        brings it (an overdose, a threat), else a hurt body ("he pushed me down the stairs and
        my hip is broken"), else None (the first understood)."""
        by_id = self.situations.by_id
        situations = reading.situations
        if not situations or by_id[situations[0]].emergency:
            return None
        return next((s for s in situations if by_id[s].first_in_emergency), None)

    def identity_beside(self, reading: Reading) -> str | None:
        """Who the person said they are ("im a trans woman"), when the message tells a
        situation too: a situation marked `identity` after the first one understood."""
        by_id = self.situations.by_id
        return next((s for s in reading.situations[1:] if by_id[s].identity), None)

    def acknowledgement(self, situation: str, language: str) -> str:
        """The situation's warm first sentence, in `language` (English if it has none)."""
        acknowledge = self.situations.by_id[situation].acknowledge
        return (
            acknowledge.get(language) or acknowledge.get("en") or next(iter(acknowledge.values()))
        )

    def read(self, text: str) -> Reading:
        """What `text` says: situations, help asked for, place, language."""
        tokens = words(text)[:MAX_WORDS]
        matches = self.matcher.find(tokens)
        safe = self.situations.safe_now_at(tokens)
        where = safe | self.situations.whereabouts_at(tokens)
        if where:  # "hes at work", "im at work" ask for no job
            matches = [m for m in matches if not _only_categories(m) or not where >= {*m.positions}]
        place = self.places.read(text, tokens, matches)
        regions = [(place.covered.region, 1.0)] if place.covered is not None else []
        query = query_of(
            tokens,
            matches,
            self.directory,
            self.index.tag_languages,
            regions=regions,
            skip=place.positions,  # a ZIP code or a state code is no search term
        )
        situations = self._situations(matches, query, tokens)
        by_id = self.situations.by_id
        emergency = any(by_id[s].emergency for s in situations) or (
            any(by_id[s].urgent for s in situations)
            and self.situations.says_right_now(tokens)
            and not safe  # "hes at work rn"
        )
        asks_about = next(
            (t for m in matches for kind, t in m.phrase.targets if kind == "screen"), None
        )
        tells = len(tokens) >= TELLING_LENGTH or not self.situations.telling.isdisjoint(tokens)
        return Reading(
            query,
            situations,
            emergency,
            place.place,
            place.covered,
            asks_about,
            tells,
            adult=says_adult(tokens),
            child=says_a_child(tokens),
            for_someone_served=self.situations.for_someone_served_in(tokens),
        )

    def with_names_asked(self, reading: Reading, limit: int) -> Reading:
        """`reading` with the services a person asked for by name ("casa latina", "king county
        bar"), serving the place named: every word a service uses must be in the name; with a
        place named, every word ("legal aid olympia" asks for legal aid there, not for "CLEAR
        Legal Aid"), or every word but the place's, one of them no word for a kind of help
        ("casa latina seattle"; "job training in seattle" asks for job training, not for
        Goodwill's "Job Training")."""
        query, index = reading.query, self.index
        named = index.named(query.text, limit, every_word=query.region is not None)
        if not named and query.region is not None and query.terms:
            kept = set(query.terms).union(*query.category_words.values())
            named = index.named(" ".join(w for w in words(query.text) if w in kept), limit)
        region, distance = query.region, self.directory.distance
        found = tuple(r for r in named if region is None or distance(r, region) is not None)
        return replace(reading, named=found) if found or reading.named else reading

    def later_crisis(self, whole: str, read: str) -> Reading | None:
        """In a message longer than the part of it that was `read`, a later part that brings
        the emergency screen ("... and tonight I took too many pills"), read MAX_WORDS words at
        a time, each part overlapping the one before. The rest of a long message does not
        change the answer: only a crisis in it does."""
        tokens = words(whole)
        first = min(len(words(read)), MAX_WORDS) - WINDOW_OVERLAP
        step = MAX_WORDS - WINDOW_OVERLAP
        for start in range(max(first, 0), len(tokens) - WINDOW_OVERLAP, step):
            later = self.read(" ".join(tokens[start : start + MAX_WORDS]))
            if later.emergency:
                return later
        return None

    def _situations(self, matches: list[Match], query: Query, tokens: list[str]) -> tuple[str, ...]:
        """The situations matched, best first: specific before general ones (among the
        general, one asked for first: "not suicidal, just tired of everything and need someone
        to talk to"), then by the words their phrases explain, how closely, and the order of
        the file."""
        weight: dict[str, float] = {}
        closest: dict[str, float] = {}
        asked: set[str] = set()
        excused = self._excuses.positions(tokens)
        # "will you call immigration?" asks about the bot: no threat is told in those words
        asked_about = {
            p for m in matches for k, _ in m.phrase.targets if k == "screen" for p in m.positions
        }
        for match in matches:
            if asked_about.issuperset(match.positions):
                continue
            words = set(match.phrase.words)
            if not words & NEGATIONS:  # a phrase with its own "no" says what it says
                if words & NEGATABLE and negated(tokens[: match.start]):
                    continue  # "not suicidal", "no tengo miedo"
                if any(denied(tokens, p) for p in _parts_starts(match.positions)):
                    continue  # "he doesnt hit me", "no one is following me", "... never hit me"
            if excused.intersection(match.positions):
                continue  # "used to be suicidal", "died of an overdose"
            for kind, target in match.phrase.targets:
                if kind == "situation" and target in self.situations.by_id:
                    # Each phrase found is more evidence: "im 17 ... left home" is a runaway.
                    weight[target] = weight.get(target, 0.0) + match.weight
                    closest[target] = max(closest.get(target, 0.0), match.similarity)
                    if asked_for(tokens, match.start) or words & ASKING:
                        asked.add(target)
        by_id = self.situations.by_id

        def rank(s: str) -> tuple[bool, bool, float, float, int]:
            general = by_id[s].general
            return (not general, general and s in asked, weight[s], closest[s], -self._order[s])

        ranked = _outranked(sorted(weight, key=rank, reverse=True), by_id)
        specific = [s for s in ranked if not self.situations.by_id[s].alone]
        if specific or query.categories:
            return tuple(specific)
        return tuple(ranked)


def _only_categories(match: Match) -> bool:
    return all(kind == "category" for kind, _ in match.phrase.targets)


def _parts_starts(positions: tuple[int, ...]) -> list[int]:
    """Where each run of a match's words begins: a phrase found with words between its own
    ("says he will take the kids. he's never hit me") is denied right before any run."""
    return [p for p in positions if p - 1 not in positions]


def _outranked(ranked: list[str], by_id: Mapping[str, Situation]) -> list[str]:
    """`ranked`, with each situation moved before those it `outranks` ("im 16 and have
    nowhere to sleep": the youth lines before the adult shelters)."""
    for situation in list(ranked):
        beaten = [ranked.index(s) for s in by_id[situation].outranks if s in ranked]
        if beaten and min(beaten) < ranked.index(situation):
            ranked.remove(situation)
            ranked.insert(min(beaten), situation)
    return ranked
