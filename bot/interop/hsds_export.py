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
- needs_review (staff doubt a detail, e.g. a single-source phone number) -> no `assured_date`
  (nothing is assured), an `alert` saying plainly that details are not yet confirmed, and the
  metadata record's last_action_type "flagged for review", with the `review_note` as its
  replacement_value (field_name "review_note"). Never "verified".
- status -> `status` ("temporarily closed", "inactive").
- Not exported: `contacts` (we keep no named people, and never will), `tags` (search words,
  not service data), `confidential`, and every translation.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.directory.catalog import Directory
from bot.directory.models import EligibilityTag, Resource
from bot.directory.text import fold
from bot.interop.hsds import HSDS_VERSION, OPENAPI_URL, Json, hsds_id
from bot.interop.hsds_export_service import ExportError, drop_empty, service_of
from bot.interop.hsds_taxonomy import (
    category_taxonomy,
    category_term,
    eligibility_taxonomy,
    eligibility_term,
)

__all__ = ["ExportError", "HsdsExport", "export_directory", "page", "write_export"]

_UUID_FILE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.json$")


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
        service_of(resource, directory, organizations[_organization_key(resource)])
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
        taxonomies=(category_taxonomy(), eligibility_taxonomy()),
        taxonomy_terms=_used_terms(directory),
    )


def _used_terms(directory: Directory) -> tuple[Json, ...]:
    """The terms some service uses: HSDS asks for no unused taxonomy terms."""
    resources = directory.resources
    categories = {c for r in resources for c in r.categories}
    tags = {t for r in resources if r.eligibility for t in r.eligibility.tags}
    return (
        *(category_term(directory, c.id) for c in directory.categories if c.id in categories),
        *(eligibility_term(tag) for tag in EligibilityTag if tag in tags),
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
            organizations[key] = drop_empty(
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
