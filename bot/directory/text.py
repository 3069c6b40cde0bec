"""Typed text made comparable: case, accents and punctuation folded away, stop words known, and
misspelt words matched to a vocabulary with rapidfuzz.

People type on a phone, in a hurry, in English or Spanish: "Abogádo!!", "lawer", "seatle".
`fold` makes "Abogádo" and "abogado" the same word; `Vocabulary.close` finds "lawyer" for
"lawer" but never "law" for "lax": short words must be spelt exactly.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cached_property

import Stemmer  # type: ignore[import-not-found]  # PyStemmer ships no type hints
from rapidfuzz.distance import OSA

_WORD = re.compile(r"[^\W_]+")
_APOSTROPHE = re.compile(r"(?<=\w)['’](?=\w)")  # "can't" is one word, "cant", as people type it

# Words that carry no meaning for a search, per language. Written folded (no accents).


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOP_WORDS: dict[str, frozenset[str]] = {
    "en": _word_set(
        """
        a about also am an and any anyone anything are around as asap at be been being but can
        cant close could did didnt do does doesnt don dont for from get got go going had has
        have hello help helps here hey hi how i im in into is it its just looking look maybe me my
        near nearby need needed needs never no nor not now of ok okay on or our out please pls
        plz really right so some somebody something still thanks thank that the then there
        there this to today tonight too urgent urgently us very want wanna was we were what
        when where who will with would yes you your
        """
    ),
    "es": _word_set(
        """
        a al algo alguien algun alguna alguno ahora aqui ayuda ayudame ayudar busco buscando
        buscar cerca como con cual cuando de del donde el ella en era es esa ese eso esta
        estaba estar este esto estoy favor fue fui gracias hay hola hoy la las le les lo los
        mas me mi mis muy necesita necesitamos necesito ni no noche nos nunca o para pero por
        porfa puede puedo que quien quiero quiere se si sin soy su sus tambien te tengo tiene
        tu tus un una unas unos urgente y ya yo
        """
    ),
}
ALL_STOP_WORDS = frozenset().union(*STOP_WORDS.values())

# Words that turn a phrase around: "no me deja salir" is not "me deja salir". A phrase that has
# one needs it; one that has none never matches a resource on its own.
NEGATIONS = _word_set(
    """
    no not never nor cant cannot couldnt dont doesnt didnt wont wouldnt isnt arent wasnt
    werent hasnt havent hadnt aint nunca ni sin nadie nada jamas
    """
)
# Negations that say the same in a phrase: "hasnt paid me", "never paid me", "no me pagan"
# and "nunca me pagan" ("sin", "nadie", "nada" say more than "not").
SAME_NEGATIONS = NEGATIONS - {"sin", "nadie", "nada"}
# ...except that what one cannot do is not what one does not do: "i cant talk" is a way of
# reaching help, "guys dont talk about this" is not; "cant leave" is control, "i dont leave
# the house much" is not. These say the same among themselves only.
CANNOT = _word_set("cant cannot couldnt")
# Words that only state a condition ("danger", "scared"): right after a negation ("not in
# danger", "no tengo miedo") they say it is absent, so they count for nothing there.
NEGATABLE = _word_set(
    """
    danger dangerous emergency suicidal unsafe scared afraid depressed peligro emergencia
    suicida miedo asustada asustado
    """
)
NEGATION_REACH = 3  # words between a negation and the word it turns around ("not in any danger")


def negated(before: list[str]) -> bool:
    """Whether a negation is among the last words of `before`."""
    return any(w in NEGATIONS for w in before[-NEGATION_REACH:])


# Words that say what is asked for: the kind of help right after them comes first ("killing it
# at my new job, need housing" asks for housing).
ASKING = _word_set(
    """
    need needs needed want wanna looking find get seeking necesito necesita necesitamos busco
    buscando buscar quiero ocupo ocupamos
    """
)
ASKING_REACH = 3  # words between the asking word and the help ("need a safe place to sleep")


def asked_for(tokens: list[str], start: int) -> bool:
    """Whether an asking word comes among the few words before `tokens[start]`."""
    return any(w in ASKING for w in tokens[max(0, start - ASKING_REACH) : start])


# Who does nothing: "no one is following me", "nobody hurts me", "nadie me pega".
NOBODY = _word_set("nobody noone nadie ninguno ninguna")
# Little words that may stand between a negation and what it denies: "doesnt really hit me",
# "is not ever going to", "nunca me ha pegado" (pronouns may not: "no, he hits me" is a yes).
LINKING = _word_set(
    """
    is was will would has have had does did do be been being are am ever even really actually
    anymore a an the ha han hemos haya esta estan es son fue
    """
)


def denied(tokens: list[str], start: int, *, by_nobody_only: bool = False) -> bool:
    """Whether the words right before `tokens[start]` deny what follows: a negation ("he
    doesnt hit me", "nunca me pega") or nobody doing it ("no one is following me"), with
    only linking words between. `by_nobody_only`: only the second kind counts."""
    i = start - 1
    while i >= 0 and tokens[i] in LINKING:
        i -= 1
    if i < 0:
        return False
    word = tokens[i]
    if word in NOBODY or (word == "one" and i > 0 and tokens[i - 1] == "no"):
        return True
    return not by_nobody_only and word in NEGATIONS


# Words that may be left out of a situation's phrase: "took my passport" is found in "they
# took the passport". Smaller than STOP_WORDS: "help", "need" and "want" do mean
# something when a person describes what is happening to them.
# Object pronouns are not among them: "hurts me" is not "hurt my knee", "me toca" not "toca".
FUNCTION_WORDS = _word_set(
    """
    a an the my his her their our your its it i you he she they we this that these those to
    of in on at for with by from and or but is am are was were be been being so just really
    very im ive hes shes theyre
    el la los las un una unos unas mi mis tu tus su sus yo tu ella ellos ellas de del al en
    con por para y o pero que es son esta estoy estan soy fue muy ya como
    """
)


def fold(text: str) -> str:
    """Lower-case `text` and strip accents: "Línea" -> "linea", "Straße" -> "strasse"."""
    if text.isascii():
        return text.lower()  # nothing to decompose: the common case, and ten times faster
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The folded words of `text`, punctuation dropped: "¿Dónde dormir?" -> [donde, dormir],
    "I can't" -> [i, cant]; a letter typed three times or more counts once ("ayudaaa",
    "helppp", "pleaseee": no word has a letter three times over)."""
    folded = fold(text)
    if "'" in folded or "’" in folded:
        folded = _APOSTROPHE.sub("", folded)
    found = _WORD.findall(held_letters_once(folded))
    if "not" in found:  # "can not" is "cannot" ("not" alone is no CANNOT)
        found = _can_not_joined(found)
    return found


def _can_not_joined(found: list[str]) -> list[str]:
    joined: list[str] = []
    for word in found:
        if word == "not" and joined and joined[-1] in ("can", "could"):
            joined[-1] = "cannot" if joined[-1] == "can" else "couldnt"
        else:
            joined.append(word)
    return joined


_HELD = re.compile(r"([^\W\d_])\1{2,}")  # "aaa": a letter held down, not part of a word


def held_letters_once(text: str) -> str:
    """`text` with each letter typed three times or more in a row typed once."""
    return _HELD.sub(r"\1", text) if _HELD.search(text) else text


# Snowball stemmers (PyStemmer): "hits", "hitting" -> "hit"; "violaron", "violada" -> "viol".
# Without their cache (the second argument): it would keep the last 10,000 words people typed.
# Stemming a word afresh costs about 0.3 µs, so neither is there a cache of our own.
_STEMMERS = {"en": Stemmer.Stemmer("english", 0), "es": Stemmer.Stemmer("spanish", 0)}
STEM_LANGUAGES = tuple(_STEMMERS)
MIN_STEM = 3  # shorter stems say too little to match on: "sal" (salir) is as short as it gets


# A Spanish infinitive or gerund with a person attached ("matarme", "cortandose"), and the
# little words that put the same person before the verb instead ("me voy a cortar").
SPANISH_ENCLITIC = re.compile(r"(?:ar|er|ir|ando|iendo|yendo)(me|te|se|nos)$")
SPANISH_PROCLITICS = {"me": ("me",), "te": ("te",), "se": ("se", "me"), "nos": ("nos",)}


def stem(word: str, language: str) -> str | None:
    """The Snowball stem of a folded word in `language`, or None for a language without a
    stemmer or a stem too short to trust. A Spanish verb keeps the person attached to it,
    which Snowball drops: "cortarme" (cut myself) is "cort+me", "cortando arboles" is "cort"
    (the matcher gives a verb the person of a "me" just before it: phrases.py)."""
    stemmer = _STEMMERS.get(language)
    if stemmer is None:
        return None
    found: str = stemmer.stemWord(word)
    if len(found) < MIN_STEM:
        return None
    if language == "es" and (enclitic := SPANISH_ENCLITIC.search(word)):
        person = enclitic.group(1)
        if stemmer.stemWord(word[: -len(person)]) == found:  # "muerte" is no "muer" + "te"
            return f"{found}+{person}"
    return found


def is_stop_word(word: str) -> bool:
    return word in ALL_STOP_WORDS or (len(word) == 1 and not word.isdigit())


def stop_word_languages(word: str) -> frozenset[str]:
    """The languages in which `word` is a stop word ("necesito" -> {es}, "a" -> {en, es})."""
    return _STOP_WORD_LANGUAGES.get(word, _NO_LANGUAGES)


_NO_LANGUAGES: frozenset[str] = frozenset()
_STOP_WORD_LANGUAGES = {
    word: frozenset(lang for lang, stops in STOP_WORDS.items() if word in stops)
    for word in ALL_STOP_WORDS
}


def allowed_typos(length: int) -> int:
    """How many edits a word of `length` letters may carry and still be recognised.

    Words of up to four letters must be exact: one edit turns "law" into "lax", "bed" into
    "bad", "kent" into "rent". Longer words allow one slip, very long ones two.
    """
    if length <= 4:
        return 0
    return 1 if length <= 8 else 2


def variants(word: str) -> tuple[str, ...]:
    """Other forms of `word` worth looking up exactly: beds -> bed, job -> jobs,
    trafficked -> trafficking, abused -> abuse. The word itself comes first."""
    forms = [word, f"{word}s"]
    if len(word) > 3 and word.endswith("s"):
        forms.append(word[:-1])
        if len(word) > 4 and word.endswith("es"):
            forms.append(word[:-2])
    if len(word) > 5 and word.endswith("ed"):
        forms += [word[:-1], word[:-2], f"{word[:-2]}ing"]
    if len(word) > 6 and word.endswith("ing"):
        forms += [word[:-3], f"{word[:-3]}e", f"{word[:-3]}ed"]
    return tuple(dict.fromkeys(forms))


# The similarity given to a plural or singular form of a known word.
VARIANT_SIMILARITY = 0.9


def deletions(word: str, depth: int) -> set[str]:
    """`word` and every string left by deleting up to `depth` of its letters: "abuse", 1 ->
    {abuse, buse, ause, abse, abue, abus}."""
    found = {word}
    frontier = [(word, 0)]
    for _ in range(depth):  # letters deleted left to right: each set of them once
        frontier = [(w[:i] + w[i + 1 :], i) for w, start in frontier for i in range(start, len(w))]
        found.update(w for w, _ in frontier)
    return found


class Vocabulary:
    """A set of known words, searchable for the ones a typed word could be a misspelling of.

    Each known word is filed under its `deletions` as deep as the typos it allows. A typed word
    within that many edits of it (OSA: a swap of two neighbouring letters is one edit) shares one
    of them with its own deletions, since an edit costs at most one deletion on each side, so
    only the few words found that way are compared: about 4 µs a typed word on the shipped
    phrases, where comparing every known word of a close length with rapidfuzz took 13 µs
    (bench/results/updates-engine.md); the index holds 1.6 MB for 1,000 words.
    The deletions are filed by their hash, not kept as strings: many are what a person types
    ("abogao" is "abogado" less a letter), and the process keeps no such word (a hash
    shared by chance only brings one more word to compare).
    """

    def __init__(self, known: Iterable[str]) -> None:
        self._words = frozenset(known)
        self._longest = max(map(len, self._words), default=0)

    @cached_property
    def _by_deletion(self) -> dict[int, tuple[str, ...]]:
        """The known words by the hash of each of their deletions: made when first needed (by
        `prepare`, in a worker thread, or the first typed search; not while loading; about
        10 ms for 1,000 words)."""
        by_deletion: dict[int, tuple[str, ...]] = {}
        for word in self._words:
            typos = allowed_typos(len(word))
            if typos:  # short words are matched exactly
                for form in deletions(word, typos):
                    key = hash(form)
                    by_deletion[key] = (*by_deletion.get(key, ()), word)
        return by_deletion

    def prepare(self) -> None:
        """Make the index now (in a worker thread), not at the first typed search."""
        _ = self._by_deletion

    def __contains__(self, word: object) -> bool:
        return word in self._words

    def __len__(self) -> int:
        return len(self._words)

    def close(self, word: str, *, misspelt: bool = True) -> dict[str, float]:
        """Known words `word` may stand for, with a similarity in (0, 1]; 1 means exact: its own
        forms first, then (unless `misspelt` is False) misspellings by length, distance and
        alphabet.

        The edit distance must be within what both words allow, so a long typed word never
        matches a short known one loosely.
        """
        found: dict[str, float] = {}
        for form in variants(word):
            if form in self._words:
                found[form] = 1.0 if form == word else VARIANT_SIMILARITY
        budget = allowed_typos(len(word)) if misspelt else 0
        if budget == 0 or len(word) - budget > self._longest:  # too long to be any, misspelt
            return found
        by_deletion = self._by_deletion
        candidates = {
            known for form in deletions(word, budget) for known in by_deletion.get(hash(form), ())
        }
        scored = []
        for known in candidates:
            limit = min(budget, allowed_typos(len(known)))
            distance = OSA.distance(word, known, score_cutoff=limit)
            if distance <= limit:
                scored.append((len(known), distance, known))
        for _, distance, known in sorted(scored):
            if known not in found:
                found[known] = 1 - distance / max(len(word), len(known))
        return found
