"""A card's contacts: the numbers and addresses a channel may make tappable, in card order."""

from __future__ import annotations

import datetime as dt

import pytest

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
    assert Contact(ContactKind.CALL, "+1 800-799-7233", "+18007997233") in contacts
    assert Contact(ContactKind.CALL, "+1 800-787-3224", "+18007873224") in contacts  # TTY
    assert Contact(ContactKind.TEXT, "88788", "88788", keyword="START") in contacts


def test_a_vanity_number_is_not_dialled(content: Content) -> None:
    numbers = [
        c.target for c in contacts_of(content, "national-runaway-safeline") if c.kind != "link"
    ]
    assert numbers == ["66008"]  # its text line, not 1-800-RUNAWAY


@pytest.mark.parametrize(("compact", "text_only"), [(False, False), (True, False), (False, True)])
def test_each_contact_is_on_its_own_line_of_the_card_in_the_cards_order(
    content: Content, compact: bool, text_only: bool
) -> None:
    now = dt.datetime(2026, 12, 2, 19, 0, tzinfo=dt.UTC)
    texts = content.flow.translations
    for resource in content.directory.resources:
        lines = card_lines(resource, "en", texts, now, compact=compact, text_only=text_only)
        contacts = card_contacts(resource, compact=compact, text_only=text_only)
        assert len(_lines_of(lines, contacts)) == len(contacts), resource.id


def _lines_of(lines: list[str], contacts: tuple[Contact, ...]) -> list[int]:
    """The line each contact is written on, each after the one before (never the first)."""
    found, last = [], 0
    for contact in contacts:
        last = next(i for i in range(last + 1, len(lines)) if contact.shown in lines[i])
        found.append(last)
    return found
