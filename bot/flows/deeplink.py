"""Deep-link payloads: `t.me/<bot>?start=legal_wa-king_es` opens legal help in King County.

A payload is up to 64 characters of letters, digits, `_` and `-` (Telegram's rule). Ours is
words joined by `_`, each one a category id, a region id, a language code or a command name
(`emergency`, `privacy` ...), in any order and each kind at most once. Ids use `-`, never `_`,
so the split is unambiguous; the loaders make sure no word means two things.

A word may also be a printed card's code (`k7m`, from conversations' `card_codes:`), which
stands for the category, region, language or command it was given: `t.me/<bot>?start=k7m`
opens legal help in King County, and only the outreach worker who handed out the card knows.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

PAYLOAD = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
KINDS = ("category", "region", "language", "command")


@dataclass(frozen=True, slots=True)
class DeepLink:
    category: str | None = None
    region: str | None = None
    language: str | None = None
    command: str | None = None


def parse(
    payload: str,
    *,
    categories: Collection[str],
    regions: Collection[str],
    languages: Collection[str],
    commands: Collection[str],
    codes: Mapping[str, DeepLink] | None = None,
) -> DeepLink | None:
    """The link's meaning, or None when any part of it is unknown (then: the welcome screen)."""
    if not PAYLOAD.fullmatch(payload):
        return None
    found: dict[str, str] = {}
    coded = False
    for word in payload.lower().split("_"):
        code = codes.get(word) if codes else None
        if code is not None:
            meant = {kind: getattr(code, kind) for kind in KINDS if getattr(code, kind)}
            if coded or meant.keys() & found.keys():
                return None  # a card carries one code, and nothing it already says
            coded = True
            found |= meant
            continue
        kind = next(
            (
                name
                for name, known in (
                    ("category", categories),
                    ("region", regions),
                    ("language", languages),
                    ("command", commands),
                )
                if word in known
            ),
            None,
        )
        if kind is None or kind in found:
            return None
        found[kind] = word
    return DeepLink(**found)


def build(
    *,
    category: str | None = None,
    region: str | None = None,
    language: str | None = None,
    command: str | None = None,
) -> str:
    """The payload for a link; raises ValueError when it would not be a valid start payload."""
    payload = "_".join(part for part in (category, region, language, command) if part)
    if not PAYLOAD.fullmatch(payload):
        raise ValueError(f"{payload!r} is not a valid deep-link payload (1-64 of A-Z a-z 0-9 _ -)")
    return payload
