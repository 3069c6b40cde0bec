"""How a person can reach a resource right now: is it open, and can they text or chat with it.

"Text or chat" is for someone who cannot talk (someone may be listening): an SMS or WhatsApp
number, or a live chat. TTY numbers are typed too, so a text-only card keeps them, but they
need a TTY device or a relay service, so they do not make a resource text-capable on their own.
"""

from __future__ import annotations

import datetime as dt

from bot.directory.hours import is_open
from bot.directory.models import Phone, PhoneKind, Resource

TEXT_KINDS = frozenset({PhoneKind.SMS, PhoneKind.WHATSAPP})
TYPED_KINDS = TEXT_KINDS | {PhoneKind.TTY}  # what a text-only card shows


def can_text(resource: Resource) -> bool:
    """Whether someone who cannot speak can reach it: by SMS, WhatsApp or a live chat."""
    return bool(resource.chat_url) or any(p.kind in TEXT_KINDS for p in resource.phones)


def typed_phones(resource: Resource) -> tuple[Phone, ...]:
    """The numbers that take typed messages: SMS and WhatsApp first, then TTY."""
    texting = [p for p in resource.phones if p.kind in TEXT_KINDS]
    return (*texting, *(p for p in resource.phones if p.kind is PhoneKind.TTY))


def open_now(resource: Resource, now: dt.datetime) -> bool:
    """Whether it is known to answer at `now`: open 24/7, or inside its weekly hours."""
    return is_open(resource.hours, now) is True


def reachable_now(resource: Resource, now: dt.datetime, *, text_only: bool = False) -> bool:
    """Open now, and (when `text_only`) reachable without speaking."""
    return open_now(resource, now) and (can_text(resource) or not text_only)
