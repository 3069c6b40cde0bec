"""What the engine returns: a screen any channel can show, with no Telegram types in it."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from bot.flows.models import Effect
from bot.flows.state import State


class ContactKind(StrEnum):
    """How a contact is used: dialled, texted, messaged on WhatsApp or opened."""

    CALL = "call"
    TEXT = "text"
    WHATSAPP = "whatsapp"
    LINK = "link"


@dataclass(frozen=True, slots=True)
class Contact:
    """A number or address shown in a paragraph, for channels that can make it tappable
    (a web page's `tel:` and `sms:` links): `shown` is how the text writes it, `target` what
    to dial, text or open (E.164, a short code, a URL), `keyword` the word to text."""

    kind: ContactKind
    shown: str
    target: str
    keyword: str | None = None


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A block of text; a heading is shown in bold where the channel can. `contacts` are the
    numbers and addresses the text shows (Telegram finds them in the text by itself)."""

    text: str
    heading: bool = False
    contacts: tuple[Contact, ...] = ()


@dataclass(frozen=True, slots=True)
class Button:
    """A choice: its label, and the packed `State` it leads to (a callback's data)."""

    label: str
    data: str


class Outcome(StrEnum):
    """What kind of answer this was, for aggregate counters (never what was asked)."""

    SCREEN = "screen"
    RESULTS = "results"
    NO_RESULTS = "no_results"
    SEARCH = "search"
    SEARCH_EMPTY = "search_empty"
    NOT_UNDERSTOOD = "not_understood"  # typed text telling something, not understood
    EMERGENCY = "emergency"
    ERASE = "erase"


@dataclass(frozen=True)
class Screen:
    """Text, rows of buttons, and side effects for the channel to perform."""

    state: State
    paragraphs: tuple[Paragraph, ...]
    rows: tuple[tuple[Button, ...], ...]
    effects: frozenset[Effect] = field(default_factory=frozenset)
    outcome: Outcome = Outcome.SCREEN
    listed: tuple[str, ...] = ()  # ids of the resources shown, in order (directory ids only)

    @property
    def text(self) -> str:
        """The whole text as plain text, paragraphs separated by a blank line."""
        return "\n\n".join(p.text for p in self.paragraphs)

    @property
    def buttons(self) -> tuple[Button, ...]:
        return tuple(button for row in self.rows for button in row)
