"""`bot/interop/hsds_export.py`: the shipped directory as HSDS 3.x JSON, checked against HSDS's
own schemas and field by field for the entries people rely on most."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest

from bot.directory.catalog import Directory
from bot.directory.models import Address, Status
from bot.interop.hsds import NAMESPACE, hsds_id
from bot.interop.hsds_export import ExportError, HsdsExport, export_directory, write_export
from tests.interop.hsds_schemas import EXAMPLES, schema_errors

PAGE_KEYS = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
}


@pytest.fixture(scope="module")
def export(shipped: Directory) -> HsdsExport:
    return export_directory(shipped)


def service_named(export: HsdsExport, name: str) -> dict[str, Any]:
    matches = [s for s in export.services if s["name"] == name]
    assert len(matches) == 1, name
    return matches[0]


# The validator itself: it must accept HSDS's examples and reject a broken service, or the
# schema tests below would prove nothing.


@pytest.mark.parametrize(
    ("example", "schema"),
    [
        ("service_full.json", "service.json"),
        ("organization_full.json", "organization.json"),
        ("location.json", "location.json"),
        ("taxonomy_term.json", "taxonomy_term.json"),
        ("taxonomy.json", "taxonomy.json"),
    ],
)
def test_the_validator_accepts_the_hsds_examples(example: str, schema: str) -> None:
    instance = json.loads((EXAMPLES / example).read_text(encoding="utf-8"))
    assert schema_errors(schema, instance) == []


def test_the_validator_follows_refs_and_checks_formats() -> None:
    broken = json.loads((EXAMPLES / "service_full.json").read_text(encoding="utf-8"))
    broken["id"] = "not-a-uuid"
    broken["status"] = "open"
    broken["phones"][0]["number"] = 2065550100  # inside phone.json, reached through a $ref
    del broken["service_at_locations"][0]["location"]["addresses"][0]["postal_code"]
    errors = schema_errors("service.json", broken)
    assert any("'not-a-uuid' is not a 'uuid'" in e for e in errors)
    assert any("'open' is not one of" in e for e in errors)
    assert any(e.startswith("phones/0/number:") for e in errors)
    assert any("'postal_code' is a required property" in e for e in errors)


# Schema conformance of everything written


def test_every_service_is_valid_hsds_and_uses_only_hsds_fields(export: HsdsExport) -> None:
    assert len(export.services) == 30
    for service in export.services:
        assert schema_errors("service.json", service, strict=True) == [], service["name"]


def test_every_organization_is_valid_hsds_with_valid_services(export: HsdsExport) -> None:
    for organization in export.organizations:
        core = {k: v for k, v in organization.items() if k != "services"}
        assert schema_errors("organization.json", core, strict=True) == [], organization["name"]
        assert organization["services"], organization["name"]
        for service in organization["services"]:
            assert schema_errors("service.json", service, strict=True) == []
    services = [s["id"] for o in export.organizations for s in o["services"]]
    assert sorted(services) == sorted(s["id"] for s in export.services)


def test_taxonomies_and_terms_are_valid_hsds(export: HsdsExport, shipped: Directory) -> None:
    for taxonomy in export.taxonomies:
        assert schema_errors("taxonomy.json", taxonomy, strict=True) == []
    for term in export.taxonomy_terms:
        assert schema_errors("taxonomy_term.json", term, strict=True) == []
    codes = [t["code"] for t in export.taxonomy_terms]
    assert [c.id for c in shipped.categories] == codes[: len(shipped.categories)]
    # HSDS asks for no unused terms: each one is attached to some service.
    used = {
        a["taxonomy_term"]["id"]
        for s in export.services
        for a in s["attributes"]
        if "taxonomy_term" in a
    }
    assert used == {t["id"] for t in export.taxonomy_terms}
    embedded = [
        a["taxonomy_term"] for s in export.services for a in s["attributes"] if "taxonomy_term" in a
    ]
    assert all(term in export.taxonomy_terms for term in embedded)


def test_written_files_follow_the_api_layout(export: HsdsExport, tmp_path: Path) -> None:
    write_export(export, tmp_path)
    index = json.loads((tmp_path / "index.json").read_text(encoding="utf-8"))
    assert index["version"] == "3.0"
    services = json.loads((tmp_path / "services.json").read_text(encoding="utf-8"))
    assert services.keys() >= PAGE_KEYS
    assert services["total_items"] == services["size"] == len(services["contents"]) == 30
    assert (services["first_page"], services["last_page"], services["empty"]) == (True, True, False)
    for service in services["contents"]:
        single = tmp_path / "services" / f"{service['id']}.json"
        assert json.loads(single.read_text(encoding="utf-8")) == service
    organizations = json.loads((tmp_path / "organizations.json").read_text(encoding="utf-8"))
    for organization in organizations["contents"]:
        assert "services" not in organization
        assert schema_errors("organization.json", organization, strict=True) == []
        full = tmp_path / "organizations" / f"{organization['id']}.json"
        runs = json.loads(full.read_text(encoding="utf-8"))["services"]
        assert runs and all("organization" not in s for s in runs)
    for name in ("taxonomies.json", "taxonomy_terms.json"):
        page = json.loads((tmp_path / name).read_text(encoding="utf-8"))
        assert page.keys() >= PAGE_KEYS and page["contents"]


def test_a_new_export_removes_services_that_left_the_directory(
    export: HsdsExport, tmp_path: Path
) -> None:
    stale = tmp_path / "services" / f"{uuid.uuid4()}.json"
    stale.parent.mkdir()
    stale.write_text("{}")
    notes = tmp_path / "services" / "README.json"  # not ours: left alone
    notes.write_text("{}")
    write_export(export, tmp_path)
    assert not stale.exists()
    assert notes.exists()
    assert len(list((tmp_path / "services").glob("*-*-*-*-*.json"))) == 30


# Ids


def test_ids_are_uuids_derived_from_our_ids_and_never_change(
    export: HsdsExport, shipped: Directory
) -> None:
    again = export_directory(shipped)
    assert again == export
    # Pinned: a change here would make every consumer see 30 new services.
    assert hsds_id("service", "national-human-trafficking-hotline") == (
        "4dd6b9af-0616-5564-a8e4-af5971a59977"
    )
    assert service_named(export, "National Human Trafficking Hotline")["id"] == str(
        uuid.uuid5(NAMESPACE, "service:national-human-trafficking-hotline")
    )
    every_id = [
        o["id"] for s in export.services for o in _objects_in(s) if isinstance(o.get("id"), str)
    ]
    for value in every_id:
        assert uuid.UUID(value).version == 5


def _objects_in(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        return [value, *(o for v in value.values() for o in _objects_in(v))]
    if isinstance(value, list):
        return [o for v in value for o in _objects_in(v)]
    return []


def test_no_two_different_objects_share_an_id(export: HsdsExport) -> None:
    seen: dict[str, dict[str, Any]] = {}
    for service in export.services:
        for obj in _objects_in(service):
            known = seen.setdefault(obj["id"], obj)
            assert known == obj, obj["id"]  # the same id only for the same shared object


# Concrete mappings


def test_national_human_trafficking_hotline(export: HsdsExport) -> None:
    service = service_named(export, "National Human Trafficking Hotline")
    assert [(p["number"], p["type"]) for p in service["phones"]] == [
        ("1-888-373-7888", "voice"),
        ("233733", "text"),
        ("711", "textphone"),
    ]
    assert service["phones"][2]["description"] == "Relay service"
    [schedule] = service["schedules"]
    assert schedule["freq"] == "WEEKLY"
    assert schedule["byday"] == "MO,TU,WE,TH,FR,SA,SU"
    assert (schedule["opens_at"], schedule["closes_at"]) == ("00:00", "23:59")
    assert [(lang["code"], lang["name"]) for lang in service["languages"]] == [
        ("en", "English"),
        ("es", "Spanish"),
    ]
    assert [area["name"] for area in service["service_areas"]] == ["Anywhere in the US"]
    assert service["url"] == "https://humantraffickinghotline.org"
    assert service["organization"]["name"] == "Polaris"
    assert service["organization_id"] == service["organization"]["id"]
    assert service["interpretation_services"]
    assert service["assured_date"] == "2026-11-28"
    [metadata] = service["metadata"]
    assert metadata["last_action_date"] == "2026-11-28"
    assert metadata["last_action_type"] == "verified"
    assert metadata["resource_id"] == service["id"]
    terms = [a["taxonomy_term"]["code"] for a in service["attributes"] if "taxonomy_term" in a]
    assert terms == ["hotline"]
    sources = [a["value"] for a in service["attributes"] if a["link_type"] == "source"]
    assert sources == [
        "https://humantraffickinghotline.org/about-us/what-we-do",
        "https://www.acf.hhs.gov/otip/success-story/announcing-24-7-chat-text-national-human-trafficking-hotline",
    ]
    [chat] = [link["location"] for link in service["service_at_locations"]]
    assert chat["location_type"] == "virtual"
    assert chat["url"] == "https://humantraffickinghotline.org"
    assert "addresses" not in chat


def test_ops_address_is_a_physical_location(export: HsdsExport) -> None:
    service = service_named(export, "Organization for Prostitution Survivors (OPS)")
    [link] = service["service_at_locations"]
    location = link["location"]
    assert location["location_type"] == "physical"
    [address] = location["addresses"]
    assert address == {
        "id": hsds_id("address", "ops-seattle"),
        "address_1": "112 SW 157th St",
        "city": "Burien",
        "state_province": "WA",
        "postal_code": "",  # required by HSDS, not known to us
        "country": "US",
        "address_type": "physical",
    }


def test_weekly_hours_name_their_zone(export: HsdsExport) -> None:
    [schedule] = service_named(export, "Trans Lifeline")["schedules"]
    assert schedule["byday"] == "MO,TU,WE,TH,FR"
    assert (schedule["opens_at"], schedule["closes_at"]) == ("10:00", "18:00")
    assert schedule["timezone"] == -8  # Pacific standard time: HSDS has one offset, no DST
    assert "America/Los_Angeles" in schedule["notes"]
    clear = service_named(export, "CLEAR Legal Aid Hotline")["schedules"][0]
    assert clear["notes"].endswith(
        "Phone line hours. You can apply online 24/7 through CLEAR*Online."
    )


def test_hours_given_only_in_words_are_a_described_schedule(export: HsdsExport) -> None:
    [schedule] = service_named(export, "Wage and Hour Division")["schedules"]
    assert schedule == {
        "id": schedule["id"],
        "description": "Monday to Friday, 8:00 a.m. to 4:30 p.m., your local time.",
    }


def test_free_services_have_a_zero_cost_option(export: HsdsExport) -> None:
    service = service_named(export, "SAMHSA National Helpline")
    [option] = service["cost_options"]
    assert (option["option"], option["amount"], option["currency"]) == ("Free", 0, "USD")


def test_sms_keywords_are_in_the_phone_description(export: HsdsExport) -> None:
    phones = service_named(export, "Crisis Text Line")["phones"]
    assert [(p["number"], p["type"], p["description"]) for p in phones] == [
        ("741741", "text", "Keyword: HOME"),
        ("741741", "text", "Spanish. Keyword: HOLA"),
    ]


def test_spanish_texts_are_not_exported(export: HsdsExport, shipped: Directory) -> None:
    """HSDS 3 has one language per text field and no translations: English only."""
    dump = json.dumps([*export.services, *export.organizations], ensure_ascii=False)
    for resource in shipped.resources:
        assert service_named(export, resource.name)["description"] == resource.description.en
        spanish = resource.description.get("es")
        assert spanish is not None and spanish not in dump


def test_no_shelter_has_an_address_or_a_physical_location(
    export: HsdsExport, shipped: Directory
) -> None:
    shelters = [r for r in shipped.resources if "shelter" in r.categories]
    assert shelters
    for resource in shelters:
        service = service_named(export, resource.name)
        locations = [link["location"] for link in service.get("service_at_locations", [])]
        assert all(location["location_type"] == "virtual" for location in locations)
        assert "addresses" not in json.dumps(service)


def test_a_shelter_address_that_slipped_past_the_model_is_refused(shipped: Directory) -> None:
    shelter = next(r for r in shipped.resources if "shelter" in r.categories)
    # model_copy does not validate: this is the object the model would have refused.
    leaked = shelter.model_copy(update={"address": Address(street="1 Main St", city="Kent")})
    broken = Directory(leaked_directory(shipped, leaked), shipped.categories, shipped.regions)
    with pytest.raises(ExportError, match="shelter"):
        export_directory(broken)


def leaked_directory(directory: Directory, replacement: Any) -> tuple[Any, ...]:
    return tuple(replacement if r.id == replacement.id else r for r in directory.resources)


def test_status_and_staff_only_fields(shipped: Directory) -> None:
    closed = shipped.resource_by_id["rainn"].model_copy(
        update={"status": Status.TEMPORARILY_CLOSED}
    )
    directory = Directory(leaked_directory(shipped, closed), shipped.categories, shipped.regions)
    service = service_named(export_directory(directory), closed.name)
    assert service["status"] == "temporarily closed"
    ops = service_named(export_directory(shipped), "Organization for Prostitution Survivors (OPS)")
    # Search tags are not exported: attributes are categories, eligibility and sources only.
    assert {a["link_type"] for a in ops["attributes"]} == {"service_category", "source"}


UNCONFIRMED = sorted(
    ["ops-seattle", "rest-seattle", "youthcare", "kcba-legal", "casa-latina", "evergreen-goodwill"]
)


def test_the_shipped_entries_staff_doubt_are_never_exported_as_verified(
    export: HsdsExport, shipped: Directory
) -> None:
    doubted = sorted(r.id for r in shipped.resources if r.needs_review)
    assert doubted == UNCONFIRMED  # the six single-source numbers of the facts file
    for resource_id in doubted:
        resource = shipped.resource_by_id[resource_id]
        service = service_named(export, resource.name)
        [record] = service["metadata"]
        assert record["last_action_type"] == "flagged for review", resource_id
        assert "verified" not in json.dumps(service["metadata"]), resource_id
        assert "assured_date" not in service, resource_id  # nothing about it is assured
        assert service["alert"].startswith("Not yet confirmed"), resource_id
        # What is still to confirm travels with it, as staff wrote it.
        assert record["field_name"] == "review_note"
        assert record["replacement_value"] == " ".join((resource.review_note or "").split())
        assert record["last_action_date"] == resource.last_verified.isoformat()
    ops = service_named(export, "Organization for Prostitution Survivors (OPS)")
    assert "(206) 337-6155" in ops["metadata"][0]["replacement_value"]


def test_confirmed_entries_are_verified_and_carry_no_alert(
    export: HsdsExport, shipped: Directory
) -> None:
    confirmed = [r for r in shipped.resources if not r.needs_review]
    assert len(confirmed) == 24
    for resource in confirmed:
        service = service_named(export, resource.name)
        assert service["assured_date"] == resource.last_verified.isoformat()
        assert [m["last_action_type"] for m in service["metadata"]] == ["verified"]
        assert "alert" not in service


def test_an_entry_flagged_without_a_note_is_still_flagged(shipped: Directory) -> None:
    flagged = shipped.resource_by_id["rainn"].model_copy(
        update={"needs_review": True, "review_note": None}
    )
    directory = Directory(leaked_directory(shipped, flagged), shipped.categories, shipped.regions)
    service = service_named(export_directory(directory), flagged.name)
    [record] = service["metadata"]
    assert (record["last_action_type"], record["field_name"], record["replacement_value"]) == (
        "flagged for review",
        "needs_review",
        "true",
    )
    assert schema_errors("service.json", service, strict=True) == []
