"""Sets of resources as Python ints: bit n is the resource of rank n (in name order).

Intersections and unions cost a microsecond even over 100,000 resources, and reading the
lowest bits first yields name order (bench/results/directory.md).
"""

from __future__ import annotations

import sys
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping

Bits = int  # a set of resources: bit n is the resource of rank n (name order)


def bits_of(positions: Iterable[int], size: int) -> Bits:
    """The bitmask with the bits at `positions` set."""
    buffer = bytearray(size // 8 + 1)
    for position in positions:
        buffer[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(buffer, "little")


def positions(bits: Bits) -> Iterator[int]:
    """The set bits of `bits`, lowest first, reading 64 bits at a time."""
    if not bits:
        return
    count = (bits.bit_length() + 63) // 64
    chunks = array("Q", bits.to_bytes(count * 8, "little"))
    if sys.byteorder == "big":
        chunks.byteswap()
    for index, chunk in enumerate(chunks):
        while chunk:
            low = chunk & -chunk
            yield index * 64 + low.bit_length() - 1
            chunk ^= low


class Postings:
    """The resources holding each key: a bitmask for common keys, a compact array for rare."""

    def __init__(self, lists: Mapping[str, list[int]], size: int) -> None:
        dense = max(1, size // 32)  # from here on a bitmask takes less room than an array
        self._masks = {w: bits_of(p, size) for w, p in lists.items() if len(p) >= dense}
        self._arrays = {w: array("I", p) for w, p in lists.items() if len(p) < dense}
        self._size = size

    def bits(self, key: str) -> Bits:
        mask = self._masks.get(key)
        if mask is not None:
            return mask
        found = self._arrays.get(key)
        return bits_of(found, self._size) if found else 0

    def __contains__(self, key: object) -> bool:
        return key in self._masks or key in self._arrays

    def keys(self) -> set[str]:
        return set(self._masks) | set(self._arrays)


def score_groups(
    allowed: Bits, concepts: list[list[tuple[int, Bits]]], full_credit: int
) -> list[tuple[float, Bits]]:
    """The allowed resources grouped by total credit, best group first, zero credit dropped.

    Adds up credits set by set: each concept splits every group by the credit it gives, so the
    work depends on the number of distinct totals, not on the number of resources.
    """
    totals: dict[int, Bits] = {0: allowed}
    for levels in concepts:
        next_totals: defaultdict[int, Bits] = defaultdict(int)
        for total, group in totals.items():
            rest = group
            for credit, earners in levels:
                earned = rest & earners
                if earned:
                    next_totals[total + credit] |= earned
                    rest ^= earned
            if rest:
                next_totals[total] |= rest
        totals = next_totals
    best = full_credit * len(concepts)
    return [
        (round(100 * total / best, 1), totals[total])
        for total in sorted(totals, reverse=True)
        if total > 0
    ]


def disjoint(by_credit: Mapping[int, Bits]) -> list[tuple[int, Bits]]:
    """Keep each resource only under its best credit."""
    levels, seen = [], 0
    for credit in sorted(by_credit, reverse=True):
        bits = by_credit[credit]
        bits ^= bits & seen
        seen |= bits
        if bits and credit > 0:
            levels.append((credit, bits))
    return levels
