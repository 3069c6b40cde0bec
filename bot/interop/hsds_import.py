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
- Not imported: contacts' names (we keep no named people), programs, funding, accessibility,
  required documents, alerts, coordinates.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import TypeAdapter, ValidationError

from bot.directory import phones as phone_rules
from bot.directory.catalog import Directory
from bot.directory.models import (
    WEEKDAYS,
    Address,
    Cost,
    EligibilityTag,
    Email,
    Phone,
    PhoneKind,
    Resource,
    Status,
    Url,
    Weekday,
)
from bot.directory.search import SearchIndex
from bot.directory.text import fold, words
from bot.interop.hsds import (
    DAY_END,
    DAY_START,
    ELIGIBILITY_TAXONOMY,
    LANGUAGE_NAMES,
    LANGUAGE_OF_ALPHA3,
    LINK_ELIGIBILITY,
    LINK_SOURCE,
    PHONE_KIND_OF_TYPE,
    UNREACHABLE_PHONE_TYPES,
    WEEKDAY_OF_BYDAY,
    WHATSAPP_PREFIX,
    Json,
    zone_offsets,
)
from bot.interop.hsds_read import HsdsInput, HsdsService

DEFAULT_CATEGORY = "advocacy"
MAX_ID_LENGTH = 40
MAX_LABEL_LENGTH = 80

_URL: TypeAdapter[str] = TypeAdapter(Url)
_EMAIL: TypeAdapter[str] = TypeAdapter(Email)
_TAG = re.compile(r"<[^>]+>")
_CLOCK = re.compile(
    r"^(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?"
    r"(?P<zone>Z|[+-]\d{2}(?::?\d{2})?)?$"
)
_KEYWORD = re.compile(r"(?:^|\.\s+)Keyword:\s*(?P<word>\S+?)\.?$")
_IANA_ZONE = re.compile(r"\b(?:[A-Z][A-Za-z_]+/)+[A-Z][A-Za-z_]+\b")
_ZONE_SENTENCE = re.compile(r"Times are local time in [^.(]+(?:\([^)]*\))?\.\s*")
_STATUS = {
    "active": Status.ACTIVE,
    "inactive": Status.INACTIVE,
    "defunct": Status.INACTIVE,
    "temporarily closed": Status.TEMPORARILY_CLOSED,
    "temporarily_closed": Status.TEMPORARILY_CLOSED,
}


@dataclass(frozen=True)
class ImportOptions:
    """How to fill what the HSDS data cannot tell us."""

    today: dt.date
    default_category: str = DEFAULT_CATEGORY
    inactive: bool = False  # import as status: inactive, so nothing unreviewed is shown


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
    context = _Context.of(directory, options, taken)
    resources: list[Resource] = []
    skipped: list[Skipped] = []
    for service in hsds.services:
        result = _Mapping(service, hsds.label, context).run()
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
class _Context:
    """What every service's mapping looks things up in."""

    directory: Directory
    index: SearchIndex
    options: ImportOptions
    category_keys: dict[str, str]
    region_keys: dict[str, str]
    taken_ids: set[str]

    @classmethod
    def of(cls, directory: Directory, options: ImportOptions, taken_ids: set[str]) -> _Context:
        category_keys: dict[str, str] = {}
        for category in directory.categories:
            for text in (category.id, *category.label.all_texts(), *category.synonyms.all_terms()):
                category_keys.setdefault(_key(text), category.id)
        region_keys: dict[str, str] = {}
        for region in directory.regions:
            for text in (region.id, *region.label.all_texts(), *region.aliases.all_terms()):
                region_keys.setdefault(_key(text), region.id)
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
        code = _text(term.get("code"))
        if code is not None and code in self.directory.category_by_id:
            return code, True
        name = _text(term.get("name"))
        if not name:
            return None, False
        if _key(name) in self.category_keys:
            return self.category_keys[_key(name)], True
        found = self.index.understand(name).categories
        return (found[0] if found else None), False

    def region_of(self, text: str) -> tuple[str | None, bool]:
        """The region `text` names, and whether exactly (an id, label or alias)."""
        if _key(text) in self.region_keys:
            return self.region_keys[_key(text)], True
        return self.index.understand(text).region, False

    @property
    def top_region(self) -> str:
        regions = self.directory.region_by_id
        return "us" if "us" in regions else self.directory.children(None)[0].id


@dataclass
class _Mapping:
    """One HSDS service becoming one entry; `notes` collects what a reviewer must know."""

    service: HsdsService
    label: str
    context: _Context
    notes: list[str] = field(default_factory=list)

    @property
    def data(self) -> Json:
        return self.service.data

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def run(self) -> Resource | Skipped:
        name = _text(self.data.get("name"))
        if not name:
            return Skipped("(no name)", self.service.origin, "the service has no name")
        organization = _dict(self.data.get("organization"))
        organization_name = _text(organization.get("name"))
        description = _plain(self.data.get("description"))
        if not description:
            description = name
            self.note("No description in the source: write one.")
        categories = self._categories(name, description)
        regions, regions_known = self._regions()
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
            "phones": self._phones(organization),
            "website": self._url("website", self.data.get("url"), organization.get("website")),
            "chat_url": self._chat_url(),
            "email": self._email(self.data.get("email"), organization.get("email")),
            "address": self._address(categories, f"{name}. {description}"),
            "hours": self._hours(regions, regions_known),
            "languages": self._languages(),
            "interpreters": bool(_text(self.data.get("interpretation_services"))),
            "eligibility": self._eligibility(),
            "cost": self._cost(),
            "last_verified": self._last_verified(),
            "sources": self._sources(),
            "needs_review": True,
            "review_note": "",
            "status": self._status(),
        }
        entry["id"] = slugify(name, self.context.taken_ids)
        entry["review_note"] = " ".join([self._header(), *self.notes])
        try:
            return Resource.model_validate({k: v for k, v in entry.items() if v is not None})
        except ValidationError as exc:
            self.context.taken_ids.discard(entry["id"])
            reasons = "; ".join(_message(e) for e in exc.errors(include_url=False))
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

    # Categories and regions

    def _categories(self, name: str, description: str) -> list[str]:
        found: list[str] = []
        unmatched: list[str] = []
        for attribute in _objects(self.data.get("attributes")):
            term = _dict(attribute.get("taxonomy_term"))
            if not term or _is_eligibility(attribute, term):
                continue
            if _text(attribute.get("link_type")) == LINK_SOURCE:
                continue
            category, exact = self.context.category_of_term(term)
            term_name = _text(term.get("name")) or _text(term.get("code")) or "?"
            if category is None:
                unmatched.append(term_name)
                continue
            if not exact:
                self.note(f"Taxonomy term {term_name!r} read as category {category!r}.")
            if category not in found:
                found.append(category)
        if found:
            return found
        if unmatched:
            terms = ", ".join(repr(t) for t in unmatched)
            self.note(f"Taxonomy terms {terms} match none of our categories.")
        for where, text in (("name", name), ("description", description)):
            guessed = list(self.context.index.understand(text).categories)
            if guessed:
                chosen = guessed if where == "name" else guessed[:1]
                self.note(f"Categories guessed from the {where}: {', '.join(chosen)}.")
                return chosen
        default = self.context.options.default_category
        self.note(f"No category recognised: set to {default!r}, probably wrong.")
        return [default]

    def _regions(self) -> tuple[list[str], bool]:
        """Region ids, and whether they come from the data (False: the fallback)."""
        found: list[str] = []
        unmatched: list[str] = []
        areas = list(_objects(self.data.get("service_areas")))
        for area in areas:
            texts = [_text(area.get("name")), _text(area.get("description"))]
            if fold(_text(area.get("extent_type")) or "") == "text":
                texts.append(_text(area.get("extent")))
            region, exact, text = None, False, ""
            for text in filter(None, texts):
                region, exact = self.context.region_of(text)
                if region is not None:
                    break
            if region is None:
                unmatched.append(next((t for t in texts if t), "?"))
                continue
            if not exact:
                self.note(f"Service area {_short(text)!r} read as region {region!r}.")
            if region not in found:
                found.append(region)
        if not found:
            for address in self._addresses(physical_only=False):
                for key in ("city", "state_province"):
                    place = _text(address.get(key))
                    region = self.context.region_of(place)[0] if place else None
                    if region is not None:
                        found.append(region)
                        self.note(f"Region {region!r} taken from the address.")
                        break
                if found:
                    break
        for text in unmatched:
            self.note(f"Service area {_short(text)!r} matches none of our regions.")
        if found:
            return found, True
        top = self.context.top_region
        self.note(f"Region set to {top!r}: narrow it if the service is local.")
        return [top], False

    # Ways to reach it

    def _phones(self, organization: Json) -> list[Json]:
        raw = list(_objects(self.data.get("phones")))
        for link in _objects(self.data.get("service_at_locations")):
            raw += _objects(link.get("phones"))
            raw += _objects(_dict(link.get("location")).get("phones"))
        for contact in _objects(self.data.get("contacts")):
            raw += _objects(contact.get("phones"))
        if not raw and list(_objects(organization.get("phones"))):
            raw = list(_objects(organization.get("phones")))
            self.note("The phones are the organization's, not the service's.")
        result: list[Json] = []
        seen: set[tuple[str, str, str | None]] = set()
        for phone in raw:
            mapped = self._phone(phone)
            if mapped is None:
                continue
            key = (mapped["kind"], mapped["number"], mapped.get("keyword"))
            if key not in seen:
                seen.add(key)
                result.append(mapped)
        return result

    def _phone(self, phone: Json) -> Json | None:
        number = _number_as_given(phone.get("number"))
        if not number:
            return None
        phone_type = fold(_text(phone.get("type")) or "")
        if phone_type in UNREACHABLE_PHONE_TYPES:
            self.note(f"Left out {phone_type} number {number!r}.")
            return None
        kind = PHONE_KIND_OF_TYPE.get(phone_type)
        if kind is None:
            kind = PhoneKind.VOICE
            self.note(f"Phone {number!r} has type {phone_type!r}: read as voice.")
        description = _text(phone.get("description")) or ""
        if description.startswith(WHATSAPP_PREFIX) and kind is PhoneKind.SMS:
            kind = PhoneKind.WHATSAPP
            description = description.removeprefix(WHATSAPP_PREFIX).lstrip(". ")
        keyword = None
        if kind in (PhoneKind.SMS, PhoneKind.WHATSAPP):
            match = _KEYWORD.search(description)
            if match:
                keyword = match.group("word")
                description = description[: match.start()].strip()
        problem = phone_rules.problem_with(number, sms=kind is PhoneKind.SMS)
        if problem:
            self.note(f"Left out phone {number!r}: not a valid number (not corrected: check it).")
            return None
        label = _label(description)
        extension = _text(phone.get("extension"))
        if extension:
            label = f"{label}, extension {extension}" if label else f"Extension {extension}"
            self.note(f"Phone {number!r} needs extension {extension}: it is only in the label.")
        mapped: Json = {"kind": kind.value, "number": number}
        if label:
            mapped["label"] = {"en": label}
        if keyword:
            mapped["keyword"] = keyword
        try:
            Phone.model_validate(mapped)
        except ValidationError as exc:
            self.note(f"Left out phone {number!r}: {_message(exc.errors()[0])}.")
            return None
        return mapped

    def _url(self, what: str, *candidates: Any) -> str | None:
        for value in candidates:
            url = _text(value)
            if not url:
                continue
            try:
                return _URL.validate_python(url)
            except ValidationError:
                self.note(f"Left out {what} {url!r}: not an http(s) address.")
        return None

    def _chat_url(self) -> str | None:
        for link in _objects(self.data.get("service_at_locations")):
            location = _dict(link.get("location"))
            if fold(_text(location.get("location_type")) or "") != "virtual":
                continue
            about = " ".join(_text(location.get(k)) or "" for k in ("name", "description"))
            if "chat" in words(about):
                return self._url("chat address", location.get("url"))
        return None

    def _email(self, *candidates: Any) -> str | None:
        for value in candidates:
            email = _text(value)
            if not email:
                continue
            try:
                return _EMAIL.validate_python(email)
            except ValidationError:
                self.note(f"Left out email {email!r}: not an email address.")
        return None

    def _addresses(self, *, physical_only: bool) -> list[Json]:
        found = []
        for link in _objects(self.data.get("service_at_locations")):
            location = _dict(link.get("location"))
            if fold(_text(location.get("location_type")) or "physical") == "virtual":
                continue
            for address in _objects(location.get("addresses")):
                kind = fold(_text(address.get("address_type")) or "physical")
                if kind == "physical" or not physical_only:
                    found.append(address)
        return found

    def _address(self, categories: Sequence[str], text: str) -> Json | None:
        everything = self._addresses(physical_only=False)
        if not everything:
            return None
        if "shelter" in categories:
            self.note("Address left out: a shelter's address is never published.")
            return None
        if "shelter" in self.context.index.understand(text).categories:
            # Not filed as a shelter (yet), but its words speak of one: a reviewer may add the
            # category, and the address must not be there already.
            self.note(
                "Address left out: the service may be a shelter, whose address is never published."
            )
            return None
        physical = self._addresses(physical_only=True)
        if not physical:
            self.note("Only a postal address in the source: left out (ours are places to visit).")
            return None
        if len(physical) > 1:
            self.note(f"{len(physical)} addresses in the source: kept the first.")
        source = physical[0]
        street = ", ".join(filter(None, (_text(source.get(k)) for k in ("address_1", "address_2"))))
        address = {
            "street": street,
            "city": _text(source.get("city")),
            "region": _text(source.get("state_province")),
            "postal_code": _text(source.get("postal_code")),
            "country": (_text(source.get("country")) or "").upper(),
        }
        try:
            Address.model_validate(address)
        except ValidationError as exc:
            self.note(f"Address left out: {_message(exc.errors()[0])}.")
            return None
        return {k: v for k, v in address.items() if v}

    # Hours

    def _hours(self, regions: Sequence[str], regions_known: bool) -> Json | None:
        schedules = list(_objects(self.data.get("schedules")))
        if not schedules:
            for link in _objects(self.data.get("service_at_locations")):
                schedules += _objects(link.get("schedules"))
        parsed = [_Schedule.of(s, self.context.options.today) for s in schedules]
        for schedule in parsed:
            if schedule.expired:
                self.note(f"Left out a schedule that ended on {schedule.expired}.")
        parsed = [s for s in parsed if not s.expired]
        texts = [t for s in parsed for t in s.texts()]
        weekly = [s for s in parsed if s.periods]
        problems = [p for s in parsed for p in s.problems]
        if problems or not weekly:
            if not texts:
                return None
            if problems:
                self.note(f"Schedule kept as a note: {'; '.join(problems)}.")
            return {"note": {"en": _join_sentences(texts)}}
        notes = [t for s in parsed for t in s.notes_texts()]
        if _always_open(weekly):
            hours: Json = {"open_24_7": True}
        else:
            zone = self._zone(weekly, regions, regions_known)
            if zone is None:
                return {"note": {"en": _join_sentences(texts)}}
            hours = {"timezone": zone, "weekly": _merge_periods(weekly)}
        if notes:
            hours["note"] = {"en": _join_sentences(notes)}
        return hours

    def _zone(
        self, weekly: Sequence[_Schedule], regions: Sequence[str], regions_known: bool
    ) -> str | None:
        offsets = {s.offset for s in weekly if s.offset is not None}
        if len(offsets) > 1:
            self.note("Schedules in several UTC offsets: kept as a note.")
            return None
        offset = next(iter(offsets), None)
        named = [z for s in weekly for z in s.zones()]
        region_zones = [self.context.directory.region_by_id[r].timezone for r in regions]
        for zone in [*named, *(region_zones if regions_known else [])]:
            if offset is None or offset in zone_offsets(ZoneInfo(zone)):
                if offset is None and zone not in named:
                    self.note(f"The source gives no time zone: times read as {zone}.")
                return zone
        if offset is None:
            self.note("The source gives no time zone for its hours: kept as a note.")
            return None
        if offset.is_integer() and -12 <= offset <= 14:  # the Etc/GMT zones that exist
            zone = "Etc/UTC" if offset == 0 else f"Etc/GMT{-int(offset):+d}"
            self.note(f"Hours are in UTC{offset:+g} all year ({zone}): use the local zone.")
            return zone
        self.note(f"Hours are in UTC{offset:+g}, which no zone here matches: kept as a note.")
        return None

    # Who, what, when

    def _languages(self) -> list[str]:
        sources = list(_objects(self.data.get("languages")))
        if not sources:
            for phone in _objects(self.data.get("phones")):
                sources += _objects(phone.get("languages"))
            for link in _objects(self.data.get("service_at_locations")):
                sources += _objects(_dict(link.get("location")).get("languages"))
        codes: list[str] = []
        for language in sources:
            code = _language_code(_text(language.get("code")), _text(language.get("name")))
            if code is None:
                what = _text(language.get("code")) or _text(language.get("name")) or "?"
                self.note(f"Language {what!r} not recognised: left out.")
            elif code not in codes:
                codes.append(code)
        return codes

    def _eligibility(self) -> Json | None:
        note = _plain(self.data.get("eligibility_description"))
        low = _number(self.data.get("minimum_age"))
        high = _number(self.data.get("maximum_age"))
        if not note and (low is not None or high is not None):
            if low is not None and high is not None:
                note = f"Ages {low:g} to {high:g}."
            elif low is not None:
                note = f"Ages {low:g} and over."
            else:
                note = f"Up to age {high:g}."
        tags: list[str] = []
        known = {tag.value for tag in EligibilityTag}
        for attribute in _objects(self.data.get("attributes")):
            term = _dict(attribute.get("taxonomy_term"))
            code = _text(term.get("code"))
            if _is_eligibility(attribute, term) and code in known and code not in tags:
                tags.append(code)
        if not (note or tags):
            return None
        return {k: v for k, v in (("note", {"en": note} if note else None), ("tags", tags)) if v}

    def _cost(self) -> str | None:
        options = list(_objects(self.data.get("cost_options")))
        amounts = [a for a in (_number(o.get("amount")) for o in options) if a is not None]
        texts = [fold(t) for t in (_text(o.get("option")) for o in options) if t]
        fees = fold(_text(self.data.get("fees_description")) or "")
        if any("sliding" in t for t in [*texts, fees]):
            return Cost.SLIDING_SCALE.value
        if any(a > 0 for a in amounts):
            return Cost.FEE.value
        says_free = any(t in ("free", "free of charge", "no cost") for t in texts) or bool(
            re.match(r"(free|no cost|no charge)\b", fees)
        )
        if says_free or (amounts and all(a == 0 for a in amounts)):
            return Cost.FREE.value
        if any(t == "fee" for t in texts):
            return Cost.FEE.value
        return None

    def _last_verified(self) -> dt.date:
        today = self.context.options.today
        candidates = [("assured_date", _date(self.data.get("assured_date")))]
        dates = [_date(m.get("last_action_date")) for m in _objects(self.data.get("metadata"))]
        known = [d for d in dates if d is not None]
        candidates.append(("metadata last_action_date", max(known) if known else None))
        for where, day in candidates:
            if day is None:
                continue
            if day > today:
                self.note(f"{where} {day} is in the future: not used.")
                continue
            return day
        self.note(
            "No verification date in the source: last_verified is the import day, not a check."
        )
        return today

    def _sources(self) -> list[str]:
        sources: list[str] = []
        for attribute in _objects(self.data.get("attributes")):
            if _text(attribute.get("link_type")) != LINK_SOURCE:
                continue
            url = self._url("source", attribute.get("value"))
            if url and url not in sources:
                sources.append(url)
        return sources

    def _status(self) -> str:
        raw = _text(self.data.get("status")) or "active"
        status = _STATUS.get(fold(raw))
        if status is None:
            status = Status.ACTIVE
            self.note(f"HSDS status {raw!r} is unknown: imported as active.")
        elif fold(raw) == "defunct":
            self.note("HSDS says the service is defunct.")
        if self.context.options.inactive and status is Status.ACTIVE:
            self.note("Imported as inactive: set status to active once reviewed.")
            return Status.INACTIVE.value
        return status.value


@dataclass(frozen=True)
class _Schedule:
    """One HSDS schedule, understood: weekly periods, or why it cannot be, plus its texts."""

    source: Json
    periods: tuple[tuple[tuple[Weekday, ...], str, str], ...] = ()
    offset: float | None = None
    problems: tuple[str, ...] = ()
    expired: dt.date | None = None

    @classmethod
    def of(cls, source: Json, today: dt.date) -> _Schedule:
        for key in ("valid_to", "until"):
            last_day = _date(source.get(key))
            if last_day is not None and last_day < today:
                return cls(source, expired=last_day)
        freq = (_text(source.get("freq")) or "").upper()
        byday = _text(source.get("byday"))
        opens, closes = _text(source.get("opens_at")), _text(source.get("closes_at"))
        if not (freq or byday or opens or closes):
            return cls(source)  # only words: a note
        problems = []
        if freq not in ("", "WEEKLY", "DAILY"):
            problems.append(f"FREQ {freq}")
        interval = _number(source.get("interval"))
        if interval not in (None, 1):
            problems.append(f"INTERVAL {interval:g}")
        for key in ("byweekno", "bymonthday", "byyearday", "count"):
            if _text(source.get(key)):
                problems.append(key.upper())
        days: list[Weekday] = []
        if byday:
            for code in (c.strip().upper() for c in byday.split(",")):
                day = WEEKDAY_OF_BYDAY.get(code)
                if day is None:
                    problems.append(f"BYDAY {code}")
                elif day not in days:
                    days.append(day)
        elif freq == "DAILY":
            days = list(WEEKDAYS)
        else:
            problems.append("no BYDAY")
        start, end = _clock(opens), _clock(closes)
        if start is None or end is None:
            problems.append(f"opening times {opens!r} to {closes!r}")
        if problems or start is None or end is None:
            return cls(source, problems=tuple(problems))
        (opens_at, opens_offset), (closes_at, closes_offset) = start, end
        if closes_at == DAY_END or (opens_at, closes_at) == (DAY_START, DAY_START):
            closes_at = "24:00"  # end of the day
        if opens_offset != closes_offset and None not in (opens_offset, closes_offset):
            return cls(source, problems=("opens and closes in different offsets",))
        offset = _number(source.get("timezone"))
        if offset is None:
            offset = opens_offset if opens_offset is not None else closes_offset
        if opens_at == closes_at and opens_at != DAY_START:
            return cls(source, problems=(f"opens and closes at {opens_at}",))
        ordered = tuple(d for d in WEEKDAYS if d in days)
        return cls(source, periods=((ordered, opens_at, closes_at),), offset=offset)

    def texts(self) -> list[str]:
        """Every human-readable word the schedule carries, or a summary of its fields."""
        found = [t for t in (_text(self.source.get(k)) for k in ("description", "notes")) if t]
        found = [_ZONE_SENTENCE.sub("", t).strip() or t for t in found]
        if found:
            return found
        fields = ("freq", "byday", "opens_at", "closes_at")
        return [" ".join(f"{k}={_text(self.source.get(k))}" for k in fields if self.source.get(k))]

    def notes_texts(self) -> list[str]:
        """Notes beside a weekly rule (the description only restates the rule)."""
        if not self.periods:
            return self.texts()
        notes = _text(self.source.get("notes"))
        rest = _ZONE_SENTENCE.sub("", notes).strip() if notes else ""
        return [rest] if rest else []

    def zones(self) -> list[str]:
        """IANA zones named in the schedule's words (our export names its zone in `notes`)."""
        words_ = " ".join(
            t
            for t in (_text(self.source.get(k)) for k in ("timezone", "notes", "description"))
            if t
        )
        zones = []
        for name in _IANA_ZONE.findall(words_):
            try:
                ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
            zones.append(name)
        return zones


def _always_open(weekly: Sequence[_Schedule]) -> bool:
    full_days: set[Weekday] = set()
    for schedule in weekly:
        for days, opens, closes in schedule.periods:
            if opens == DAY_START and closes in ("24:00", DAY_START):
                full_days.update(days)
    return full_days == set(WEEKDAYS)


def _merge_periods(weekly: Sequence[_Schedule]) -> list[Json]:
    """Periods with the same times share one entry: Mon-Fri 10:00-16:00 stays one line."""
    by_times: dict[tuple[str, str], list[Weekday]] = {}
    for schedule in weekly:
        for days, opens, closes in schedule.periods:
            merged = by_times.setdefault((opens, closes), [])
            merged += [d for d in days if d not in merged]
    return [
        {"days": [d for d in WEEKDAYS if d in days], "opens": opens, "closes": closes}
        for (opens, closes), days in by_times.items()
    ]


# Small readers of HSDS values (JSON types or CSV strings)


def _text(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, str):
        text = " ".join(value.split())
        return text or None
    return None


def _number_as_given(value: Any) -> str | None:
    """A phone number exactly as the source wrote it, only trimmed: never corrected."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return (value.strip() or None) if isinstance(value, str) else None


def _plain(value: Any) -> str | None:
    """Text without HTML tags or entities (HSDS descriptions may hold HTML)."""
    text = _text(value)
    if text is None:
        return None
    return _text(html.unescape(_TAG.sub(" ", text)))


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def _date(value: Any) -> dt.date | None:
    text = _text(value)
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _clock(value: str | None) -> tuple[str, float | None] | None:
    """'10:00', '10:00:00', '10:00Z', '09:00-05:00' -> ('HH:MM', UTC offset in hours or None)."""
    match = _CLOCK.match(value or "")
    if match is None:
        return None
    hours, minutes, seconds = int(match["h"]), int(match["m"]), int(match["s"] or 0)
    if seconds or minutes > 59 or hours > 24 or (hours == 24 and minutes):
        return None
    zone = match["zone"]
    offset: float | None = None
    if zone == "Z":
        offset = 0.0
    elif zone:
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        offset = sign * (int(digits[:2]) + int(digits[2:] or 0) / 60)
    return f"{hours:02d}:{minutes:02d}", offset


def _language_code(code: str | None, name: str | None) -> str | None:
    if code:
        primary = re.split(r"[-_]", code.strip().lower())[0]
        if re.fullmatch(r"[a-z]{2}", primary):
            return primary
        if primary in LANGUAGE_OF_ALPHA3:
            return LANGUAGE_OF_ALPHA3[primary]
    if name:
        by_name = {fold(n): c for c, n in LANGUAGE_NAMES.items()}
        return by_name.get(fold(name))
    return None


def _is_eligibility(attribute: Json, term: Json) -> bool:
    return (
        _text(attribute.get("link_type")) == LINK_ELIGIBILITY
        or _text(term.get("taxonomy")) == ELIGIBILITY_TAXONOMY
    )


def _label(description: str) -> str | None:
    """A phone's label from its description: the first sentence when the text is long."""
    text = description.strip()
    if len(text) > MAX_LABEL_LENGTH:
        text = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    if len(text) > MAX_LABEL_LENGTH:
        text = text[: MAX_LABEL_LENGTH - 1].rsplit(" ", 1)[0] + "…"
    return text.rstrip(".") or None


def _join_sentences(texts: Iterable[str]) -> str:
    unique: list[str] = []
    for text in texts:
        if text not in unique:
            unique.append(text)
    return " ".join(t if t.endswith((".", "!", "?")) else f"{t}." for t in unique)


def _short(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + "…"


def _key(text: str) -> str:
    return " ".join(words(text))


def _dict(value: Any) -> Json:
    return value if isinstance(value, dict) else {}


def _objects(value: Any) -> list[Json]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _message(error: Any) -> str:
    where = ".".join(str(part) for part in error.get("loc", ()))
    message = str(error.get("msg", "")).removeprefix("Value error, ")
    return f"{where}: {message}" if where else message
