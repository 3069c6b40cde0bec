"""What every imported service is matched against: our categories and regions, and the options.

`ImportContext` is built once per import; `Notes` gathers, for one service, what a reviewer must
know (each guess, each thing left out), in the order it was found.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from bot.directory.catalog import Directory
from bot.directory.search import SearchIndex
from bot.directory.text import fold
from bot.interop import hsds_values as read
from bot.interop.hsds import ELIGIBILITY_TAXONOMY, LINK_ELIGIBILITY, LINK_SOURCE, Json
from bot.interop.hsds_import_reach import addresses

DEFAULT_CATEGORY = "advocacy"


@dataclass(frozen=True)
class ImportOptions:
    """How to fill what the HSDS data cannot tell us."""

    today: dt.date
    default_category: str = DEFAULT_CATEGORY
    inactive: bool = False  # import as status: inactive, so nothing unreviewed is shown


@dataclass
class Notes:
    """What a reviewer must know about one imported service, each sentence once."""

    items: list[str] = field(default_factory=list)

    def add(self, text: str) -> None:
        if text not in self.items:
            self.items.append(text)


@dataclass
class ImportContext:
    """What every service's mapping looks things up in."""

    directory: Directory
    index: SearchIndex
    options: ImportOptions
    category_keys: dict[str, str]
    region_keys: dict[str, str]
    taken_ids: set[str]

    @classmethod
    def of(cls, directory: Directory, options: ImportOptions, taken_ids: set[str]) -> ImportContext:
        category_keys: dict[str, str] = {}
        for category in directory.categories:
            for text in (category.id, *category.label.all_texts(), *category.synonyms.all_terms()):
                category_keys.setdefault(read.key(text), category.id)
        region_keys: dict[str, str] = {}
        for region in directory.regions:
            for text in (region.id, *region.label.all_texts(), *region.aliases.all_terms()):
                region_keys.setdefault(read.key(text), region.id)
        return cls(
            directory=directory,
            index=SearchIndex.build(directory),
            options=options,
            category_keys=category_keys,
            region_keys=region_keys,
            taken_ids=taken_ids,
        )

    def category_of_term(self, term: Json) -> tuple[str | None, bool]:
        """The category a taxonomy term names, and whether it names it exactly (by code,
        label or synonym) rather than as search understands its words."""
        code = read.text(term.get("code"))
        if code is not None and code in self.directory.category_by_id:
            return code, True
        name = read.text(term.get("name"))
        if not name:
            return None, False
        if read.key(name) in self.category_keys:
            return self.category_keys[read.key(name)], True
        found = self.index.understand(name).categories
        return (found[0] if found else None), False

    def region_of(self, text: str) -> tuple[str | None, bool]:
        """The region `text` names, and whether exactly (an id, label or alias)."""
        if read.key(text) in self.region_keys:
            return self.region_keys[read.key(text)], True
        return self.index.understand(text).region, False

    @property
    def top_region(self) -> str:
        regions = self.directory.region_by_id
        return "us" if "us" in regions else self.directory.children(None)[0].id

    # Categories and regions of one service

    def categories(self, data: Json, name: str, description: str, notes: Notes) -> list[str]:
        """Our categories for the service: from its taxonomy terms, else guessed from words."""
        found: list[str] = []
        unmatched: list[str] = []
        for attribute in read.objects(data.get("attributes")):
            term = read.mapping(attribute.get("taxonomy_term"))
            if not term or is_eligibility(attribute, term):
                continue
            if read.text(attribute.get("link_type")) == LINK_SOURCE:
                continue
            category, exact = self.category_of_term(term)
            term_name = read.text(term.get("name")) or read.text(term.get("code")) or "?"
            if category is None:
                unmatched.append(term_name)
                continue
            if not exact:
                notes.add(f"Taxonomy term {term_name!r} read as category {category!r}.")
            if category not in found:
                found.append(category)
        if found:
            return found
        if unmatched:
            terms = ", ".join(repr(t) for t in unmatched)
            notes.add(f"Taxonomy terms {terms} match none of our categories.")
        for where, text in (("name", name), ("description", description)):
            guessed = list(self.index.understand(text).categories)
            if guessed:
                chosen = guessed if where == "name" else guessed[:1]
                notes.add(f"Categories guessed from the {where}: {', '.join(chosen)}.")
                return chosen
        default = self.options.default_category
        notes.add(f"No category recognised: set to {default!r}, probably wrong.")
        return [default]

    def regions(self, data: Json, notes: Notes) -> tuple[list[str], bool]:
        """Region ids, and whether they come from the data (False: the fallback)."""
        found: list[str] = []
        unmatched: list[str] = []
        for area in read.objects(data.get("service_areas")):
            texts = [read.text(area.get("name")), read.text(area.get("description"))]
            if fold(read.text(area.get("extent_type")) or "") == "text":
                texts.append(read.text(area.get("extent")))
            region, exact, text = None, False, ""
            for text in filter(None, texts):
                region, exact = self.region_of(text)
                if region is not None:
                    break
            if region is None:
                unmatched.append(next((t for t in texts if t), "?"))
                continue
            if not exact:
                notes.add(f"Service area {read.short(text)!r} read as region {region!r}.")
            if region not in found:
                found.append(region)
        if not found:
            found = self._region_of_address(data, notes)
        for text in unmatched:
            notes.add(f"Service area {read.short(text)!r} matches none of our regions.")
        if found:
            return found, True
        top = self.top_region
        notes.add(f"Region set to {top!r}: narrow it if the service is local.")
        return [top], False

    def _region_of_address(self, data: Json, notes: Notes) -> list[str]:
        for address in addresses(data, physical_only=False):
            for key in ("city", "state_province"):
                place = read.text(address.get(key))
                region = self.region_of(place)[0] if place else None
                if region is not None:
                    notes.add(f"Region {region!r} taken from the address.")
                    return [region]
        return []


def is_eligibility(attribute: Json, term: Json) -> bool:
    """Whether an attribute links a term of our eligibility taxonomy (not a category)."""
    return (
        read.text(attribute.get("link_type")) == LINK_ELIGIBILITY
        or read.text(term.get("taxonomy")) == ELIGIBILITY_TAXONOMY
    )
