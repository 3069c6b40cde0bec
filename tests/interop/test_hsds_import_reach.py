"""`bot/interop/hsds_import_reach.py`: an imported service's phones, addresses and chat, never
"fixed", and no shelter's address."""

from __future__ import annotations

from bot.directory.catalog import Directory
from bot.directory.models import PhoneKind
from bot.interop.hsds_import import import_services
from bot.interop.hsds_read import HsdsInput, HsdsService
from bot.interop.yaml_writer import resources_yaml
from tests.interop.importing import OPTIONS, import_one, note, term

# Phones


def test_phone_kinds_and_numbers_that_fail_are_named_not_fixed(reference: Directory) -> None:
    resource = import_one(
        reference,
        phones=[
            {"number": "(206) 337-6155", "type": "voice"},
            {"number": "206-555-01", "type": "voice"},  # too short
            {"number": "(206) 555-0101", "type": "fax"},
            {"number": "206.555.0102", "type": "text", "description": "Keyword: HELP"},
            {"number": "1-800-555-0103", "type": "textphone"},
            {"number": "+1 206 555 0104", "type": "text", "description": "WhatsApp. Spanish"},
            {"number": "(206) 555-0105", "type": "cell"},
            {"number": "(206) 555-0106", "type": "satellite"},
        ],
    )
    assert [(p.kind, p.number) for p in resource.phones] == [
        (PhoneKind.VOICE, "(206) 337-6155"),
        (PhoneKind.SMS, "206.555.0102"),
        (PhoneKind.TTY, "1-800-555-0103"),
        (PhoneKind.WHATSAPP, "+1 206 555 0104"),
        (PhoneKind.VOICE, "(206) 555-0105"),
        (PhoneKind.VOICE, "(206) 555-0106"),
    ]
    assert resource.phones[1].keyword == "HELP"
    assert resource.phones[3].label is not None and resource.phones[3].label.en == "Spanish"
    text = note(resource)
    assert "Left out phone '206-555-01': not a valid number (not corrected: check it)." in text
    assert "Left out fax number '(206) 555-0101'." in text
    assert "Phone '(206) 555-0106' has type 'satellite': read as voice." in text


def test_a_number_given_as_a_json_number_keeps_its_digits(reference: Directory) -> None:
    resource = import_one(reference, phones=[{"number": 2065550100, "extension": 12}])
    [phone] = resource.phones
    assert phone.number == "2065550100"
    assert phone.label is not None and phone.label.en == "Extension 12"


def test_the_organizations_phones_when_the_service_has_none(reference: Directory) -> None:
    resource = import_one(
        reference,
        organization={"name": "Parent Org", "phones": [{"number": "(206) 555-0110"}]},
    )
    assert [p.number for p in resource.phones] == ["(206) 555-0110"]
    assert resource.organization == "Parent Org"
    assert "The phones are the organization's" in note(resource)


def test_a_service_with_no_valid_way_to_reach_it_is_skipped(reference: Directory) -> None:
    data = {"id": "x", "name": "Unreachable", "status": "active", "phones": [{"number": "12"}]}
    result = import_services(
        HsdsInput("JSON file x.json", (HsdsService(data, "x.json"),)), reference, OPTIONS
    )
    assert result.resources == ()
    [skipped] = result.skipped
    assert skipped.name == "Unreachable"
    assert "give at least one way to reach it" in skipped.reason


# Addresses


def test_a_physical_address_is_kept(reference: Directory) -> None:
    resource = import_one(
        reference,
        service_at_locations=[
            {
                "location": {
                    "location_type": "physical",
                    "addresses": [
                        {
                            "address_1": "401 5th Ave",
                            "address_2": "Suite 100",
                            "city": "Seattle",
                            "state_province": "WA",
                            "postal_code": "98104",
                            "country": "us",
                            "address_type": "physical",
                        }
                    ],
                }
            }
        ],
    )
    assert resource.address is not None
    assert resource.address.model_dump() == {
        "street": "401 5th Ave, Suite 100",
        "city": "Seattle",
        "region": "WA",
        "postal_code": "98104",
        "country": "US",
    }
    assert resource.regions == ("wa-king",)  # no service area: the city says where
    assert "Region 'wa-king' taken from the address." in note(resource)


HIDDEN = {
    "address_1": "1 Hidden Rd",
    "city": "Kent",
    "state_province": "WA",
    "postal_code": "98032",
    "country": "US",
    "address_type": "physical",
}


def test_a_shelter_never_gets_an_address(reference: Directory) -> None:
    resource = import_one(
        reference,
        name="Safe Night Shelter",
        description="Emergency shelter for women.",
        service_at_locations=[
            {
                "location": {
                    "location_type": "physical",
                    "addresses": [HIDDEN],
                }
            }
        ],
    )
    assert "shelter" in resource.categories
    assert resource.address is None
    assert "1 Hidden Rd" not in resources_yaml([resource])
    assert "Address left out: a shelter's address is never published." in note(resource)


def test_an_address_is_left_out_when_the_words_speak_of_shelter(reference: Directory) -> None:
    resource = import_one(
        reference,
        description="Legal advice, and a safe place to sleep for the night.",
        attributes=[term("Legal help")],
        service_at_locations=[{"location": {"location_type": "physical", "addresses": [HIDDEN]}}],
    )
    assert resource.categories == ("legal",)
    assert resource.address is None
    assert "Address left out: the service may be a shelter" in note(resource)


def test_a_chat_is_a_virtual_location_that_says_chat(reference: Directory) -> None:
    resource = import_one(
        reference,
        service_at_locations=[
            {"location": {"location_type": "virtual", "url": "https://example.org/a"}},
            {
                "location": {
                    "location_type": "virtual",
                    "name": "Online chat",
                    "url": "https://example.org/chat",
                }
            },
        ],
    )
    assert resource.chat_url == "https://example.org/chat"
