"""Deep-link payloads: Telegram's shape (1-64 of A-Z a-z 0-9 _ -), checked whole."""

from __future__ import annotations

from typing import Any

import pytest

from bot.flows.deeplink import DeepLink, build, parse

KNOWN: dict[str, Any] = {
    "categories": {"legal"},
    "regions": {"wa-king"},
    "languages": {"en", "es"},
    "commands": {"privacy"},
}


def test_a_payload_means_its_words_in_any_order() -> None:
    assert parse("wa-king_LEGAL_es", **KNOWN) == DeepLink("legal", "wa-king", "es")
    assert parse("privacy", **KNOWN) == DeepLink(command="privacy")
    assert parse("legal_legal", **KNOWN) is None
    assert parse("legal_nowhere", **KNOWN) is None


def test_a_final_newline_is_not_part_of_a_payload() -> None:
    """Regression: the payload pattern ended in `$`, which also matches before a final
    newline, so build() returned 'legal\\n' as a valid payload for a printed link."""
    assert parse("legal\n", **KNOWN) is None
    with pytest.raises(ValueError, match="not a valid deep-link payload"):
        build(category="legal\n")
