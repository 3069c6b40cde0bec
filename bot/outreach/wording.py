"""The words printed on outreach cards. Change them here; nothing else needs to change.

Why so plain: a card may be found by the person who controls a survivor (in a pocket, a bag, a
phone's photos). A discreet card (the default) therefore says nothing about the help it leads
to, not even "free, confidential help": only how to open it, and, if asked for, a number to
call or a web address to open without Telegram. Its link carries an opaque code
(conversations/cards.yaml). Labelled cards (`--labelled`, for the walls and desks of service
agencies) name their help.

- no "trafficking", "exploitation", "abuse", "escape", "rescue", "victim", "police", "secret",
  "hide" or similar words, in any language, nor anything that says who the card is for;
- no names of organisations, no addresses or phone numbers of shelters;
- "Telegram" and "scan" are fine: they say how, not why; so is the emergency card's "in an
  emergency, call 911", printed on fridge magnets everywhere;
- no emoji: printers and PDF viewers without an emoji font print empty boxes.

tests/outreach/test_card_sheet.py checks these texts against a list of alarming words. Every text
needs one version per language in CARD_LANGUAGES (printed in that order, one after the other).
Spanish addresses the reader as "usted", like the bot.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

# Languages printed on each card: every label and line below appears in each of them.
CARD_LANGUAGES: tuple[str, ...] = ("en", "es")

# A hint beside the QR code, for people who have not scanned one before: on every card.
SCAN_HINT: Mapping[str, str] = MappingProxyType(
    {
        "en": "Scan with your phone camera to open in Telegram",
        "es": "Escanee con la cámara de su teléfono para abrir en Telegram",
    }
)

# With --phone: for people without Telegram. {number} is the number given.
NO_TELEGRAM: Mapping[str, str] = MappingProxyType(
    {
        "en": "No Telegram? Call {number}",
        "es": "¿No tiene Telegram? Llame al {number}",
    }
)

# With --web, for people without Telegram: the web chat's address with the card's own code is
# printed once, after these lines (with --phone too, the second pair, which names the number).
# Not on the emergency card, which has its number to call.
NO_TELEGRAM_WEB: Mapping[str, str] = MappingProxyType(
    {
        "en": "No Telegram? Go to:",
        "es": "¿Sin Telegram? Visite:",
    }
)
NO_TELEGRAM_PHONE_OR_WEB: Mapping[str, str] = MappingProxyType(
    {
        "en": "No Telegram? Call {number} or go to:",
        "es": "¿Sin Telegram? Llame al {number} o visite:",
    }
)

# The emergency card, above the number its code's `call:` names (911).
EMERGENCY_CALL: Mapping[str, str] = MappingProxyType(
    {
        "en": "In an emergency, call",
        "es": "En una emergencia, llame al",
    }
)

# Labelled cards only: the line under what the card is for.
TAGLINE: Mapping[str, str] = MappingProxyType(
    {
        "en": "Free, confidential help",
        "es": "Ayuda gratuita y confidencial",
    }
)

# Labelled emergency card only: its headline.
EMERGENCY_LABEL: Mapping[str, str] = MappingProxyType(
    {
        "en": "Emergency lines",
        "es": "Líneas de emergencia",
    }
)

# The sheet's title (a browser tab, a printed header if the printer adds one).
SHEET_TITLE = "Community resources cards"

# Every text printed on a discreet card.
DISCREET_TEXTS: tuple[Mapping[str, str], ...] = (
    SCAN_HINT,
    NO_TELEGRAM,
    NO_TELEGRAM_WEB,
    NO_TELEGRAM_PHONE_OR_WEB,
)
# Every text printed on any card.
ALL_TEXTS: tuple[Mapping[str, str], ...] = (
    *DISCREET_TEXTS,
    EMERGENCY_CALL,
    TAGLINE,
    EMERGENCY_LABEL,
)
