"""Keyed hashes: what the bot files a chat under instead of its id."""

from __future__ import annotations

import hashlib


def keyed_hash(key: bytes, number: int, *, size: int = 16) -> bytes:
    """A keyed BLAKE2b hash of `number` (a chat or update id): without the key, it cannot be
    matched against a list of ids."""
    data = number.to_bytes(8, "big", signed=True)
    return hashlib.blake2b(data, key=key, digest_size=size).digest()
