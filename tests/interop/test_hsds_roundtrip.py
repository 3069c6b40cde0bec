"""Export the shipped directory, import it back: what a person relies on survives the trip."""

from __future__ import annotations

from pathlib import Path

from bot.directory.catalog import Directory
from bot.directory.entries import LoadOptions
from bot.directory.load import load_directory
from bot.directory.models import Resource
from bot.interop.hsds_export import export_directory, write_export
from bot.interop.hsds_import import ImportOptions, import_services
from bot.interop.hsds_read import read_hsds
from bot.interop.yaml_writer import resources_yaml
from tests.interop.conftest import TODAY


def key_fields(resource: Resource) -> dict[str, object]:
    hours = resource.hours
    return {
        "name": resource.name,
        "organization": resource.organization,
        "phones": [(p.kind, p.number, p.keyword) for p in resource.phones],
        "website": resource.website,
        "chat_url": resource.chat_url,
        "email": resource.email,
        "address": resource.address,
        "categories": resource.categories,
        "regions": resource.regions,
        "open_24_7": bool(hours and hours.open_24_7),
        "weekly": (hours.timezone, hours.weekly) if hours and hours.weekly else None,
        "languages": resource.languages,
        "interpreters": resource.interpreters,
        "cost": resource.cost,
        "eligibility_tags": resource.eligibility.tags if resource.eligibility else (),
        "last_verified": resource.last_verified,
        "sources": resource.sources,
        "status": resource.status,
    }


def test_every_resource_survives_export_and_import(
    shipped: Directory, reference: Directory, import_dir: Path, tmp_path: Path
) -> None:
    write_export(export_directory(shipped), tmp_path / "hsds")
    result = import_services(read_hsds(tmp_path / "hsds"), reference, ImportOptions(today=TODAY))
    assert result.skipped == ()
    (import_dir / "imported.yaml").write_text(resources_yaml(result.resources), encoding="utf-8")
    loaded = load_directory(import_dir, LoadOptions(today=TODAY))
    assert loaded.directory is not None, str(loaded.report)
    imported = loaded.directory.resources
    assert len(imported) == len(shipped.resources) == 30
    for original, back in zip(shipped.resources, imported, strict=True):
        assert key_fields(back) == key_fields(original), original.id
        assert back.description.en == original.description.en
        assert back.needs_review
        # What staff still had to confirm comes back in the note, word for word.
        if original.needs_review:
            assert original.review_note is not None
            said = " ".join(original.review_note.split())
            assert f"The source marks it not yet confirmed: {said}" in (back.review_note or "")
        else:
            assert "not yet confirmed" not in (back.review_note or "")
    # Ids are made from names: the same when staff made them the same way.
    ids = {r.name: r.id for r in imported}
    assert ids["National Human Trafficking Hotline"] == "national-human-trafficking-hotline"
    assert ids["Washington Anti-Trafficking Response Network (WARN)"] == (
        "washington-anti-trafficking-response"
    )
    # Only what HSDS cannot carry is lost, and the loader says so: no Spanish text.
    assert all(r.description.languages == {"en"} for r in imported)
