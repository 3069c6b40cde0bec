"""HSDS services as draft entries of our directory, each marked `needs_review` with the reasons.

Nothing imported is trusted: every entry gets `needs_review: true` and a `review_note` that says
where it came from and everything the import had to guess, leave out or could not express.
Phone numbers are never changed: one that fails our check is left out and named in the note.

Mapping (HSDS -> our field):
- name -> name; the organization's name -> organization, when it differs. The id is the name
  made a slug (at most 40 characters, unique in the file and in the reference directory).
- description (HTML tags removed) -> description.en; HSDS has no translations to bring.
- phones (of the service, its locations and contacts; the organization's when it has none) ->
  phones, kind from the RFC 6350 type: voice/cell -> voice, text -> sms, textphone -> tty;
  fax, pager and video are left out; a description -> label (and "Keyword: X" -> keyword,
  "WhatsApp" -> kind whatsapp, as our export writes them); an extension is named in the label.
- url (else the organization's website) -> website; email likewise; a virtual location whose
  name or description says "chat" -> chat_url.
- the first physical address of a physical location -> address; never for a shelter, nor for
  a service whose name or description speaks of shelter; postal addresses are not places
  people visit and are left out.
- schedules (of the service, else of its service_at_locations) -> hours: WEEKLY rules (interval
  1, plain days, no BYWEEKNO/BYMONTHDAY/BYYEARDAY/COUNT) become weekly periods; 00:00-23:59
  every day becomes open_24_7; "23:59" as a closing time is read as "24:00" (HSDS's way to say
  end of day). The time zone comes from an IANA name in the schedule's notes, else from the UTC
  offset (`timezone` or an offset on the times) matched to the service's regions' zone, else a
  fixed Etc/GMT zone; with no offset, the regions' zone is assumed and said so. What cannot be
  expressed becomes an hours note. Expired schedules (valid_to or until passed) are left out.
- languages (ISO 639-1, or 639-2/3 for common languages, or an English language name) ->
  languages; interpretation_services -> interpreters.
- eligibility_description (or minimum/maximum age) -> eligibility.note; terms of our own
  eligibility taxonomy -> eligibility.tags.
- cost_options/fees_description -> cost: free when an amount is 0 (and none is above it) or the
  text says free; sliding-scale; fee when there is an amount.
- attributes' taxonomy terms -> categories: by code (our export writes the category id), by
  label or synonym, or as the search index understands the term; else from what the index
  understands of the service's name (or, the best one only, its description); else
  `default_category`, said so in the note.
- service_areas -> regions: an exact region label or alias, or a place the search index
  recognises; with no service area, the address's city or state; else the top region (`us`).
- assured_date, else the latest metadata last_action_date -> last_verified, unless in the
  future; else today, said so in the note. Attributes with link_type "source" -> sources.
- status: active, inactive, defunct (-> inactive), temporarily closed.
- alert, and a metadata record "flagged for review" (how our export marks an entry staff still
  doubt) -> said in the note, with what was still to confirm.
- Not imported: contacts' names (we keep no named people), programs, funding, accessibility,
  required documents, coordinates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from pydantic import ValidationError

from bot.directory.catalog import Directory
from bot.directory.models import Resource
from bot.directory.text import fold
from bot.interop import hsds_import_details as details
from bot.interop import hsds_import_reach as reach
from bot.interop import hsds_values as read
from bot.interop.hsds import Json
from bot.interop.hsds_import_context import ImportContext, ImportOptions, Notes
from bot.interop.hsds_import_hours import hours
from bot.interop.hsds_read import HsdsInput, HsdsService

__all__ = ["ImportOptions", "ImportResult", "Skipped", "import_services", "slugify"]

MAX_ID_LENGTH = 40


@dataclass(frozen=True)
class Skipped:
    """A service that could not become a valid entry, and why."""

    name: str
    origin: str
    reason: str


@dataclass(frozen=True)
class ImportResult:
    resources: tuple[Resource, ...]
    skipped: tuple[Skipped, ...]


def import_services(
    hsds: HsdsInput,
    directory: Directory,
    options: ImportOptions,
    taken_ids: Iterable[str] | None = None,
) -> ImportResult:
    """Map every service of `hsds` onto `directory`'s categories and regions.

    New ids avoid `taken_ids` (default: every resource id of `directory`, so the file can sit
    beside the directory's own files).
    """
    if options.default_category not in directory.category_by_id:
        raise ValueError(f"unknown default category {options.default_category!r}")
    taken = {r.id for r in directory.resources} if taken_ids is None else set(taken_ids)
    context = ImportContext.of(directory, options, taken)
    resources: list[Resource] = []
    skipped: list[Skipped] = []
    for service in hsds.services:
        result = _ServiceMapping(service, hsds.label, context).run()
        if isinstance(result, Resource):
            resources.append(result)
        else:
            skipped.append(result)
    return ImportResult(tuple(resources), tuple(skipped))


def slugify(name: str, taken: set[str], max_length: int = MAX_ID_LENGTH) -> str:
    """A new id for `name`: lower-case words joined by hyphens, unique among `taken`."""
    base = "-".join(re.findall(r"[a-z0-9]+", fold(name))) or "service"
    candidate, number = _cut(base, max_length), 1
    while candidate in taken:
        number += 1
        suffix = f"-{number}"
        candidate = _cut(base, max_length - len(suffix)) + suffix
    taken.add(candidate)
    return candidate


def _cut(slug: str, length: int) -> str:
    if len(slug) <= length:
        return slug
    cut = slug[: length + 1]
    cut = cut[: cut.rfind("-")] if "-" in cut[1:] else cut[:length]
    return cut.strip("-")


@dataclass
class _ServiceMapping:
    """One HSDS service becoming one entry; `notes` collects what a reviewer must know."""

    service: HsdsService
    label: str
    context: ImportContext
    notes: Notes = field(default_factory=Notes)

    def run(self) -> Resource | Skipped:
        data, notes, context = self.service.data, self.notes, self.context
        name = read.text(data.get("name"))
        if not name:
            return Skipped("(no name)", self.service.origin, "the service has no name")
        organization = read.mapping(data.get("organization"))
        organization_name = read.text(organization.get("name"))
        description = read.plain(data.get("description"))
        if not description:
            description = name
            notes.add("No description in the source: write one.")
        details.doubts(data, notes)
        categories = context.categories(data, name, description, notes)
        regions, regions_known = context.regions(data, notes)
        today = context.options.today
        entry: Json = {
            "id": "",
            "name": name,
            "organization": (
                organization_name
                if organization_name and fold(organization_name) != fold(name)
                else None
            ),
            "description": {"en": description},
            "categories": categories,
            "regions": regions,
            "phones": reach.phones(data, organization, notes),
            "website": reach.url("website", notes, data.get("url"), organization.get("website")),
            "chat_url": reach.chat_url(data, notes),
            "email": reach.email(notes, data.get("email"), organization.get("email")),
            "address": reach.address(
                data, categories, f"{name}. {description}", context.index, notes
            ),
            "hours": hours(
                data,
                regions,
                regions_known,
                directory=context.directory,
                today=today,
                notes=notes,
            ),
            "languages": details.languages(data, notes),
            "interpreters": bool(read.text(data.get("interpretation_services"))),
            "eligibility": details.eligibility(data),
            "cost": details.cost(data),
            "last_verified": details.last_verified(data, today, notes),
            "sources": details.sources(data, notes),
            "needs_review": True,
            "review_note": "",
            "status": details.status(data, context.options, notes),
        }
        entry["id"] = slugify(name, context.taken_ids)
        entry["review_note"] = " ".join([self._header(), *notes.items])
        try:
            return Resource.model_validate({k: v for k, v in entry.items() if v is not None})
        except ValidationError as exc:
            context.taken_ids.discard(entry["id"])
            reasons = "; ".join(read.error_message(e) for e in exc.errors(include_url=False))
            return Skipped(name, self.service.origin, reasons)

    def _header(self) -> str:
        where = self.label
        if not where.endswith(self.service.origin):
            where += f", {self.service.origin}"
        service_id = f" service {self.service.id}" if self.service.id else ""
        return (
            f"Imported on {self.context.options.today} from HSDS ({where}){service_id}: "
            "check every detail with the service before relying on it."
        )
