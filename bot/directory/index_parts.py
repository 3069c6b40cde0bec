"""The search index's sets, built in one pass over the directory's active resources.

Resources are numbered in name order and every set of them (a category, a region, the
resources whose name holds a word, those with a tag, list_order's classes) is a bitmask
(bits.py). `build_parts` is the only place that reads every resource; search.py then answers
from these sets alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.directory import list_order
from bot.directory.bits import Bits, Postings, bits_of
from bot.directory.catalog import Directory
from bot.directory.models import Resource
from bot.directory.text import fold, is_stop_word, variants, words


@dataclass(frozen=True, eq=False)
class IndexParts:
    resources: tuple[Resource, ...]  # active ones, in name order: rank n is bit n
    names: Postings  # meaningful words of names (and organizations)
    tags: Postings  # meaningful words of tags
    tag_phrases: Postings  # whole tags, folded: "sexual assault"
    tag_languages: Mapping[str, frozenset[str]]  # the languages each tag word is written in
    categories: Mapping[str, Bits]
    regions: Mapping[str, Bits]
    languages: Mapping[str, Bits]
    known_hours: Bits  # open 24/7 or with a weekly schedule
    # list_order's person-independent keys as sets: (unreachable, priority, not 24/7) ...
    classes: tuple[tuple[tuple[int, int, int], Bits], ...]
    specificity: tuple[Bits, ...]  # ... and by number of categories, fewest first
    # per category, the resources whose name or tags use its own words (see `named_for`)
    named_for: Mapping[str, Bits]


def build_parts(directory: Directory) -> IndexParts:
    """Every set the index needs, from the active resources of `directory`."""
    resources = tuple(
        sorted(
            (r for r in directory.resources if r.is_active),
            key=lambda r: (fold(r.name), r.id),
        )
    )
    size = len(resources)
    names: defaultdict[str, list[int]] = defaultdict(list)
    tags: defaultdict[str, list[int]] = defaultdict(list)
    tag_phrases: defaultdict[str, list[int]] = defaultdict(list)
    tag_languages: defaultdict[str, set[str]] = defaultdict(set)
    categories: defaultdict[str, list[int]] = defaultdict(list)
    regions: defaultdict[str, list[int]] = defaultdict(list)
    languages: defaultdict[str, list[int]] = defaultdict(list)
    known_hours: list[int] = []
    # The parts of list_order's rule that do not depend on the person, as sets: reachable
    # or not with staff's priority and 24/7, and how many kinds of help (specificity).
    classes: defaultdict[tuple[int, int, int], list[int]] = defaultdict(list)
    specificity: defaultdict[int, list[int]] = defaultdict(list)
    # Tags come from a small vocabulary and repeat from entry to entry: each distinct tag
    # is split into its meaningful words once.
    words_of_tag: dict[str, tuple[str, set[str]]] = {}  # tag: (folded, meaningful words)
    for rank, resource in enumerate(resources):
        for word in _meaningful(words(f"{resource.name} {resource.organization or ''}")):
            names[word].append(rank)
        tag_words: set[str] = set()
        whole: set[str] = set()
        for language, terms in resource.tags.items():
            for term in terms:
                known = words_of_tag.get(term)
                if known is None:
                    folded = words(term)
                    known = words_of_tag[term] = (" ".join(folded), _meaningful(folded))
                phrase, found = known
                tag_words.update(found)
                whole.add(phrase)
                for word in found:
                    tag_languages[word].add(language)
        for word in tag_words:
            tags[word].append(rank)
        for tag in whole:
            tag_phrases[tag].append(rank)
        unreachable = 0 if list_order.reachable_directly(resource) else 1
        priority = resource.priority or list_order.UNSET_PRIORITY
        classes[(unreachable, priority, 0 if list_order.open_24_7(resource) else 1)].append(rank)
        specificity[len(resource.categories)].append(rank)
        for category_id in resource.categories:
            categories[category_id].append(rank)
        for region_id in resource.regions:
            regions[region_id].append(rank)
        for language in set(resource.languages):
            languages[language].append(rank)
        if _hours_known(resource):
            known_hours.append(rank)
    name_postings, tag_postings = Postings(names, size), Postings(tags, size)
    category_bits = {c.id: bits_of(categories[c.id], size) for c in directory.categories}
    return IndexParts(
        resources=resources,
        names=name_postings,
        tags=tag_postings,
        tag_phrases=Postings(tag_phrases, size),
        tag_languages={w: frozenset(ls) for w, ls in tag_languages.items()},
        categories=category_bits,
        regions={r.id: bits_of(regions[r.id], size) for r in directory.regions},
        languages={lang: bits_of(p, size) for lang, p in languages.items()},
        known_hours=bits_of(known_hours, size),
        classes=tuple((k, bits_of(classes[k], size)) for k in sorted(classes)),
        specificity=tuple(bits_of(specificity[k], size) for k in sorted(specificity)),
        named_for=named_for(directory, name_postings, tag_postings, category_bits),
    )


def named_for(
    directory: Directory, names: Postings, tags: Postings, categories: Mapping[str, Bits]
) -> dict[str, Bits]:
    """Per category, its resources whose name or tags use the category's own words (its
    `providers`, else its labels and synonyms: "legal aid", "lawyer", "abogado"): those that
    say they do this kind of help, not only list it among others or touch on it ("wage
    theft" is a legal matter, but a worker centre that helps with it is no lawyer). A typed
    "lawyer" lists these first (after distance and staff's priority); a category's results
    screen keeps list_order's rule."""
    found: dict[str, Bits] = {}
    for category in directory.categories:
        having_any = 0
        said = category.providers.all_terms() or (
            *category.label.all_texts(),
            *category.synonyms.all_terms(),
        )
        for term in said:
            meaningful = [w for w in words(term) if not is_stop_word(w)]
            having = -1 if meaningful else 0  # every bit set, then narrowed word by word
            for word in meaningful:
                forms = 0
                for form in variants(word):
                    forms |= names.bits(form) | tags.bits(form)
                having &= forms
            having_any |= having
        found[category.id] = having_any & categories.get(category.id, 0)
    return found


def class_groups(
    classes: Iterable[tuple[tuple[int, int, int], Bits]],
) -> list[tuple[tuple[int, int], list[Bits]]]:
    """list_order's classes, sorted, grouped by (unreachable, priority): within each group a
    preferred resource may go first (the 24/7 ones next)."""
    groups: list[tuple[tuple[int, int], list[Bits]]] = []
    for (unreachable, priority, _), members in classes:
        if not groups or groups[-1][0] != (unreachable, priority):
            groups.append(((unreachable, priority), []))
        groups[-1][1].append(members)
    return groups


def _hours_known(resource: Resource) -> bool:
    hours = resource.hours
    return hours is not None and (hours.open_24_7 or bool(hours.weekly))


def _meaningful(tokens: Iterable[str]) -> set[str]:
    return {t for t in tokens if not is_stop_word(t)}
