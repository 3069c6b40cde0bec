"""list_order's order, read from sets of resources (bitmasks) instead of sorting them.

A search index files its resources by rank into a few sets (bits.py, index_parts.py): by
language, by list_order's class (reachable directly, staff's priority, open 24/7) and by how
many kinds of help they give. Intersecting a group with those sets, in order, yields its ranks
in the order list_order would sort them, and the work depends on the number of distinct
classes, not on the number of resources.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from bot.directory.bits import Bits, positions

Tiers = Sequence[tuple[int | None, Bits]]  # (distance, resources) of a region, nearest first


@dataclass(frozen=True)
class SetOrder:
    languages: Mapping[str, Bits]  # by language, the resources whose staff speak it
    class_groups: Sequence[tuple[tuple[int, int], Sequence[Bits]]]  # index_parts.class_groups
    specificity: Sequence[Bits]  # by number of categories, fewest first

    def nearest_first(
        self, group: Bits, tiers: Tiers, prefer_language: str | None
    ) -> Iterator[tuple[int | None, int]]:
        """(distance, rank) of the resources in `group`: nearest first, then speaking the
        preferred language, then by rank (name order)."""
        speaking_it = self.languages.get(prefer_language, 0) if prefer_language else 0
        for distance, tier in tiers:
            here = group & tier
            if not here:
                continue
            speaking = here & speaking_it
            for part in (speaking, here ^ speaking):
                for rank in positions(part):
                    yield distance, rank

    def ranks(
        self, group: Bits, tiers: Tiers, prefer_language: str | None, preferred: Bits = 0
    ) -> Iterator[int]:
        """The ranks of `group` in list_order's order, with `preferred` resources first after
        staff's priority."""
        speaking_it = self.languages.get(prefer_language, 0) if prefer_language else 0
        for unreachable in (0, 1):
            for _, tier in tiers:
                here = group & tier
                if not here:
                    continue
                for (cut, _), classes in self.class_groups:
                    if cut != unreachable:
                        continue
                    favoured = here & preferred
                    for first in (favoured, here ^ favoured) if favoured else (here,):
                        for members in classes:
                            part = first & members
                            if not part:
                                continue
                            speaking = part & speaking_it
                            for subset in (speaking, part ^ speaking) if speaking else (part,):
                                for specific in self.specificity:
                                    if found := subset & specific:
                                        yield from positions(found)
