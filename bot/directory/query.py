"""What typed text asks of the directory: categories, a region, a language, and other words.

Category synonyms and labels and region aliases and labels become phrases (phrases.py) found
in the folded words, misspelt or inflected ("lawers", "abogao", "seatle"); what is left, minus
stop words ("I need a", "necesito un"), are the terms that search looks for in names and tags.
The language is the one most of the words belong to alone ("necesito un lawyer": Spanish).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from bot.directory.catalog import Directory
from bot.directory.localized import LocalizedTerms
from bot.directory.models import Category, Region
from bot.directory.phrases import Match, Phrase
from bot.directory.text import asked_for, is_stop_word, stop_word_languages, words

MAX_WORDS = 80  # only the first words of a very long message are read


@dataclass(frozen=True)
class Query:
    """What was understood from the typed text."""

    text: str  # the normalised text: folded words separated by single spaces
    categories: tuple[str, ...]  # category ids recognised, the one asked for ("need ...") first
    region: str | None  # region id recognised from an alias ("Burien" -> "wa-king")
    language: str | None  # language of the matched words ("abogado" -> "es"); None if unclear
    terms: tuple[str, ...]  # the remaining meaningful words
    # per category, the words that named it ("lawyers" names "Seattle Immigrant Lawyers")
    category_words: Mapping[str, frozenset[str]] = field(default_factory=dict, compare=False)
    # the languages a message mixes, each with two words or more of its own ("he is hitting
    # her y ella no contesta": en and es); empty when it is written in one
    mixed: frozenset[str] = frozenset()


def directory_phrases(directory: Directory) -> list[Phrase]:
    """Category synonyms and labels, region aliases and labels, as ordered phrases."""
    found: list[Phrase] = []

    def add(kind: str, target: str, language: str, text: str) -> None:
        key = tuple(words(text))
        if key and not all(is_stop_word(w) for w in key):  # "us" is a pronoun, not a country
            found.append(Phrase(key, ((kind, target),), frozenset({language})))

    entries: list[tuple[str, Category | Region, LocalizedTerms]] = [
        *(("category", c, c.synonyms) for c in directory.categories),
        *(("region", r, r.aliases) for r in directory.regions),
    ]
    for kind, entry, terms in entries:
        for language, label in entry.label.items():
            add(kind, entry.id, language, label)
        for language, written in terms.items():
            for term in written:
                add(kind, entry.id, language, term)
    return found


def query_of(
    tokens: Sequence[str],
    matches: Iterable[Match],
    directory: Directory,
    tag_languages: Mapping[str, frozenset[str]],
    *,
    regions: Iterable[tuple[str, float]] = (),
    skip: Iterable[int] = (),
) -> Query:
    """The Query that `matches` of `tokens` make; `regions` adds places found otherwise (from
    the gazetteer), each with how sure it is; the tokens at `skip` were read otherwise too."""
    categories: dict[str, tuple[bool, float, int]] = {}
    category_words: defaultdict[str, set[str]] = defaultdict(set)
    candidates: list[tuple[int, float, int, str]] = [
        (directory.region_depth(r), s, 0, r) for r, s in regions
    ]
    evidence: list[frozenset[str]] = []
    little: list[frozenset[str]] = []  # the languages of the little words ("soy", "the")
    covered: set[int] = set(skip)
    for match in matches:
        covered.update(match.positions)
        evidence.append(match.phrase.languages)
        for kind, target in match.phrase.targets:
            if kind == "category":
                best = categories.get(target, (False, 0.0, 0))
                asked = asked_for(list(tokens), match.start)  # "need housing"
                categories[target] = max(best, (asked, match.similarity, -match.start))
                category_words[target].update(w for w in match.phrase.words if not is_stop_word(w))
            elif kind == "region":
                depth = directory.region_depth(target)
                candidates.append((depth, match.similarity, -match.start, target))
    terms: list[str] = []
    for index, token in enumerate(tokens):
        if index in covered:
            continue
        if is_stop_word(token):
            little.append(stop_word_languages(token))
        elif token not in terms:
            terms.append(token)
            evidence.append(tag_languages.get(token, frozenset()))
    own = _own_words([*evidence, *little])
    return Query(
        text=" ".join(tokens),
        categories=tuple(sorted(categories, key=lambda c: categories[c], reverse=True)),
        region=max(candidates)[3] if candidates else None,
        # On a tie the little words decide: "soy trans" ("trans" is an English phrase too)
        language=language_of(own) or language_of(_own_words(little)),
        mixed=languages_mixed(own),
        terms=tuple(terms),
        category_words={c: frozenset(ws) for c, ws in category_words.items()},
    )


def language_of(own: Mapping[str, int]) -> str | None:
    """The language with the most words that belong to it alone (`own`, counted by
    `_own_words`); None on a tie or no clue."""
    ranked = sorted(own.items(), key=lambda item: item[1], reverse=True)
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def languages_mixed(own: Mapping[str, int]) -> frozenset[str]:
    """The languages with two words or more of their own, if more than one has: a borrowed
    word ("gracias", "the lawyer") does not make a message mixed, a clause does."""
    mixed = frozenset(language for language, n in own.items() if n >= 2)
    return mixed if len(mixed) > 1 else frozenset()


def _own_words(evidence: Iterable[frozenset[str]]) -> dict[str, int]:
    """How many words belong to each language alone."""
    counts: defaultdict[str, int] = defaultdict(int)
    for languages in evidence:
        if len(languages) == 1:
            counts[next(iter(languages))] += 1
    return counts
