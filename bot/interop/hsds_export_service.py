"""One resource as one HSDS 3.0 `service`, dereferenced: phones, schedules, areas, locations,
languages, costs and attributes embedded (the mapping is in hsds_export.py's docstring)."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from bot.directory.catalog import Directory
from bot.directory.models import Cost, Hours, OpeningPeriod, Phone, PhoneKind, Resource, Status
from bot.interop.hsds import (
    ACTION_FLAGGED,
    ACTION_VERIFIED,
    ALL_DAYS,
    BYDAY,
    DAY_END,
    DAY_START,
    LANGUAGE_NAMES,
    LINK_CATEGORY,
    LINK_ELIGIBILITY,
    LINK_SOURCE,
    PHONE_TYPE,
    WHATSAPP_PREFIX,
    Json,
    hsds_id,
    number,
    zone_offsets,
)
from bot.interop.hsds_taxonomy import category_term, eligibility_term

UPDATED_BY = "directory staff"
# What a consumer of the export shows the public about an entry staff marked needs_review.
UNCONFIRMED_ALERT = (
    "Not yet confirmed: some details of this service (such as a phone number) have not been "
    "confirmed with the service. Check them before relying on them."
)
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


class ExportError(ValueError):
    """The directory holds something the export must never publish."""


def service_of(resource: Resource, directory: Directory, organization: Json) -> Json:
    if resource.address is not None and "shelter" in resource.categories:
        raise ExportError(f"{resource.id}: a shelter's address must never be published")
    service_id = hsds_id("service", resource.id)
    eligibility = resource.eligibility
    return drop_empty(
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
            # Only what staff confirmed is assured; an entry they doubt carries an alert.
            "assured_date": None if resource.needs_review else resource.last_verified.isoformat(),
            "alert": UNCONFIRMED_ALERT if resource.needs_review else None,
            "phones": [_phone(resource, i, phone) for i, phone in enumerate(resource.phones)],
            "schedules": _schedules(resource.id, resource.hours),
            "service_areas": [_service_area(resource, directory, rid) for rid in resource.regions],
            "service_at_locations": _service_at_locations(resource),
            "languages": [_language(resource.id, code) for code in resource.languages],
            "organization": organization,
            "cost_options": _cost_options(resource),
            "attributes": _attributes(resource, directory, service_id),
            "metadata": [_review_record(resource, service_id)],
        }
    )


def _review_record(resource: Resource, service_id: str) -> Json:
    """The last thing staff did to the entry: verified it, or checked it and left it flagged
    (with their note of what is still to confirm)."""
    day = resource.last_verified.isoformat()
    record = {
        "id": hsds_id("metadata", resource.id, "last_verified"),
        "resource_id": service_id,
        "resource_type": "service",
        "last_action_date": day,
        "last_action_type": ACTION_VERIFIED,
        "field_name": "last_verified",
        "previous_value": "",
        "replacement_value": day,
        "updated_by": UPDATED_BY,
    }
    if not resource.needs_review:
        return record
    note = " ".join((resource.review_note or "").split())
    return record | {
        "id": hsds_id("metadata", resource.id, "needs_review"),
        "last_action_type": ACTION_FLAGGED,
        "field_name": "review_note" if note else "needs_review",
        "replacement_value": note or "true",
    }


def _phone(resource: Resource, index: int, phone: Phone) -> Json:
    parts = []
    if phone.kind is PhoneKind.WHATSAPP:
        parts.append(WHATSAPP_PREFIX)
    if phone.label is not None:
        parts.append(phone.label.en)
    if phone.keyword:
        parts.append(f"Keyword: {phone.keyword}")
    return drop_empty(
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
            drop_empty(
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
    return drop_empty(
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
        drop_empty(
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
        link("category", c, LINK_CATEGORY, taxonomy_term=category_term(directory, c))
        for c in resource.categories
    ]
    if resource.eligibility is not None:
        attributes += [
            link("eligibility", t, LINK_ELIGIBILITY, taxonomy_term=eligibility_term(t))
            for t in resource.eligibility.tags
        ]
    attributes += [link("source", url, LINK_SOURCE, value=url) for url in resource.sources]
    return attributes


def drop_empty(fields: Json) -> Json:
    """Leave out what we do not know: HSDS fields are optional unless the schema says so."""
    return {k: v for k, v in fields.items() if v is not None and v != [] and v != ""}
