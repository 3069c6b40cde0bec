"""The whole conversation state, small enough to ride in a button's callback data.

A `State` packs into at most 64 bytes (Telegram's limit for callback data) as
`1.results.es.legal.wa-king.0.o`: version, screen, language, category, region, page, flags
("o": only what is open now; "t": only lines to text or chat with; "c": a child is concerned;
in that order: "otc"), and, only on
the answer to typed text, the situation understood (`1.search.en..wa-king.1..sexual-assault`)
and who the person said they are, when a situation marked `identity` says so beside it
(`1.search.en...0..sex-trade.trans`, where it fits in the 64 bytes): never the words typed.
Unpacking validates every field; anything unknown, forged, truncated or from another version
gives None, never an exception. The bot therefore remembers nothing between messages: the
person's own message carries where they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

VERSION = "1"
MAX_BYTES = 64
MAX_PAGE = 999
SEPARATOR = "."
_ID = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
_LANGUAGE = re.compile(r"^[a-z]{2}$")
_PAGE = re.compile(r"^(?:0|[1-9][0-9]{0,2})$")
# "o": only open now; "t": only text or chat; "c": a child is concerned (typed text said so)
_FLAGS = re.compile(r"^o?t?c?$")  # each flag once, in this order


@dataclass(frozen=True, slots=True)
class State:
    """Where a person is: which screen, in which language, looking at what."""

    screen: str
    language: str
    category: str | None = None
    region: str | None = None
    page: int = 0
    open_now: bool = False
    text_only: bool = False  # "Can't talk right now?": only lines to text or chat with
    situation: str | None = None  # what a typed message was understood to be about
    identity: str | None = None  # who the person said they are, beside `situation` ("trans")
    child: bool = False  # a child is concerned ("mi hija de 13"): lines for children come too

    def pack(self) -> str:
        flags = (
            ("o" if self.open_now else "")
            + ("t" if self.text_only else "")
            + ("c" if self.child else "")
        )
        parts = [
            VERSION,
            self.screen,
            self.language,
            self.category or "",
            self.region or "",
            str(self.page),
            flags,
        ]
        if self.situation:  # older buttons have seven parts: they still unpack
            parts.append(self.situation)
            if self.identity:
                # Only where it fits: a page without it still lists the situation's lines.
                with_identity = SEPARATOR.join([*parts, self.identity])
                if len(with_identity.encode()) <= MAX_BYTES:
                    return with_identity
        return SEPARATOR.join(parts)

    def to(self, screen: str, **changes: object) -> State:
        """The state after moving to `screen`, keeping language, category and region (the
        situation belongs to the answer it was understood for, and stays behind)."""
        changes.setdefault("situation", None)
        changes.setdefault("identity", None)
        changes.setdefault("child", False)
        return replace(self, screen=screen, page=0, **changes)  # type: ignore[arg-type]


def unpack(data: str | bytes | None) -> State | None:
    """The State in `data`, or None when it is not one we packed (never raises)."""
    if isinstance(data, bytes):
        try:
            data = data.decode("ascii")
        except UnicodeDecodeError:
            return None
    if not isinstance(data, str) or len(data) > MAX_BYTES:
        return None
    parts = data.split(SEPARATOR)
    if len(parts) not in (7, 8, 9) or parts[0] != VERSION:
        return None
    _, screen, language, category, region, page, flags = parts[:7]
    situation = parts[7] if len(parts) >= 8 else None
    identity = parts[8] if len(parts) == 9 else None
    if situation is not None and not _ID.fullmatch(situation):
        return None
    if identity is not None and not _ID.fullmatch(identity):
        return None
    if not _ID.fullmatch(screen) or not _LANGUAGE.fullmatch(language):
        return None
    if (category and not _ID.fullmatch(category)) or (region and not _ID.fullmatch(region)):
        return None
    if not _PAGE.fullmatch(page) or not _FLAGS.fullmatch(flags):
        return None
    return State(
        screen=screen,
        language=language,
        category=category or None,
        region=region or None,
        page=int(page),
        open_now="o" in flags,
        text_only="t" in flags,
        child="c" in flags,
        situation=situation,
        identity=identity,
    )
