"""`bot/interop/hsds_read.py`: every shape HSDS data comes in, read as dereferenced services."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bot.directory.catalog import Directory
from bot.interop.hsds_export import export_directory, write_export
from bot.interop.hsds_read import HsdsReadError, read_hsds
from tests.interop.hsds_schemas import EXAMPLES

SERVICE_ID = "ac148810-d857-441c-9679-408f346de14b"


def test_a_single_service() -> None:
    hsds = read_hsds(EXAMPLES / "service_full.json")
    assert hsds.label == "JSON file service_full.json"
    [service] = hsds.services
    assert service.id == SERVICE_ID
    assert service.origin == "service_full.json"
    assert service.data["organization"]["name"] == "Example Organization Inc."


def test_an_organization_lends_its_details_to_its_services() -> None:
    [service] = read_hsds(EXAMPLES / "organization_full.json").services
    assert service.id == SERVICE_ID
    organization = service.data["organization"]
    assert organization["name"] == "Example Organization Inc."
    assert "services" not in organization


def test_a_service_at_location_brings_its_location_to_the_service() -> None:
    [service] = read_hsds(EXAMPLES / "service_at_location_full.json").services
    links = service.data["service_at_locations"]
    assert links[-1]["location"]["name"] == "MyCity Civic Center"
    assert "service" not in links[-1]


@pytest.mark.parametrize("example", ["service_list.json", "service_at_location_list.json"])
def test_pages_are_unwrapped(example: str) -> None:
    [service] = read_hsds(EXAMPLES / example).services
    assert service.data["name"] == "Community Counselling"


@pytest.mark.parametrize(
    "example",
    [
        "base.json",
        "location.json",
        "organization_list.json",
        "taxonomy.json",
        "taxonomy_list.json",
        "taxonomy_term.json",
        "taxonomy_term_list.json",
    ],
)
def test_files_without_services_read_as_none_and_say_what_they_hold(example: str) -> None:
    hsds = read_hsds(EXAMPLES / example)
    assert hsds.services == ()
    [notice] = hsds.notices
    assert notice.startswith("not services, so not imported: 1 ")


def test_the_csv_package_is_joined_like_the_json(tmp_path: Path) -> None:
    hsds = read_hsds(EXAMPLES / "csv")
    assert hsds.label == "CSV package csv"
    # The example's datapackage.json is a symlink's text, not a descriptor.
    assert hsds.notices == (
        "datapackage.json is not a package descriptor: read the CSV files by their HSDS names",
    )
    [service] = hsds.services
    assert service.origin == "services.csv"
    csv_data = service.data
    [json_service] = read_hsds(EXAMPLES / "service_full.json").services
    json_data = json_service.data
    assert csv_data["name"] == json_data["name"]
    assert csv_data["organization"]["name"] == json_data["organization"]["name"]
    assert [p["number"] for p in csv_data["phones"]] == ['"+44 1234 234567"']
    assert csv_data["phones"][0]["extension"] == "100"  # CSV cells stay strings
    [schedule] = csv_data["schedules"]
    assert (schedule["byday"], schedule["opens_at"], schedule["timezone"]) == (
        "TH,FR",
        "10:00:00",
        "3",
    )
    assert csv_data["languages"][0]["code"] == "ur"
    assert csv_data["cost_options"][0]["amount"] == "35"
    [link] = csv_data["service_at_locations"]
    assert link["location"]["addresses"][0]["address_1"] == "1-30 Main Street"
    assert link["phones"][0]["number"] == '"+44 1234 234567"'
    assert csv_data["contacts"][0]["phones"][0]["type"] == "voice"
    assert "program" not in csv_data  # not joined: nothing of ours maps from it


def test_the_tabular_json_is_joined_like_the_csv() -> None:
    [from_json] = read_hsds(EXAMPLES / "tabular.json").services
    [from_csv] = read_hsds(EXAMPLES / "csv").services
    assert from_json.data["name"] == from_csv.data["name"]
    assert [p["number"] for p in from_json.data["phones"]] == ['"+44 1234 234567"']
    assert from_json.data["service_at_locations"][0]["location"]["name"] == "MyCity Civic Center"


def test_a_package_descriptor_names_the_files(tmp_path: Path) -> None:
    package = tmp_path / "package"
    package.mkdir()
    (package / "providers.csv").write_text(
        "id,name,description\norg-1,Helpers,They help\n", encoding="utf-8"
    )
    (package / "svc.csv").write_text(
        "id,organization_id,name,description,status\n"
        's-1,org-1,Legal clinic,"Free advice,\nsecond line",active\n',
        encoding="utf-8",
    )
    (package / "datapackage.json").write_text(
        json.dumps(
            {
                "resources": [
                    {"name": "organization", "path": "providers.csv"},
                    {"name": "service", "path": "svc.csv"},
                    {"name": "phone", "path": "../outside.csv"},  # never read outside
                ]
            }
        ),
        encoding="utf-8",
    )
    (tmp_path / "outside.csv").write_text("id,service_id,number\np,s-1,911\n", encoding="utf-8")
    hsds = read_hsds(package / "datapackage.json")
    assert hsds.notices == ()
    [service] = hsds.services
    assert service.data["description"] == "Free advice,\nsecond line"  # quoted newline kept
    assert service.data["organization"]["name"] == "Helpers"
    assert service.data["phones"] == []
    assert service.origin == "svc.csv"


def test_our_own_export_reads_once_per_service_in_directory_order(
    shipped: Directory, tmp_path: Path
) -> None:
    write_export(export_directory(shipped), tmp_path / "out")
    hsds = read_hsds(tmp_path / "out")
    assert hsds.label == "JSON directory out"
    assert [s.data["name"] for s in hsds.services] == [r.name for r in shipped.resources]
    assert {s.origin for s in hsds.services} == {"services.json"}


def test_a_service_found_twice_keeps_every_location(tmp_path: Path) -> None:
    shutil.copy(EXAMPLES / "service_full.json", tmp_path / "a.json")
    extra = {
        "id": "e8e5c1c9-1d1e-4f44-9d6d-0c6f2d0f1a11",
        "service": {"id": SERVICE_ID, "name": "Community Counselling", "status": "active"},
        "location": {"id": "loc", "location_type": "virtual", "url": "https://example.org"},
    }
    (tmp_path / "b.json").write_text(json.dumps(extra), encoding="utf-8")
    [service] = read_hsds(tmp_path).services
    assert service.origin == "a.json"
    assert [link["id"] for link in service.data["service_at_locations"]] == [
        "e94c9f38-1e8f-4564-91d4-d53501ab1765",
        "e8e5c1c9-1d1e-4f44-9d6d-0c6f2d0f1a11",
    ]


def test_unreadable_input_is_an_error_with_file_and_line(tmp_path: Path) -> None:
    with pytest.raises(HsdsReadError, match="no such file"):
        read_hsds(tmp_path / "missing")
    broken = tmp_path / "broken.json"
    broken.write_text('{\n  "name": "x",\n  oops\n}', encoding="utf-8")
    with pytest.raises(HsdsReadError, match=r"broken.json:3: not valid JSON"):
        read_hsds(broken)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(HsdsReadError, match=r"no \.json files"):
        read_hsds(empty)
    latin1 = tmp_path / "latin1.json"
    latin1.write_bytes('{"name": "Caf\xe9"}'.encode("latin-1"))
    with pytest.raises(HsdsReadError, match="not UTF-8"):
        read_hsds(latin1)
