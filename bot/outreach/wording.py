"""The words printed on every outreach card. Change them here; nothing else needs to change.

Why so plain: a card may be found by the person who controls a survivor (in a pocket, a bag, a
phone's photos). Everything on it must read like any community-services card:

- no "trafficking", "exploitation", "abuse", "escape", "rescue", "victim", "police", "secret",
  "hide" or similar words, in any language, nor anything that says who the card is for;
- no names of organisations, no addresses or phone numbers of shelters;
- "Telegram" and "scan" are fine: they say how, not why.

tests/outreach/test_cards.py checks these texts against a list of alarming words. Every text
needs one version per language in CARD_LANGUAGES (printed in that order, one after the other).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

# Languages printed on each card: every label and line below appears in each of them.
CARD_LANGUAGES: tuple[str, ...] = ("en", "es")

# The discreet line on every card.
TAGLINE: Mapping[str, str] = MappingProxyType(
    {
        "en": "Free, confidential help",
        "es": "Ayuda gratuita y confidencial",
    }
)

# A hint beside the QR code, for people who have not scanned one before.
SCAN_HINT: Mapping[str, str] = MappingProxyType(
    {
        "en": "Scan with your phone camera to open in Telegram",
        "es": "Escanea con la cámara para abrir en Telegram",
    }
)

# The sheet's title (a browser tab, a printed header if the printer adds one).
SHEET_TITLE = "Community resources cards"

# Every text printed on a card that is not a category or region label.
ALL_TEXTS: tuple[Mapping[str, str], ...] = (TAGLINE, SCAN_HINT)
