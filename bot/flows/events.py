"""What a person did, as the engine sees it: no ids, no names, nothing about who they are.

`language_code` is the language the person's app reports (e.g. "es-419"), used only to pick
the first screen's language when nothing else says.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Start:
    """Opened the bot, maybe through a deep link (`t.me/<bot>?start=<payload>`)."""

    payload: str | None = None
    language_code: str | None = None


@dataclass(frozen=True, slots=True)
class Pressed:
    """Pressed a button carrying `data` (which may be forged)."""

    data: str | bytes | None
    language_code: str | None = None


@dataclass(frozen=True, slots=True)
class Listed:
    """Opened the link of an answer to typed text that listed services its state alone would
    not (a service asked for by name): the state `data` and the services' ids, dot-separated
    (`ids`). Either may be forged. The web chat's way of showing such an answer again without
    keeping a word of what was typed."""

    data: str | bytes | None
    ids: str
    language_code: str | None = None


@dataclass(frozen=True, slots=True)
class Typed:
    """Typed free text."""

    text: str
    language_code: str | None = None


@dataclass(frozen=True, slots=True)
class Located:
    """Shared a location. Used for this one answer (the region around it) and dropped: the
    engine keeps nothing of it, and no button, log or counter carries it."""

    latitude: float
    longitude: float
    language_code: str | None = None

    def __repr__(self) -> str:  # a location must not end up in a log or a traceback
        return "Located(<hidden>)"


@dataclass(frozen=True, slots=True)
class Command:
    """Sent a command such as /privacy (without the slash)."""

    name: str
    language_code: str | None = None


Event = Start | Pressed | Listed | Typed | Located | Command
