"""Finding known phrases in typed words: category synonyms, place names, situations.

A typed word matches a phrase's word when it is the same word, has the same Snowball stem in
the phrase's language ("hitting" for "hits", "violada" for "violaron"), or is a likely
misspelling of it (words of five letters or more: "pasport", "abogao"; never a word the
phrases use or an everyday word, which is taken as itself: "tiene" is not "viene"). Function
words ("my", "the", "me", "lo") and negations ("no", "not", "nunca") match only exactly, so
"no" never stands for anything but itself.

An *ordered* phrase (a synonym, a place name) must appear word for word ("king county",
"des moines"). An *unordered* one (how people describe a situation) matches when its words
appear close together in any order, its function words may be left out, and its negations may
not: "took my passport" is found in "my passport was taken by them"... if "taken" is listed,
and "no me deja salir" needs its "no".

Matches never overlap: the longest (most meaningful words) and closest win, as in "substance
abuse" (therapy) over "abuse" (a situation), unless two phrases read the very same words
("someone to talk to" is a hotline synonym and a situation: both count).

A `Lexicon` lets phrases generalise: a phrase word written `<harm>` is any word of the class
`harm` ("hurt", "kill", "beat", "lastimar"...), so "<will> <harm> my <family>" finds "he said
hell kill my kids" and "va a lastimar a mis hijos"; and interchangeable words stand for one
another in every phrase ("hits me" finds "hits her": a friend's story reads like one's own).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import product

from bot.directory.spelling import sounds_like
from bot.directory.text import (
    CANNOT,
    FUNCTION_WORDS,
    NEGATIONS,
    SAME_NEGATIONS,
    SPANISH_PROCLITICS,
    STEM_LANGUAGES,
    Vocabulary,
    is_stop_word,
    stem,
    stop_word_languages,
    words,
)

Target = tuple[str, str]  # what a phrase stands for: ("category", "legal"), ("region", "wa")
Reading = tuple[dict[str, float], frozenset[str]]  # a typed word's phrase words; its stand-ins
STEM_SIMILARITY = 0.95  # same stem, different word: "hits" for "hit"
OUT_OF_ORDER = 0.97  # an unordered phrase found in another order, or with words between
MIN_STEMMED = 4  # shorter typed words are matched exactly, as in text.allowed_typos
GAP = 3  # meaningful words allowed between the words of an unordered phrase
GAP_OUT_OF_ORDER = 1  # ... when they come in another order ("died ... i want" is no "want to die")
MAX_COMBINATIONS = 64  # placements tried per phrase (a word repeated many times in a message)
INTERCHANGED = 0.9  # "her" for "me": a little less than the word itself, so it wins a tie
PERSON_REACH = 3  # "me voy a quitar la vida": the verb at most three words after its person
SOUNDS_ALIKE = 0.9  # Spanish spelt as it sounds: "cuchiyo" for "cuchillo" (spelling.py)
_CLASS_REFERENCE = re.compile(r"(<[a-z0-9]+(?:-[a-z0-9]+)*>)")


def class_token(name: str) -> str:
    """How a word class stands in a phrase's words: "<harm>"."""
    return f"<{name}>"


def phrase_words(text: str) -> tuple[str, ...]:
    """The folded words of a phrase as staff write it, word classes kept as they are:
    "<Harm> my kids!" -> ("<harm>", "my", "kids")."""
    found: list[str] = []
    for piece in _CLASS_REFERENCE.split(text.lower()):
        if _CLASS_REFERENCE.fullmatch(piece):
            found.append(piece)
        else:
            found += words(piece)
    return tuple(found)


@dataclass(frozen=True)
class Lexicon:
    """Word classes (`<harm>` stands for any of its words) and interchangeable words, each
    word folded and alone ("hurt", not "hurt badly")."""

    classes: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    # the class token -> its words, each with its language: {"<harm>": (("en", "hurt"), ...)}
    interchangeable: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # a word -> the words that may stand for it: {"her": ("me",), "la": ("me",)}


@dataclass(frozen=True, slots=True)
class Phrase:
    """Words (folded) that stand for one or more targets, in the languages they belong to."""

    words: tuple[str, ...]
    targets: tuple[Target, ...]
    languages: frozenset[str]
    ordered: bool = True
    fuzzy: bool = True  # misspellings of its long words count
    stemmed: bool = True  # other forms of its words count (not for names: "Kent" is not "Ken")
    # The words that must be typed: all for an ordered phrase; for an unordered one, all but
    # function words (unless nothing else is left). Set from the others, once: read at every
    # search.
    required: tuple[str, ...] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        kept = tuple(w for w in self.words if w not in FUNCTION_WORDS or w in NEGATIONS)
        object.__setattr__(self, "required", self.words if self.ordered else kept or self.words)


@dataclass(frozen=True, slots=True)
class Match:
    phrase: Phrase
    positions: tuple[int, ...]  # the typed words it covers, in increasing order
    similarity: float  # 0-1
    in_order: bool = True  # its words were typed in the phrase's order
    # The positions of the meaningful words it covers (not "to", "the", "de"): set from the
    # others, once (matches are compared many times over).
    content: tuple[int, ...] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        content = self.positions
        if self.phrase.ordered:
            pairs = zip(self.positions, self.phrase.words, strict=True)
            content = tuple(p for p, w in pairs if w not in FUNCTION_WORDS) or self.positions
        object.__setattr__(self, "content", content)

    @property
    def start(self) -> int:
        return self.positions[0]

    @property
    def weight(self) -> float:
        """How much of the message it explains: its meaningful words, and less when they came
        in another order ("brought me here keeps" is not "keeps me here")."""
        words = len(self.content)
        return words if self.in_order else max(1.0, words / 2)


class PhraseMatcher:
    """A fixed set of phrases, ready to be found in any list of folded words."""

    def __init__(
        self,
        phrases: Iterable[Phrase],
        lexicon: Lexicon | None = None,
        everyday: frozenset[str] = frozenset(),
    ) -> None:
        """`everyday`: common words that are never a misspelling of a phrase's word, only
        themselves ("telling" is not "selling", "folks" not Forks)."""
        lexicon = lexicon or Lexicon()
        self._everyday = everyday
        merged: dict[tuple[tuple[str, ...], bool], Phrase] = {}
        for phrase in phrases:
            key = (phrase.words if phrase.ordered else tuple(sorted(phrase.words)), phrase.ordered)
            known = merged.get(key)
            if known is not None:
                phrase = Phrase(
                    known.words,
                    tuple(sorted({*known.targets, *phrase.targets})),
                    known.languages | phrase.languages,
                    phrase.ordered,
                    known.fuzzy or phrase.fuzzy,
                    known.stemmed or phrase.stemmed,
                )
            merged[key] = phrase
        self.phrases = tuple(merged.values())
        # An ordered phrase is looked up by its rarest word: "king county" by "king", not by
        # "county", which three thousand county names share.
        self._anchored: defaultdict[str, list[tuple[Phrase, int]]] = defaultdict(list)
        self._containing: defaultdict[str, list[Phrase]] = defaultdict(list)
        self._words: set[str] = set()
        self._languages_of: dict[str, set[str]] = {}
        self._stems: defaultdict[tuple[str, str], set[str]] = defaultdict(set)
        self._sounds: defaultdict[str, set[str]] = defaultdict(set)  # Spanish, by sound
        fuzzy: set[str] = set()
        frequency = Counter(w for p in self.phrases if p.ordered for w in set(p.words))
        # An unordered phrase too is tried only when its rarest required word was typed (all
        # of them must be): "<will> <harm> my <family>" is not tried for every "will".
        required_frequency = Counter(
            w for p in self.phrases if not p.ordered for w in set(p.required)
        )
        for phrase in self.phrases:
            if phrase.ordered:
                rarity = [(frequency[w], -len(w)) for w in phrase.words]
                offset = rarity.index(min(rarity))
                self._anchored[phrase.words[offset]].append((phrase, offset))
            else:
                rarest = min(phrase.required, key=lambda w: (required_frequency[w], -len(w), w))
                self._containing[rarest].append(phrase)
            for word in phrase.words:
                self._words.add(word)
                self._languages_of.setdefault(word, set()).update(phrase.languages)
                if word in FUNCTION_WORDS or word in NEGATIONS:
                    continue
                if phrase.fuzzy:
                    fuzzy.add(word)
                if not phrase.stemmed:
                    continue
                for language in phrase.languages & set(STEM_LANGUAGES):
                    found = stem(word, language)
                    if found is not None:
                        self._stems[(language, found)].add(word)
                if "es" in phrase.languages:
                    self._add_sound(word)
        self._class_of: defaultdict[str, set[str]] = defaultdict(set)
        for token, members in lexicon.classes.items():
            for language, word in members:
                self._class_of[word].add(token)
                self._words.add(word)
                self._languages_of.setdefault(word, set()).add(language)
                if word in FUNCTION_WORDS or word in NEGATIONS:
                    continue
                fuzzy.add(word)
                found = stem(word, language) if language in STEM_LANGUAGES else None
                if found is not None:
                    self._stems[(language, found)].add(word)
                if language == "es":
                    self._add_sound(word)
        self._interchangeable = {
            word: tuple(o for o in others if o in self._words)
            for word, others in lexicon.interchangeable.items()
        }
        self._fuzzy = Vocabulary(fuzzy)
        # The negations the phrases use that say what a typed one says: [not CANNOT, CANNOT].
        negations = self._words & SAME_NEGATIONS
        self._negations = (negations - CANNOT, negations & CANNOT)
        # Most words people type are the phrases' own (not the names of places): each is read
        # once, here, for every message; all of them, so that what is kept says nothing about
        # what anyone typed (reading a word takes about 25 µs; 1,500 words, 40 ms and 2 MB).
        spoken = {w for p in self.phrases if p.stemmed for w in p.words} | self._class_of.keys()
        self._read: dict[str, Reading] = {w: self._reading(w) for w in spoken}

    def __len__(self) -> int:
        return len(self.phrases)

    def prepare(self) -> None:
        """Make the misspellings' index now, not at the first typed search."""
        self._fuzzy.prepare()

    def _reading(self, token: str) -> Reading:
        """The phrase words (and word classes) `token` may be, with a similarity in (0, 1],
        and the words it only stands in for ("her" for "me"). Read-only: shared by messages."""
        found = self._known_words(token)
        stand_in = frozenset(o for o in self._interchangeable.get(token, ()) if o not in found)
        for other in stand_in:
            found[other] = INTERCHANGED
        if self._class_of:
            for word, similarity in list(found.items()):
                for token_of_class in self._class_of.get(word, ()):
                    if similarity > found.get(token_of_class, 0.0):
                        found[token_of_class] = similarity
        return found, stand_in

    def _add_sound(self, word: str) -> None:
        sound = sounds_like(word)
        if sound is not None:
            self._sounds[sound].add(word)

    def misspelling_of(self, token: str) -> frozenset[str]:
        """The phrase words `token` would be read as a misspelling of, were it no everyday
        word (how the list of those is made: directory/everyday_words.py)."""
        as_typed = self._known_words(token, everyday=False)
        as_itself = self._known_words(token, everyday=True)
        return frozenset(as_typed.keys() - as_itself.keys())

    def _known_words(self, token: str, *, everyday: bool | None = None) -> dict[str, float]:
        found: dict[str, float] = {}
        if token in self._words:
            found[token] = 1.0
        if token in NEGATIONS:  # "hasnt paid" says what "not paid" says
            if token in SAME_NEGATIONS:
                for other in self._negations[token in CANNOT]:
                    found.setdefault(other, STEM_SIMILARITY)
            return found
        if token in FUNCTION_WORDS or token.isdigit():
            return found
        if len(token) < MIN_STEMMED:  # "cam" is not "cama": short words must be exact
            return found
        # A word the phrases use as it is ("call") is not also another language's stem
        # ("calle"), nor is a little word of one language ("here": "herida").
        languages = self._languages_of.get(token) or stop_word_languages(token) or STEM_LANGUAGES
        for language in languages:
            root = stem(token, language)
            for word in self._stems.get((language, root), ()) if root else ():
                found.setdefault(word, STEM_SIMILARITY)
        # A word the phrases use is no misspelling of another: "tiene" is not "viene", "ahora"
        # (now) not "ahorca"; nor is an everyday word, save for its plural or singular and
        # Spanish spelt as it sounds ("bender droga"): "telling" is not "selling", "cooking"
        # not "choking".
        if token in self._words or is_stop_word(token):
            return found
        if "es" in languages and (sound := sounds_like(token)) is not None:
            for word in self._sounds.get(sound, ()):
                found.setdefault(word, SOUNDS_ALIKE)
        misspelt = not (token in self._everyday if everyday is None else everyday)
        for word, similarity in self._fuzzy.close(token, misspelt=misspelt).items():
            if similarity > found.get(word, 0.0):
                found[word] = similarity
        return found

    def find(self, tokens: list[str]) -> list[Match]:
        """Non-overlapping matches in `tokens`, in the order they were typed; a region's own
        name may overlap the others ("jump off the aurora bridge": a bridge to jump from, and
        a place in Seattle)."""
        regions: list[Match] = []
        others: list[Match] = []
        for match in self.candidates(tokens):
            is_region = all(kind == "region" for kind, _ in match.phrase.targets)
            (regions if is_region else others).append(match)
        if not regions:
            return select(others)
        return sorted(select(others) + select(regions), key=lambda m: m.start)

    def candidates(self, tokens: list[str]) -> list[Match]:
        """Every match in `tokens`, overlapping ones included (see `select`)."""
        read = self._read
        readings = [read.get(t) or self._reading(t) for t in tokens]
        known = [k for k, _ in readings]
        self._add_persons_before(tokens, known)
        # A stand-in ("la" for "me") counts only beside a word typed exactly as the phrase
        # has it: "la golpea" is "me golpea", but "la corte" (the court) is not "me cortando".
        stand_ins = [s for _, s in readings]
        found: list[Match] = []
        unordered: set[int] = set()
        candidates: dict[int, Phrase] = {}
        for position, found_words in enumerate(known):
            for word in found_words:
                for phrase, offset in self._anchored.get(word, ()):
                    if position >= offset:
                        match = _in_order(phrase, position - offset, known, stand_ins)
                        if match is not None:
                            found.append(match)
                for phrase in self._containing.get(word, ()):
                    if id(phrase) not in unordered:
                        unordered.add(id(phrase))
                        candidates[id(phrase)] = phrase
        places: defaultdict[str, list[tuple[int, float]]] = defaultdict(list)
        for position, found_words in enumerate(known):
            for word, similarity in found_words.items():
                places[word].append((position, similarity))
        swapped = frozenset().union(*stand_ins)  # the words some typed word stands in for
        for phrase in candidates.values():
            match = _anywhere(phrase, places, known, tokens, stand_ins, swapped)
            if match is not None:
                found.append(match)
        return found

    def _add_persons_before(self, tokens: list[str], known: list[dict[str, float]]) -> None:
        """A Spanish verb with its person just before it ("me voy a cortar", "se corto")
        reads as the verb with the person attached ("cortarme"), as phrases write it; not
        after a verb of others ("me van a matar", "me mataron": they do it to me)."""
        persons: tuple[str, ...] = ()
        since = 0
        for position, token in enumerate(tokens):
            if token in SPANISH_PROCLITICS:
                persons, since = SPANISH_PROCLITICS[token], position
                continue
            if not persons or position - since > PERSON_REACH:
                continue
            if position == since + 1 and token.endswith("n"):  # "me van a matar": done to me
                persons = ()
                continue
            root = stem(token, "es")
            if root is None:
                continue
            attached = {
                word
                for person in persons
                for word in self._stems.get(("es", f"{root}+{person}"), ())
                if word not in known[position]
            }
            if attached:
                known[position] = dict.fromkeys(attached, STEM_SIMILARITY) | known[position]


def select(found: list[Match]) -> list[Match]:
    """The matches that do not overlap, longest reading first, in the order typed; several
    matchers' candidates can be selected together."""
    found = sorted(found, key=lambda m: (-m.weight, -len(m.positions), -m.similarity, m.start))
    chosen: list[Match] = []
    taken: set[int] = set()
    readings: dict[tuple[int, ...], tuple[float, set[Target]]] = {}
    for match in found:
        # The same words read as well two ways ("someone to talk to": a hotline, and a
        # situation) keep both readings; otherwise the first (longest) takes the words.
        reading = readings.get(match.content)
        other_reading = (
            reading is not None
            and match.similarity >= reading[0]
            and not reading[1].issuperset(match.phrase.targets)
        )
        if taken.isdisjoint(match.positions) or other_reading:
            chosen.append(match)
            taken.update(match.positions)
            _, targets = readings.setdefault(match.content, (match.similarity, set()))
            targets.update(match.phrase.targets)
    return sorted(chosen, key=lambda m: m.start)


def _in_order(
    phrase: Phrase, start: int, known: list[dict[str, float]], stand_ins: list[frozenset[str]]
) -> Match | None:
    end = start + len(phrase.words)
    if end > len(known):
        return None
    total = 0.0
    placement: list[tuple[int, str]] = []
    for offset, expected in enumerate(phrase.words, start=start):
        found = known[offset].get(expected)
        if found is None:
            return None
        total += found
        placement.append((offset, expected))
    if not _stand_ins_hold(placement, known, stand_ins):
        return None
    return Match(phrase, tuple(range(start, end)), total / len(phrase.words))


def _stand_ins_hold(
    placement: list[tuple[int, str]],
    known: list[dict[str, float]],
    stand_ins: list[frozenset[str]],
) -> bool:
    """Whether every stand-in of `placement` (position, phrase word) is next to a word of it
    typed exactly."""
    exact = {p for p, word in placement if known[p].get(word) == 1.0}
    return all(p - 1 in exact or p + 1 in exact for p, word in placement if word in stand_ins[p])


def _anywhere(
    phrase: Phrase,
    places: Mapping[str, list[tuple[int, float]]],
    known: list[dict[str, float]],
    tokens: list[str],
    stand_ins: list[frozenset[str]],
    swapped: frozenset[str],
) -> Match | None:
    """The best placement of an unordered phrase's required words: distinct typed words, close
    together (at most GAP other meaningful words between them, "my", "the" not counting, and
    at most one when they come in another order); in the written order with nothing
    meaningful between them scores highest; `places` are where each phrase word was read."""
    required = phrase.required
    options: list[list[tuple[int, float]]] = []
    swapping = not swapped.isdisjoint(required)
    for word in required:
        where = places.get(word)
        if not where:
            return None
        options.append(where)
    best: Match | None = None
    for tried, placement in enumerate(product(*options)):
        if tried == MAX_COMBINATIONS:
            break
        positions = [p for p, _ in placement]
        if len(set(positions)) != len(positions):
            continue
        used = set(positions)
        between = sum(
            1
            for p in range(min(positions), max(positions))
            if p not in used and tokens[p] not in FUNCTION_WORDS
        )
        in_order = positions == sorted(positions)
        if between > (GAP if in_order else GAP_OUT_OF_ORDER):
            continue
        if swapping and not _stand_ins_hold(
            list(zip(positions, required, strict=True)), known, stand_ins
        ):
            continue
        similarity = sum(s for _, s in placement) / len(placement)
        if not in_order or between:
            similarity *= OUT_OF_ORDER
        if best is None or (in_order, similarity) > (best.in_order, best.similarity):
            best = Match(phrase, tuple(sorted(positions)), similarity, in_order)
    return best
