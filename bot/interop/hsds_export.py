"""The directory as Open Referral HSDS 3.x JSON.

Layout. Since 3.0, HSDS's canonical form is JSON, *dereferenced*: a service embeds its phones,
schedules, areas, locations and organization instead of pointing at rows in other tables
(HSDS "Serialization and Publication Formats"). The canonical schemas have no envelope for many
records in one file; the HSDS API Reference wraps lists in a `Page` object (`total_items`,
`contents`, ...). So the export is a static copy of the API Reference's read endpoints, each
file what the endpoint of the same name returns:

    index.json                      GET /                  HSDS version
    services.json                   GET /services          Page of every service, in full
    services/<uuid>.json            GET /services/{id}     one service (compiled `service` shape)
    organizations.json              GET /organizations     Page of organizations
    organizations/<uuid>.json       GET /organizations/{id} an organization with its services
    taxonomies.json                 GET /taxonomies        Page: our category and eligibility lists
    taxonomy_terms.json             GET /taxonomy_terms    Page of the terms in use

A consumer that wants one file reads `services.json`; one that mirrors an HSDS API can serve the
tree as it is. (The other HSDS serialization, a Tabular Data Package of CSV files, is for
spreadsheets and older tools; `import-hsds` reads it, this export does not write it.)

Mapping (our field -> HSDS):
- resource -> `service` (id = uuid5 of our id). `organization`, or the resource itself when it
  names none, -> `organization`, embedded and also listed on its own.
- description -> `description` in English. HSDS 3 text fields hold one language and the schema
  has no way to attach translations, so Spanish (and any other) texts are NOT exported.
- phones -> `phones`: number exactly as staff wrote it; kind -> RFC 6350 type (voice, text,
  textphone; WhatsApp is "text" with a description saying WhatsApp); label and SMS keyword ->
  `description`.
- hours -> `schedules`: 24/7 is 00:00-23:59 every day (HSDS guidance); each weekly period is a
  WEEKLY rule with `byday`, `opens_at`, `closes_at` ("24:00" becomes "23:59"); a note alone is a
  schedule with only a `description`, a note beside a weekly schedule goes in `notes`. HSDS
  `timezone` is one UTC offset and cannot follow daylight saving: we give the zone's standard
  offset and name the IANA zone in `notes`.
- regions -> `service_areas` (name = the region's English label).
- address -> a physical `location` with one `address`, through `service_at_locations`. A shelter
  never has one (the model refuses it) and the export checks again. HSDS requires
  `postal_code`: it is "" when we do not have it.
- chat_url -> a `virtual` location whose `url` is the chat.
- languages -> `languages` (ISO 639-1 code and English name); interpreters ->
  `interpretation_services`.
- eligibility -> `eligibility_description` (English) and `attributes` with terms from our
  eligibility taxonomy; cost -> `cost_options` and `fees_description`.
- categories -> `attributes` linking terms of our category taxonomy (code = category id).
- last_verified -> `assured_date` ("the date the information was last checked") and a
  `metadata` record (last_action_type "verified"); each of `sources` -> an attribute with
  link_type "source" and the URL as value.
- status -> `status` ("temporarily closed", "inactive").
- Not exported: `contacts` (we keep no named people, and never will), `tags` (search words,
  not service data), `confidential`, `needs_review` and `review_note` (staff workflow), and
  every translation.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.directory.catalog import Directory
from bot.directory.models import (
    Cost,
    EligibilityTag,
    Hours,
    OpeningPeriod,
    Phone,
    PhoneKind,
    Resource,
    Status,
)
from bot.directory.text import fold
from bot.interop.hsds import (
    ALL_DAYS,
    BYDAY,
    CATEGORY_TAXONOMY,
    DAY_END,
    DAY_START,
    ELIGIBILITY_TAXONOMY,
    HSDS_VERSION,
    LANGUAGE_NAMES,
    LINK_CATEGORY,
    LINK_ELIGIBILITY,
    LINK_SOURCE,
    OPENAPI_URL,
    PHONE_TYPE,
    WHATSAPP_PREFIX,
    Json,
    hsds_id,
    number,
    zone_offsets,
)

UPDATED_BY = "directory staff"
STATUS = {
    Status.ACTIVE: "active",
    Status.TEMPORARILY_CLOSED: "temporarily closed",
    Status.INACTIVE: "inactive",
}
COST_OPTION = {
    Cost.FREE: ("Free", "Free of charge"),
    Cost.SLIDING_SCALE: ("Sliding scale", "Fees on a sliding scale"),
    Cost.FEE: ("Fee", "There is a fee"),
}
_UUID_FILE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.json$")


class ExportError(ValueError):
    """The directory holds something the export must never publish."""


@dataclass(frozen=True)
class HsdsExport:
    """Every HSDS object of one export, ready to be written."""

    services: tuple[Json, ...]
    organizations: tuple[Json, ...]  # each with the services it runs under "services"
    taxonomies: tuple[Json, ...]
    taxonomy_terms: tuple[Json, ...]

    def files(self) -> dict[str, Any]:
        """Relative path -> JSON value, in the layout the module docstring describes."""
        files: dict[str, Any] = {
            "index.json": {"version": HSDS_VERSION, "openapi_url": OPENAPI_URL},
            "services.json": page(self.services),
            "organizations.json": page(
                [{k: v for k, v in o.items() if k != "services"} for o in self.organizations]
            ),
            "taxonomies.json": page(self.taxonomies),
            "taxonomy_terms.json": page(self.taxonomy_terms),
        }
        for service in self.services:
            files[f"services/{service['id']}.json"] = service
        for organization in self.organizations:
            files[f"organizations/{organization['id']}.json"] = organization
        return files


def page(contents: Sequence[Json]) -> Json:
    """All of `contents` as the single page of an HSDS API list."""
    return {
        "total_items": len(contents),
        "total_pages": 1,
        "page_number": 1,
        "size": len(contents),
        "first_page": True,
        "last_page": True,
        "empty": not contents,
        "contents": list(contents),
    }


def export_directory(directory: Directory) -> HsdsExport:
    """Every resource of `directory` (active or not) as HSDS objects."""
    organizations = _organizations(directory.resources)
    services = tuple(
        _service(resource, directory, organizations[_organization_key(resource)])
        for resource in directory.resources
    )
    runs: dict[str, list[Json]] = {}
    for service in services:
        without_organization = {k: v for k, v in service.items() if k != "organization"}
        runs.setdefault(service["organization_id"], []).append(without_organization)
    full_organizations = tuple(
        {**organization, "services": runs[organization["id"]]}
        for organization in organizations.values()
    )
    return HsdsExport(
        services=services,
        organizations=full_organizations,
        taxonomies=(_category_taxonomy(), _eligibility_taxonomy()),
        taxonomy_terms=_used_terms(directory),
    )


def _used_terms(directory: Directory) -> tuple[Json, ...]:
    """The terms some service uses: HSDS asks for no unused taxonomy terms."""
    resources = directory.resources
    categories = {c for r in resources for c in r.categories}
    tags = {t for r in resources if r.eligibility for t in r.eligibility.tags}
    return (
        *(_category_term(directory, c.id) for c in directory.categories if c.id in categories),
        *(_eligibility_term(tag) for tag in EligibilityTag if tag in tags),
    )


def write_export(export: HsdsExport, out_dir: Path) -> list[Path]:
    """Write `export` under `out_dir`; remove services and organizations left by an older run.

    Only `<uuid>.json` files in `services/` and `organizations/` are ever removed: a resource
    deleted from the directory must not live on in a consumer's copy.
    """
    files = export.files()
    written: list[Path] = []
    for relative, value in files.items():
        path = out_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    for folder in ("services", "organizations"):
        for stale in (out_dir / folder).glob("*.json"):
            if _UUID_FILE.match(stale.name) and f"{folder}/{stale.name}" not in files:
                stale.unlink()
    return written


# Organizations


def _organization_key(resource: Resource) -> str:
    return f"name:{fold(resource.organization)}" if resource.organization else resource.id


def _organizations(resources: Iterable[Resource]) -> dict[str, Json]:
    """One HSDS organization per named organization, or per resource that names none."""
    named: dict[str, list[Resource]] = {}
    for resource in resources:
        named.setdefault(_organization_key(resource), []).append(resource)
    organizations: dict[str, Json] = {}
    for key, members in named.items():
        first = members[0]
        if first.organization is None:
            organizations[key] = _drop_empty(
                {
                    "id": hsds_id("organization", key),
                    "name": first.name,
                    "description": first.description.en,
                    "email": first.email,
                    "website": first.website,
                }
            )
        else:
            names = ", ".join(m.name for m in members)
            organizations[key] = {
                "id": hsds_id("organization", key),
                "name": first.organization,
                "description": f"{first.organization} runs: {names}.",
            }
    return organizations


# Services


def _service(resource: Resource, directory: Directory, organization: Json) -> Json:
    if resource.address is not None and "shelter" in resource.categories:
        raise ExportError(f"{resource.id}: a shelter's address must never be published")
    service_id = hsds_id("service", resource.id)
    eligibility = resource.eligibility
    return _drop_empty(
        {
            "id": service_id,
            "organization_id": organization["id"],
            "name": resource.name,
            "description": resource.description.en,
            "url": resource.website,
            "email": resource.email,
            "status": STATUS[resource.status],
            "interpretation_services": (
                "Interpreters for many more languages on request."
                if resource.interpreters
                else None
            ),
            "fees_description": COST_OPTION[resource.cost][1] if resource.cost else None,
            "eligibility_description": (
                eligibility.note.en if eligibility and eligibility.note else None
            ),
            "assured_date": resource.last_verified.isoformat(),
            "phones": [_phone(resource, i, phone) for i, phone in enumerate(resource.phones)],
            "schedules": _schedules(resource.id, resource.hours),
            "service_areas": [_service_area(resource, directory, rid) for rid in resource.regions],
            "service_at_locations": _service_at_locations(resource),
            "languages": [_language(resource.id, code) for code in resource.languages],
            "organization": organization,
            "cost_options": _cost_options(resource),
            "attributes": _attributes(resource, directory, service_id),
            "metadata": [
                {
                    "id": hsds_id("metadata", resource.id, "last_verified"),
                    "resource_id": service_id,
                    "resource_type": "service",
                    "last_action_date": resource.last_verified.isoformat(),
                    "last_action_type": "verified",
                    "field_name": "last_verified",
                    "previous_value": "",
                    "replacement_value": resource.last_verified.isoformat(),
                    "updated_by": UPDATED_BY,
                }
            ],
        }
    )


def _phone(resource: Resource, index: int, phone: Phone) -> Json:
    parts = []
    if phone.kind is PhoneKind.WHATSAPP:
        parts.append(WHATSAPP_PREFIX)
    if phone.label is not None:
        parts.append(phone.label.en)
    if phone.keyword:
        parts.append(f"Keyword: {phone.keyword}")
    return _drop_empty(
        {
            "id": hsds_id("phone", resource.id, str(index)),
            "number": phone.number,
            "type": PHONE_TYPE[phone.kind],
            "description": ". ".join(parts),
        }
    )


def _schedules(resource_id: str, hours: Hours | None) -> list[Json]:
    if hours is None:
        return []
    note = hours.note.en if hours.note else None
    if hours.open_24_7:
        return [
            _drop_empty(
                {
                    "id": hsds_id("schedule", resource_id, "24/7"),
                    "freq": "WEEKLY",
                    "byday": ALL_DAYS,
                    "opens_at": DAY_START,
                    "closes_at": DAY_END,
                    "description": "Open 24 hours a day, 7 days a week.",
                    "notes": note,
                }
            )
        ]
    if not hours.weekly:
        return [{"id": hsds_id("schedule", resource_id, "note"), "description": note}]
    zone = hours.timezone
    if zone is None:  # the model requires a zone for a weekly schedule
        raise ExportError(f"{resource_id}: a weekly schedule without a timezone")
    offsets = zone_offsets(ZoneInfo(zone))
    zone_note = f"Times are local time in {zone}"
    if len(offsets) > 1:
        zone_note += " (timezone is the standard-time UTC offset; add 1 hour in summer)"
    return [
        {
            "id": hsds_id("schedule", resource_id, str(index)),
            "timezone": number(offsets[0]),
            "freq": "WEEKLY",
            "byday": ",".join(BYDAY[day] for day in period.days),
            "opens_at": period.opens,
            "closes_at": DAY_END if period.closes == "24:00" else period.closes,
            "description": _describe(period),
            "notes": f"{zone_note}. {note}" if note else f"{zone_note}.",
        }
        for index, period in enumerate(hours.weekly)
    ]


def _describe(period: OpeningPeriod) -> str:
    days = ", ".join(day.capitalize() for day in period.days)
    return f"{days}: {period.opens} to {period.closes}"


def _service_area(resource: Resource, directory: Directory, region_id: str) -> Json:
    region = directory.region_by_id[region_id]
    return {"id": hsds_id("service_area", resource.id, region_id), "name": region.label.en}


def _service_at_locations(resource: Resource) -> list[Json]:
    links: list[Json] = []
    if resource.address is not None:
        address = resource.address
        location_id = hsds_id("location", resource.id, "address")
        links.append(
            {
                "id": hsds_id("service_at_location", resource.id, "address"),
                "location": {
                    "id": location_id,
                    "location_type": "physical",
                    "name": resource.name,
                    "addresses": [
                        {
                            "id": hsds_id("address", resource.id),
                            "address_1": address.street,
                            "city": address.city,
                            "state_province": address.region,
                            "postal_code": address.postal_code or "",
                            "country": address.country,
                            "address_type": "physical",
                        }
                    ],
                },
            }
        )
    if resource.chat_url is not None:
        links.append(
            {
                "id": hsds_id("service_at_location", resource.id, "chat"),
                "location": {
                    "id": hsds_id("location", resource.id, "chat"),
                    "location_type": "virtual",
                    "url": resource.chat_url,
                    "name": "Online chat",
                    "description": f"Chat online with {resource.name}.",
                },
            }
        )
    return links


def _language(resource_id: str, code: str) -> Json:
    return _drop_empty(
        {
            "id": hsds_id("language", resource_id, code),
            "name": LANGUAGE_NAMES.get(code),
            "code": code,
        }
    )


def _cost_options(resource: Resource) -> list[Json]:
    if resource.cost is None:
        return []
    option, description = COST_OPTION[resource.cost]
    return [
        _drop_empty(
            {
                "id": hsds_id("cost_option", resource.id),
                "option": option,
                "currency": "USD" if resource.cost is Cost.FREE else None,
                "amount": 0 if resource.cost is Cost.FREE else None,
                "amount_description": description,
            }
        )
    ]


def _attributes(resource: Resource, directory: Directory, service_id: str) -> list[Json]:
    def link(kind: str, key: str, link_type: str, **fields: Any) -> Json:
        return {
            "id": hsds_id("attribute", resource.id, kind, key),
            "link_id": service_id,
            "link_type": link_type,
            "link_entity": "service",
            **fields,
        }

    attributes = [
        link("category", c, LINK_CATEGORY, taxonomy_term=_category_term(directory, c))
        for c in resource.categories
    ]
    if resource.eligibility is not None:
        attributes += [
            link("eligibility", t, LINK_ELIGIBILITY, taxonomy_term=_eligibility_term(t))
            for t in resource.eligibility.tags
        ]
    attributes += [link("source", url, LINK_SOURCE, value=url) for url in resource.sources]
    return attributes


# Taxonomies


def _category_taxonomy() -> Json:
    return {
        "id": hsds_id("taxonomy", "categories"),
        "name": CATEGORY_TAXONOMY,
        "description": "The kinds of help a person can choose from in the Safe Harbor bot. "
        "Each term's code is the category id.",
    }


def _eligibility_taxonomy() -> Json:
    return {
        "id": hsds_id("taxonomy", "eligibility"),
        "name": ELIGIBILITY_TAXONOMY,
        "description": "Who a service in the Safe Harbor bot is for. Each term's code is the "
        "eligibility tag.",
    }


def _category_term(directory: Directory, category_id: str) -> Json:
    category = directory.category_by_id[category_id]
    words = category.synonyms.by_language().get("en", ())
    return {
        "id": hsds_id("taxonomy_term", "category", category_id),
        "code": category_id,
        "name": category.label.en,
        "description": f"{category.label.en}: {', '.join(words)}" if words else category.label.en,
        "taxonomy": CATEGORY_TAXONOMY,
        "taxonomy_id": _category_taxonomy()["id"],
        "language": "en",
    }


def _eligibility_term(tag: EligibilityTag) -> Json:
    name = tag.value.replace("-", " ").capitalize()
    return {
        "id": hsds_id("taxonomy_term", "eligibility", tag.value),
        "code": tag.value,
        "name": name,
        "description": f"Who the service is for: {name.lower()}.",
        "taxonomy": ELIGIBILITY_TAXONOMY,
        "taxonomy_id": _eligibility_taxonomy()["id"],
        "language": "en",
    }


def _drop_empty(fields: Json) -> Json:
    """Leave out what we do not know: HSDS fields are optional unless the schema says so."""
    return {k: v for k, v in fields.items() if v is not None and v != [] and v != ""}
