"""Checks that look across entries: references, dates, and what staff should review.

Errors make the directory unusable (an unknown category, a future date); warnings are worth a
look but do not stop it (an entry not verified for a year, a missing Spanish text, a likely
duplicate).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from functools import partial

from rapidfuzz import fuzz

from bot.directory.entries import Collector, Entry, LoadOptions
from bot.directory.models import Category, Region, Resource
from bot.directory.phones import SERVICE_CODES
from bot.directory.schema_errors import did_you_mean
from bot.directory.text import words as folded_words
from bot.places.coverage import check_geography, region_named
from bot.staff_files.problems import Severity

# Names at least this similar (rapidfuzz token_sort_ratio, 0-100) are flagged as likely duplicates.
DUPLICATE_NAME_SCORE = 92
# Name words shared by more entries than this are too common to suggest a duplicate.
_COMMON_WORD_LIMIT = 50


def cross_check(
    by_kind: dict[str, dict[str, Entry]], collector: Collector, options: LoadOptions
) -> None:
    categories = by_kind["categories"]
    regions = by_kind["regions"]
    _check_id_clashes(categories, regions, collector)
    _check_misnamed(collector, categories, regions)
    _check_region_tree(regions, collector)
    check_geography(regions, collector)  # bot/places/coverage.py: states, counties, overlaps
    for entry in (*categories.values(), *regions.values()):
        _check_translations(entry, options, collector)
    resources = [
        (e, e.value) for e in by_kind["resources"].values() if isinstance(e.value, Resource)
    ]
    for entry, _ in resources:
        _check_resource(entry, categories, regions, options, collector)
    _check_duplicate_phones(resources, collector)
    _check_duplicate_names(resources, collector)


def _check_id_clashes(
    categories: dict[str, Entry], regions: dict[str, Entry], collector: Collector
) -> None:
    # Deep links name categories and regions by id in one payload, so the ids must not overlap.
    for region_id in categories.keys() & regions.keys():
        entry = regions[region_id]
        collector.add(
            Severity.ERROR,
            entry.path,
            collector.line_of(entry, ("id",)),
            f"region {region_id}: the id is also a category id; ids must be distinct",
            "duplicate-id",
        )


def _check_misnamed(
    collector: Collector, categories: dict[str, Entry], regions: dict[str, Entry]
) -> None:
    """A category or region written as no id can be ("King County", "Legal help", "WA-KING"):
    one message, with the id to write when a name, a search word or a near id gives it."""
    for ref in collector.misnamed:
        if ref.field == "categories":
            kind, known, file = "category", categories, "categories.yaml"
        else:
            kind, known, file = "region", regions, "regions.yaml"
        where = ref.field if ref.index is None else f"{ref.field}[{ref.index}]"
        values = (e.value for e in known.values())
        hint = named_by(ref.written, values) or did_you_mean(ref.written.lower(), list(known))
        if hint.startswith(";"):
            message = f"{ref.entry}: {where}: unknown {kind} {ref.written!r}{hint}"
        else:
            message = (
                f"{ref.entry}: {where}: {ref.written!r} is not a {kind} id: write the id of "
                f"a {kind} in {file}{hint}"
            )
        collector.add(Severity.ERROR, ref.path, ref.line, message, f"unknown-{kind}")


def _check_region_tree(regions: dict[str, Entry], collector: Collector) -> None:
    for entry in regions.values():
        region = entry.value
        if not isinstance(region, Region):
            continue
        if region.parent is not None and region.parent not in regions:
            hint = did_you_mean(region.parent, list(regions))
            collector.add(
                Severity.ERROR,
                entry.path,
                collector.line_of(entry, ("parent",)),
                f"region {region.id}: parent: unknown region {region.parent!r}{hint}",
                "unknown-region",
            )
            continue
        seen, current = {region.id}, region.parent
        while current is not None:
            if current in seen:
                collector.add(
                    Severity.ERROR,
                    entry.path,
                    collector.line_of(entry, ("parent",)),
                    f"region {region.id}: parent: regions form a loop through {current!r}",
                    "region-loop",
                )
                break
            seen.add(current)
            parent = regions.get(current)
            current = parent.value.parent if parent and isinstance(parent.value, Region) else None


def _check_resource(
    entry: Entry,
    categories: dict[str, Entry],
    regions: dict[str, Entry],
    options: LoadOptions,
    collector: Collector,
) -> None:
    resource = entry.value
    if not isinstance(resource, Resource):
        return
    rid = resource.id
    for field_name, known, kind in (
        ("categories", categories, "category"),
        ("regions", regions, "region"),
    ):
        for index, ref in enumerate(getattr(resource, field_name)):
            if ref not in known:
                values = (e.value for e in known.values())
                hint = named_by(ref, values) or did_you_mean(ref, list(known))
                collector.add(
                    Severity.ERROR,
                    entry.path,
                    collector.line_of(entry, (field_name, index)),
                    f"{rid}: {field_name}[{index}]: unknown {kind} {ref!r}{hint}",
                    f"unknown-{kind}",
                )
    today = options.current_date()
    if resource.last_verified > today:
        collector.add(
            Severity.ERROR,
            entry.path,
            collector.line_of(entry, ("last_verified",)),
            f"{rid}: last_verified: {resource.last_verified} is in the future",
            "future-date",
        )
    elif (today - resource.last_verified).days > options.stale_after_days:
        days = (today - resource.last_verified).days
        collector.add(
            Severity.WARNING,
            entry.path,
            collector.line_of(entry, ("last_verified",)),
            f"{rid}: last verified {resource.last_verified} ({days} days ago): check it again",
            "stale",
        )
    if resource.needs_review:
        note = f": {resource.review_note}" if resource.review_note else ""
        collector.add(
            Severity.WARNING,
            entry.path,
            collector.line_of(entry, ("needs_review",)),
            f"{rid}: marked needs_review{note}",
            "needs-review",
        )
    _check_translations(entry, options, collector)


def named_by(ref: str, known: Iterable[object]) -> str | None:
    """ "; 'seattle' is a name for region wa-king (...): write wa-king" when `ref` is one of a
    region's aliases (or a category's search words), or a label, written instead of its id."""
    wanted = " ".join(folded_words(ref.replace("-", " ")))
    known = list(known)
    for value in known:
        if isinstance(value, Region):
            names, what = value.aliases.all_terms(), "a name for region"
        elif isinstance(value, Category):
            names, what = value.synonyms.all_terms(), "a search word of category"
        else:  # pragma: no cover - only regions and categories are named by their words
            continue
        texts = (*names, *value.label.all_texts())
        if any(" ".join(folded_words(name)) == wanted for name in texts):
            return f"; {ref!r} is {what} {value.id} ({value.label.text('en')}): write {value.id}"
    regions = {v.id: v for v in known if isinstance(v, Region)}
    found = region_named(ref, regions.values()) if regions else None  # a city, a county
    # Not the whole country for a place no listed region covers ("Texas", a town named King):
    # "write us" would show the resource everywhere.
    if found is not None and (found[1] or regions[found[0]].parent is not None):
        region = regions[found[0]]
        label = region.label.text("en")
        return f"; {ref!r} is a name for region {region.id} ({label}): write {region.id}"
    return None


def _check_translations(entry: Entry, options: LoadOptions, collector: Collector) -> None:
    value = entry.value
    text = value.description if isinstance(value, Resource) else value.label
    field_name = "description" if isinstance(value, Resource) else "label"
    name = value.id if isinstance(value, Resource) else f"{entry.section[:-1]} {value.id}"
    for language in options.translation_languages:
        if text.get(language) is None:
            collector.add(
                Severity.WARNING,
                entry.path,
                collector.line_of(entry, (field_name,)),
                f"{name}: {field_name} has no {language!r} translation",
                "missing-translation",
            )


def _check_duplicate_phones(resources: list[tuple[Entry, Resource]], collector: Collector) -> None:
    first_with: dict[str, Entry] = {}
    for entry, resource in resources:
        for index, phone in enumerate(resource.phones):
            if phone.number in SERVICE_CODES:  # 211, 988 ... are shared by design
                continue
            key = f"{phone.kind}:{phone.dial_string}"
            first = first_with.setdefault(key, entry)
            if first is not entry:
                collector.add(
                    Severity.WARNING,
                    entry.path,
                    collector.line_of(entry, ("phones", index)),
                    partial(_same_number, resource.id, index, first),
                    "duplicate",
                )


def _check_duplicate_names(resources: list[tuple[Entry, Resource]], collector: Collector) -> None:
    """Flag near-identical names, comparing only entries that share an uncommon word.

    Comparing every pair is quadratic (50 million pairs for 10k entries); two names that
    rapidfuzz scores as near-identical almost always share a word that few other names have.
    """
    names = [_normalize(resource.name) for _, resource in resources]  # once, not once a pair
    words_of = [set(_name_words(name)) for name in names]
    by_word: dict[str, list[int]] = defaultdict(list)
    for index, words in enumerate(words_of):
        for word in words:
            by_word[word].append(index)
    reported: set[tuple[int, int]] = set()
    for indexes in by_word.values():
        if len(indexes) < 2 or len(indexes) > _COMMON_WORD_LIMIT:
            continue
        for pair in _pairs(indexes):
            if pair in reported:
                continue
            (first, _), (second, second_resource) = (
                resources[pair[0]],
                resources[pair[1]],
            )
            score = fuzz.token_sort_ratio(names[pair[0]], names[pair[1]])
            if score >= DUPLICATE_NAME_SCORE:
                reported.add(pair)
                collector.add(
                    Severity.WARNING,
                    second.path,
                    collector.line_of(second, ("name",)),
                    partial(_same_name, second_resource.id, first),
                    "duplicate",
                )


def _same_number(resource_id: str, index: int, first: Entry) -> str:
    return (
        f"{resource_id}: phones[{index}]: same number as {first.value.id} "
        f"({first.path}:{first.line}); a duplicate entry?"
    )


def _same_name(resource_id: str, first: Entry) -> str:
    return (
        f"{resource_id}: name is almost the same as {first.value.id} "
        f"({first.path}:{first.line}); a duplicate entry?"
    )


def _pairs(indexes: list[int]) -> Iterable[tuple[int, int]]:
    for i, a in enumerate(indexes):
        for b in indexes[i + 1 :]:
            yield (a, b)


def _normalize(text: str) -> str:
    if text.isascii():  # nothing to decompose: most names, and much faster
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _name_words(normalized_name: str) -> list[str]:
    return [w for w in re.findall(r"\w+", normalized_name) if len(w) > 2]
