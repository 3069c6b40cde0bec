"""Importing one HSDS service in the import tests, and reading what its review note says."""

from __future__ import annotations

from typing import Any

from bot.directory.catalog import Directory
from bot.directory.models import Resource
from bot.interop.hsds_import import ImportOptions, import_services
from bot.interop.hsds_read import HsdsInput, HsdsService
from tests.interop.conftest import TODAY

OPTIONS = ImportOptions(today=TODAY)


def import_one(reference: Directory, options: ImportOptions = OPTIONS, **fields: Any) -> Resource:
    """Import one service made of `fields` (a name, a way to reach it, and a status added)."""
    data: dict[str, Any] = {
        "id": "0b5f4c1e-9f6a-4d2b-8c3e-1a2b3c4d5e6f",
        "name": "Test Service",
        "status": "active",
        "url": "https://example.org",
        **fields,
    }
    result = import_services(
        HsdsInput("JSON file test.json", (HsdsService(data, "test.json"),)), reference, options
    )
    assert result.skipped == (), result.skipped
    [resource] = result.resources
    return resource


def note(resource: Resource) -> str:
    assert resource.review_note is not None
    return resource.review_note


def term(name: str, code: str | None = None) -> dict[str, Any]:
    """An HSDS attribute naming a taxonomy term (with its code, if given)."""
    return {
        "taxonomy_term": {"name": name, "description": name, **({"code": code} if code else {})}
    }
