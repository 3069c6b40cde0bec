"""A resource as a short card a frightened person can act on: name, what they do, how to reach.

Phones are written in international form ("+1 888-373-7888") so Telegram makes them tappable.
An entry marked `needs_review` says plainly that its number is not confirmed yet (and what to do
if it fails) and never carries the "✓ checked" mark. A text-only card (for someone who cannot
talk) shows only the ways to write: SMS, WhatsApp, TTY and the chat.
Every word comes from the locale files; `CARD_KEYS` lists the keys (and placeholders) this
module needs, and the flow checker makes sure each language has them.

A card's words change only with the content, the language and the hour's "open now / closed
now", so `Cards` makes each card once per content and keeps it (bench/results/updates-engine.md).
"""

from __future__ import annotations

import datetime as dt
import functools

from bot.directory import phones as phone_numbers
from bot.directory.catalog import Directory
from bot.directory.hours import Schedule, schedule_of
from bot.directory.models import WEEKDAYS, Cost, Hours, OpeningPeriod, Phone, PhoneKind, Resource
from bot.flows.i18n import Translations
from bot.flows.reach import typed_phones
from bot.flows.screen import Contact, ContactKind, Paragraph

# Locale keys used here, with the placeholders each must contain.
CARD_KEYS: dict[str, frozenset[str]] = {
    "card.voice": frozenset({"number"}),
    "card.sms": frozenset({"number"}),
    "card.sms_keyword": frozenset({"number", "keyword"}),
    "card.tty": frozenset({"number"}),
    "card.whatsapp": frozenset({"number"}),
    "card.website": frozenset({"url"}),
    "card.chat": frozenset({"url"}),
    "card.email": frozenset({"email"}),
    "card.address": frozenset({"address"}),
    "card.serves": frozenset({"area"}),
    "card.open_24_7": frozenset(),
    "card.hours": frozenset({"hours"}),
    "card.open_now": frozenset(),
    "card.closed_now": frozenset(),
    "card.languages": frozenset({"languages"}),
    "card.interpreters": frozenset(),
    "card.free": frozenset(),
    "card.confidential": frozenset(),
    "card.checked": frozenset({"date"}),
    "card.unconfirmed_number": frozenset(),
    "card.unconfirmed": frozenset(),
    **{f"days.{day}": frozenset() for day in WEEKDAYS},
}
LANGUAGE_NAME_PREFIX = "language_names."

_PHONE_KEYS = {
    PhoneKind.VOICE: "card.voice",
    PhoneKind.SMS: "card.sms",
    PhoneKind.TTY: "card.tty",
    PhoneKind.WHATSAPP: "card.whatsapp",
}
_PHONE_ICONS = {
    PhoneKind.VOICE: "📞",
    PhoneKind.SMS: "💬",
    PhoneKind.TTY: "⌨️",
    PhoneKind.WHATSAPP: "📱",
}


def card_lines(
    resource: Resource,
    language: str,
    texts: Translations,
    now: dt.datetime,
    *,
    area: str | None = None,
    compact: bool = False,
    text_only: bool = False,
) -> list[str]:
    """The lines of one card (its name is the heading, rendered by the caller).

    `area` names where a local service works ("Seattle and King County"), so someone
    elsewhere sees at once that it is not for them; national services leave it out.
    `compact` keeps what they do and how to reach them; `text_only` keeps only the ways to
    write to them.
    """
    open_now = None if compact else schedule_of(resource.hours).is_open(now)
    return _card_lines(resource, language, texts, open_now, area, compact, text_only)


def _card_lines(
    resource: Resource,
    language: str,
    texts: Translations,
    open_now: bool | None,
    area: str | None,
    compact: bool,
    text_only: bool,
) -> list[str]:
    """`card_lines`, with whether the resource is open at the moment shown worked out."""
    phones = typed_phones(resource) if text_only else resource.phones
    lines = [resource.description.text(language)]
    lines += [_phone_line(phone, language, texts) for phone in phones]
    if resource.chat_url and (text_only or not compact):
        lines.append("💻 " + texts.text(language, "card.chat", url=resource.chat_url))
    if compact:
        return lines + _unconfirmed(resource, language, texts)
    if area:
        lines.append("🗺️ " + texts.text(language, "card.serves", area=area))
    if resource.website and resource.website != resource.chat_url:
        lines.append("🌐 " + texts.text(language, "card.website", url=resource.website))
    if resource.email:
        lines.append("✉️ " + texts.text(language, "card.email", email=resource.email))
    if resource.address:
        place = f"{resource.address.street}, {resource.address.city}"
        lines.append("📍 " + texts.text(language, "card.address", address=place))
    hours = _hours_text(resource.hours, language, texts, open_now)
    if hours:
        lines.append("🕑 " + hours)
    spoken = languages_line(resource, language, texts)
    if spoken:
        lines.append("🗣️ " + spoken)
    badges = [
        texts.text(language, key)
        for key, applies in (
            ("card.free", resource.cost is Cost.FREE),
            ("card.confidential", resource.confidential),
        )
        if applies
    ]
    if resource.needs_review:
        if badges:
            lines.append(" · ".join(badges))
        return lines + _unconfirmed(resource, language, texts)
    badges.append(texts.text(language, "card.checked", date=resource.last_verified.isoformat()))
    lines.append("✓ " + " · ".join(badges))
    return lines


_CONTACT_KINDS = {
    PhoneKind.VOICE: ContactKind.CALL,
    PhoneKind.SMS: ContactKind.TEXT,
    PhoneKind.TTY: ContactKind.CALL,
    PhoneKind.WHATSAPP: ContactKind.WHATSAPP,
}


def card_contacts(
    resource: Resource, *, compact: bool = False, text_only: bool = False
) -> tuple[Contact, ...]:
    """The numbers and addresses `card_lines` writes, in its order, for channels that make them
    tappable (a web page's tel: and sms: links). A vanity number (1-800-RUNAWAY) has none: its
    digits are not to be dialled unless staff confirm them."""
    contacts = []
    for phone in typed_phones(resource) if text_only else resource.phones:
        dialled = _digits_to_dial(phone.number)
        if dialled is not None:
            kind = _CONTACT_KINDS[phone.kind]
            contacts.append(Contact(kind, phone.display, dialled, phone.keyword))
    urls = [
        resource.chat_url if text_only or not compact else None,
        resource.website if not compact and resource.website != resource.chat_url else None,
    ]
    contacts += [Contact(ContactKind.LINK, url, url) for url in urls if url]
    return tuple(contacts)


@functools.lru_cache(maxsize=8192)  # every card shown asks again, as for `phones.display`
def _digits_to_dial(number: str) -> str | None:
    dialled = phone_numbers.dial_string(number)
    return dialled if dialled.lstrip("+").isdigit() else None


def _unconfirmed(resource: Resource, language: str, texts: Translations) -> list[str]:
    """'Number not yet confirmed: if it does not work, call 211.' for a needs_review entry."""
    if not resource.needs_review:
        return []
    key = "card.unconfirmed_number" if resource.phones else "card.unconfirmed"
    return ["⚠️ " + texts.text(language, key)]


def _phone_line(phone: Phone, language: str, texts: Translations) -> str:
    if phone.kind is PhoneKind.SMS and phone.keyword:
        line = texts.text(language, "card.sms_keyword", number=phone.display, keyword=phone.keyword)
    else:
        line = texts.text(language, _PHONE_KEYS[phone.kind], number=phone.display)
    if phone.label is not None:
        label = phone.label.text(language)
        # "(Outside King County (weekdays))" reads badly: a label with brackets gets a dash.
        line += f" – {label}" if "(" in label else f" ({label})"
    return f"{_PHONE_ICONS[phone.kind]} {line}"


def hours_line(
    hours: Hours | None, language: str, texts: Translations, now: dt.datetime
) -> str | None:
    """'Open 24/7', 'Mon–Fri 10:00–18:00 · closed now', or the note; None if unknown."""
    return _hours_text(hours, language, texts, schedule_of(hours).is_open(now))


def _hours_text(
    hours: Hours | None, language: str, texts: Translations, open_now: bool | None
) -> str | None:
    if hours is None:
        return None
    parts: list[str] = []
    if hours.open_24_7:
        parts.append(texts.text(language, "card.open_24_7"))
    elif hours.weekly:
        schedule = "; ".join(_period_text(p, language, texts) for p in hours.weekly)
        parts.append(texts.text(language, "card.hours", hours=schedule))
        if open_now is not None:
            parts.append(texts.text(language, "card.open_now" if open_now else "card.closed_now"))
    if hours.note is not None:
        parts.append(hours.note.text(language))
    return " · ".join(parts) or None


def _period_text(period: OpeningPeriod, language: str, texts: Translations) -> str:
    indexes = sorted(WEEKDAYS.index(d) for d in period.days)
    names = [texts.text(language, f"days.{WEEKDAYS[i]}") for i in indexes]
    consecutive = indexes == list(range(indexes[0], indexes[0] + len(indexes)))
    days = f"{names[0]}–{names[-1]}" if consecutive and len(names) >= 3 else ", ".join(names)
    return f"{days} {period.opens}–{period.closes}"


def languages_line(resource: Resource, language: str, texts: Translations) -> str | None:
    names = [
        texts.text(language, LANGUAGE_NAME_PREFIX + code)
        if texts.has(language, LANGUAGE_NAME_PREFIX + code)
        else code.upper()
        for code in resource.languages
    ]
    if resource.interpreters:
        names.append(texts.text(language, "card.interpreters"))
    if not names:
        return None
    return texts.text(language, "card.languages", languages=", ".join(names))


CARDS_KEPT = 2048  # cards of one content, most recently shown (~1 KB each)


class Cards:
    """Every card of one content's directory, made the first time it is shown and kept: a card
    changes only with the content (a reload makes new `Cards`), the language, its kind (compact,
    text only) and whether the resource is open at the moment shown, which is all that is
    worked out per screen. The same card is the same two paragraphs on every screen."""

    def __init__(self, texts: Translations, directory: Directory) -> None:
        # Kept by id (the directory's own); the caches hold the content, never these Cards.
        self._schedule = functools.lru_cache(maxsize=CARDS_KEPT)(
            functools.partial(_schedule, directory)
        )
        self._made = functools.lru_cache(maxsize=CARDS_KEPT)(
            functools.partial(_card, texts, directory)
        )

    def card(
        self,
        resource: Resource,
        language: str,
        now: dt.datetime,
        *,
        compact: bool = False,
        text_only: bool = False,
    ) -> tuple[Paragraph, Paragraph]:
        """The resource's name as a heading, and its card, as they read at `now` (the
        resource is one of the directory's)."""
        open_now = None if compact else self._schedule(resource.id).is_open(now)
        return self._made(resource.id, language, compact, text_only, open_now)


def _schedule(directory: Directory, resource_id: str) -> Schedule:
    return schedule_of(directory.resource_by_id[resource_id].hours)


def _card(
    texts: Translations,
    directory: Directory,
    resource_id: str,
    language: str,
    compact: bool,
    text_only: bool,
    open_now: bool | None,
) -> tuple[Paragraph, Paragraph]:
    resource = directory.resource_by_id[resource_id]
    area = _area(directory, resource, language)
    lines = _card_lines(resource, language, texts, open_now, area, compact, text_only)
    contacts = card_contacts(resource, compact=compact, text_only=text_only)
    return Paragraph(resource.name, heading=True), Paragraph("\n".join(lines), contacts=contacts)


def _area(directory: Directory, resource: Resource, language: str) -> str | None:
    """Where a local resource works, in `language`; None for a national one."""
    if directory.is_national(resource):
        return None
    regions = directory.region_by_id
    return ", ".join(regions[r].label.text(language) for r in resource.regions if r in regions)
