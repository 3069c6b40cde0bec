"""How to reach an imported service: its phones, website, chat, email and visiting address.

Nothing is corrected: a number, address or email that does not pass our checks is left out and
named in the review note, so a reviewer confirms it with the service instead of trusting a guess.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter, ValidationError

from bot.directory import phones as phone_rules
from bot.directory.models import Address, Email, Phone, PhoneKind, Url
from bot.directory.search import SearchIndex
from bot.directory.text import fold, words
from bot.interop import hsds_values as read
from bot.interop.hsds import PHONE_KIND_OF_TYPE, UNREACHABLE_PHONE_TYPES, WHATSAPP_PREFIX, Json

if TYPE_CHECKING:
    from bot.interop.hsds_import_context import Notes

MAX_LABEL_LENGTH = 80

_URL: TypeAdapter[str] = TypeAdapter(Url)
_EMAIL: TypeAdapter[str] = TypeAdapter(Email)
_KEYWORD = re.compile(r"(?:^|\.\s+)Keyword:\s*(?P<word>\S+?)\.?$")


def phones(data: Json, organization: Json, notes: Notes) -> list[Json]:
    """The service's phones (its locations' and contacts' too; else the organization's)."""
    raw = list(read.objects(data.get("phones")))
    for link in read.objects(data.get("service_at_locations")):
        raw += read.objects(link.get("phones"))
        raw += read.objects(read.mapping(link.get("location")).get("phones"))
    for contact in read.objects(data.get("contacts")):
        raw += read.objects(contact.get("phones"))
    if not raw and list(read.objects(organization.get("phones"))):
        raw = list(read.objects(organization.get("phones")))
        notes.add("The phones are the organization's, not the service's.")
    result: list[Json] = []
    seen: set[tuple[str, str, str | None]] = set()
    for phone in raw:
        mapped = _phone(phone, notes)
        if mapped is None:
            continue
        key = (mapped["kind"], mapped["number"], mapped.get("keyword"))
        if key not in seen:
            seen.add(key)
            result.append(mapped)
    return result


def _phone(phone: Json, notes: Notes) -> Json | None:
    number = read.number_as_given(phone.get("number"))
    if not number:
        return None
    phone_type = fold(read.text(phone.get("type")) or "")
    if phone_type in UNREACHABLE_PHONE_TYPES:
        notes.add(f"Left out {phone_type} number {number!r}.")
        return None
    kind = PHONE_KIND_OF_TYPE.get(phone_type)
    if kind is None:
        kind = PhoneKind.VOICE
        notes.add(f"Phone {number!r} has type {phone_type!r}: read as voice.")
    description = read.text(phone.get("description")) or ""
    if description.startswith(WHATSAPP_PREFIX) and kind is PhoneKind.SMS:
        kind = PhoneKind.WHATSAPP
        description = description.removeprefix(WHATSAPP_PREFIX).lstrip(". ")
    keyword = None
    if kind in (PhoneKind.SMS, PhoneKind.WHATSAPP):
        match = _KEYWORD.search(description)
        if match:
            keyword = match.group("word")
            description = description[: match.start()].strip()
    problem = phone_rules.problem_with(number, sms=kind is PhoneKind.SMS)
    if problem:
        notes.add(f"Left out phone {number!r}: not a valid number (not corrected: check it).")
        return None
    label = _label(description)
    extension = read.text(phone.get("extension"))
    if extension:
        label = f"{label}, extension {extension}" if label else f"Extension {extension}"
        notes.add(f"Phone {number!r} needs extension {extension}: it is only in the label.")
    mapped: Json = {"kind": kind.value, "number": number}
    if label:
        mapped["label"] = {"en": label}
    if keyword:
        mapped["keyword"] = keyword
    try:
        Phone.model_validate(mapped)
    except ValidationError as exc:
        notes.add(f"Left out phone {number!r}: {read.error_message(exc.errors()[0])}.")
        return None
    return mapped


def _label(description: str) -> str | None:
    """A phone's label from its description: the first sentence when the text is long."""
    text = description.strip()
    if len(text) > MAX_LABEL_LENGTH:
        text = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    if len(text) > MAX_LABEL_LENGTH:
        text = text[: MAX_LABEL_LENGTH - 1].rsplit(" ", 1)[0] + "…"
    return text.rstrip(".") or None


def url(what: str, notes: Notes, *candidates: Any) -> str | None:
    """The first candidate that is an http(s) address; the others are named in the note."""
    for value in candidates:
        found = read.text(value)
        if not found:
            continue
        try:
            return _URL.validate_python(found)
        except ValidationError:
            notes.add(f"Left out {what} {found!r}: not an http(s) address.")
    return None


def chat_url(data: Json, notes: Notes) -> str | None:
    """The address of a virtual location whose name or description speaks of a chat."""
    for link in read.objects(data.get("service_at_locations")):
        location = read.mapping(link.get("location"))
        if fold(read.text(location.get("location_type")) or "") != "virtual":
            continue
        about = " ".join(read.text(location.get(k)) or "" for k in ("name", "description"))
        if "chat" in words(about):
            return url("chat address", notes, location.get("url"))
    return None


def email(notes: Notes, *candidates: Any) -> str | None:
    for value in candidates:
        found = read.text(value)
        if not found:
            continue
        try:
            return _EMAIL.validate_python(found)
        except ValidationError:
            notes.add(f"Left out email {found!r}: not an email address.")
    return None


def addresses(data: Json, *, physical_only: bool) -> list[Json]:
    """The addresses of the service's non-virtual locations (physical ones only, if asked)."""
    found = []
    for link in read.objects(data.get("service_at_locations")):
        location = read.mapping(link.get("location"))
        if fold(read.text(location.get("location_type")) or "physical") == "virtual":
            continue
        for address in read.objects(location.get("addresses")):
            kind = fold(read.text(address.get("address_type")) or "physical")
            if kind == "physical" or not physical_only:
                found.append(address)
    return found


def address(
    data: Json, categories: Sequence[str], text: str, index: SearchIndex, notes: Notes
) -> Json | None:
    """The first place to visit, never for a shelter nor a service that may be one."""
    if not addresses(data, physical_only=False):
        return None
    if "shelter" in categories:
        notes.add("Address left out: a shelter's address is never published.")
        return None
    if "shelter" in index.understand(text).categories:
        # Not filed as a shelter (yet), but its words speak of one: a reviewer may add the
        # category, and the address must not be there already.
        notes.add(
            "Address left out: the service may be a shelter, whose address is never published."
        )
        return None
    physical = addresses(data, physical_only=True)
    if not physical:
        notes.add("Only a postal address in the source: left out (ours are places to visit).")
        return None
    if len(physical) > 1:
        notes.add(f"{len(physical)} addresses in the source: kept the first.")
    source = physical[0]
    street = ", ".join(filter(None, (read.text(source.get(k)) for k in ("address_1", "address_2"))))
    mapped = {
        "street": street,
        "city": read.text(source.get("city")),
        "region": read.text(source.get("state_province")),
        "postal_code": read.text(source.get("postal_code")),
        "country": (read.text(source.get("country")) or "").upper(),
    }
    try:
        Address.model_validate(mapped)
    except ValidationError as exc:
        notes.add(f"Address left out: {read.error_message(exc.errors()[0])}.")
        return None
    return {k: v for k, v in mapped.items() if v}
