"""Small directories built in code, for tests that need to know every entry.

`resource(...)` fills in what a test does not care about (description, a way to reach it, the
verification date); `small_directory()` is a two-state directory with one of everything search
must handle: national, state and county entries, both languages, 24/7, weekly and unknown hours,
and inactive entries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from bot.directory.catalog import Directory
from bot.directory.models import Category, Hours, Region, Resource

VERIFIED = dt.date(2026, 11, 1)
SEATTLE_TIME = "America/Los_Angeles"

CATEGORIES: tuple[dict[str, Any], ...] = (
    {
        "id": "hotline",
        "order": 10,
        "emoji": "📞",
        "label": {"en": "Hotlines", "es": "Líneas de ayuda"},
        "synonyms": {
            "en": ["hotline", "crisis line", "talk to someone"],
            "es": ["línea de ayuda", "línea de crisis"],
        },
    },
    {
        "id": "legal",
        "order": 20,
        "emoji": "⚖️",
        "label": {"en": "Legal help", "es": "Ayuda legal"},
        "synonyms": {
            "en": ["lawyer", "attorney", "law", "legal aid", "wage theft"],
            "es": ["abogado", "abogada", "ayuda legal"],
        },
    },
    {
        "id": "shelter",
        "order": 50,
        "emoji": "🏠",
        "label": {"en": "Shelter", "es": "Refugio"},
        "synonyms": {
            "en": ["shelter", "bed", "somewhere to sleep"],
            "es": ["refugio", "cama", "dónde dormir"],
        },
    },
    {
        "id": "therapy",
        "order": 30,
        "emoji": "💬",
        "label": {"en": "Therapy", "es": "Terapia"},
        "synonyms": {"en": ["therapist", "counseling"], "es": ["terapeuta", "psicólogo"]},
    },
)

REGIONS: tuple[dict[str, Any], ...] = (
    {"id": "us", "label": {"en": "United States", "es": "Estados Unidos"}},
    {
        "id": "wa",
        "parent": "us",
        "label": {"en": "Washington", "es": "Washington"},
        "aliases": {"en": ["washington", "spokane"]},
    },
    {
        "id": "wa-king",
        "parent": "wa",
        "label": {"en": "King County", "es": "Condado de King"},
        "aliases": {
            "en": ["seattle", "king county", "burien"],
            "es": ["seattle", "condado de king"],
        },
    },
    {
        "id": "or",
        "parent": "us",
        "label": {"en": "Oregon", "es": "Oregón"},
        "aliases": {"en": ["oregon", "portland"]},
        "timezone": SEATTLE_TIME,
    },
)


def weekly(*periods: tuple[Sequence[str], str, str], zone: str = SEATTLE_TIME) -> dict[str, Any]:
    """Hours as YAML would give them: `weekly((["mon", "fri"], "09:00", "17:00"))`."""
    return {
        "timezone": zone,
        "weekly": [{"days": list(d), "opens": o, "closes": c} for d, o, c in periods],
    }


def weekly_hours(*periods: tuple[Sequence[str], str, str], zone: str = SEATTLE_TIME) -> Hours:
    """`weekly(...)`, validated."""
    return Hours.model_validate(weekly(*periods, zone=zone))


def resource(
    resource_id: str,
    name: str,
    categories: Sequence[str],
    regions: Sequence[str],
    *,
    languages: Sequence[str] = (),
    tags: Mapping[str, Sequence[str]] | None = None,
    hours: Mapping[str, Any] | None = None,
    status: str = "active",
    **extra: Any,
) -> Resource:
    """A valid resource with only what the test cares about."""
    data: dict[str, Any] = {
        "id": resource_id,
        "name": name,
        "description": {"en": f"About {name}.", "es": f"Sobre {name}."},
        "categories": list(categories),
        "regions": list(regions),
        "website": f"https://{resource_id}.example.org",
        "languages": list(languages),
        "last_verified": VERIFIED,
        "status": status,
        **extra,
    }
    if tags is not None:
        data["tags"] = {lang: list(terms) for lang, terms in tags.items()}
    if hours is not None:
        data["hours"] = dict(hours)
    return Resource.model_validate(data)


def directory_of(
    resources: Iterable[Resource],
    categories: Iterable[Mapping[str, Any]] = CATEGORIES,
    regions: Iterable[Mapping[str, Any]] = REGIONS,
) -> Directory:
    """A `Directory` as the loader would build it (categories in button order)."""
    return Directory(
        resources=tuple(resources),
        categories=tuple(
            sorted(
                (Category.model_validate(c) for c in categories),
                key=lambda c: (c.order, c.label.en),
            )
        ),
        regions=tuple(Region.model_validate(r) for r in regions),
    )


def small_resources() -> tuple[Resource, ...]:
    always = {"open_24_7": True}
    office = weekly((["mon", "tue", "wed", "thu", "fri"], "09:00", "17:00"))
    nights = weekly((["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "20:00", "08:00"))
    return (
        resource(
            "freedom-line",
            "Freedom Trafficking Hotline",
            ["hotline"],
            ["us"],
            languages=["en", "es"],
            tags={"en": ["human trafficking"], "es": ["trata de personas"]},
            hours=always,
        ),
        resource("night-owl", "Night Owl Crisis Line", ["hotline"], ["wa"], hours=nights),
        resource(
            "justice-network",
            "Justice Network",
            ["legal"],
            ["us"],
            languages=["en", "es"],
            tags={"en": ["immigration"], "es": ["inmigración"]},
            hours=office,
        ),
        resource("evergreen-law", "Evergreen Law Center", ["legal"], ["wa"], languages=["en"]),
        resource(
            "seattle-lawyers",
            "Seattle Immigrant Lawyers",
            ["legal"],
            ["wa-king"],
            languages=["en", "es"],
            tags={"en": ["immigration", "wage theft"], "es": ["robo de salario"]},
            hours=office,
        ),
        resource(
            "harbor-house",
            "Harbor House",
            ["shelter"],
            ["wa-king"],
            languages=["en"],
            tags={"en": ["women"], "es": ["mujeres"]},
            hours=always,
        ),
        resource("rose-city", "Rose City Shelter", ["shelter"], ["or"], languages=["en", "es"]),
        resource(
            "eastside-counseling",
            "Eastside Counseling",
            ["therapy"],
            ["wa-king"],
            languages=["en"],
            hours={"note": {"en": "By appointment", "es": "Con cita"}},
        ),
        resource(
            "old-legal-clinic",
            "Old Legal Clinic",
            ["legal"],
            ["wa-king"],
            languages=["en", "es"],
            status="inactive",
        ),
        resource(
            "closed-shelter",
            "Cedar Shelter",
            ["shelter"],
            ["wa-king"],
            languages=["en", "es"],
            hours=always,
            status="temporarily_closed",
        ),
    )


def small_directory() -> Directory:
    return directory_of(small_resources())
