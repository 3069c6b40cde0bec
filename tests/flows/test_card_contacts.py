"""A card's contacts: the numbers and addresses a channel may make tappable, in card order."""

from __future__ import annotations

import datetime as dt

from bot.content import Content
from bot.flows.resource_card import card_contacts, card_lines
from bot.flows.screen import Contact, ContactKind


def contacts_of(content: Content, resource_id: str) -> tuple[Contact, ...]:
    return card_contacts(content.directory.resource_by_id[resource_id])


def test_calls_texts_and_links_with_what_to_dial(content: Content) -> None:
    assert contacts_of(content, "lifeline-988") == (
        Contact(ContactKind.CALL, "988", "988"),
        Contact(ContactKind.TEXT, "988", "988"),
        Contact(ContactKind.TEXT, "988", "988", keyword="AYUDA"),
        Contact(ContactKind.LINK, "https://988lifeline.org", "https://988lifeline.org"),
    )


def test_a_number_is_dialled_in_international_form_and_tty_is_a_call(content: Content) -> None:
    contacts = contacts_of(content, "domestic-violence-hotline")
    assert contacts[0] == Contact(ContactKind.CALL, "+1 800-799-7233", "+18007997233")
    assert contacts[1] == Contact(ContactKind.CALL, "+1 800-787-3224", "+18007873224")
    assert contacts[2] == Contact(ContactKind.TEXT, "88788", "88788", keyword="START")


def test_a_vanity_number_is_not_dialled(content: Content) -> None:
    numbers = [
        c.target for c in contacts_of(content, "national-runaway-safeline") if c.kind != "link"
    ]
    assert numbers == ["66008"]  # its text line, not 1-800-RUNAWAY


def test_every_contact_is_written_on_its_card(content: Content) -> None:
    now = dt.datetime(2026, 12, 2, 19, 0, tzinfo=dt.UTC)
    for resource in content.directory.resources:
        text = "\n".join(card_lines(resource, "en", content.flow.translations, now))
        for contact in card_contacts(resource):
            assert contact.shown in text, (resource.id, contact)
