"""What a search gives back: hits with their scores, and ranked lists read a page at a time."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING

from bot.directory.bits import Bits
from bot.directory.models import Resource
from bot.directory.query import Query

if TYPE_CHECKING:
    from bot.directory.search import SearchIndex


@dataclass(frozen=True)
class Hit:
    resource: Resource
    score: float  # 0-100: the share of what was asked that this resource answers
    distance: int | None  # region distance when a region applies (0 = serves exactly it)


@dataclass(frozen=True)
class SearchResult:
    query: Query
    hits: tuple[Hit, ...]  # best first


@dataclass(frozen=True)
class Ranked:
    """Resources in the order to show them, read a page at a time (never all of them)."""

    index: SearchIndex
    groups: tuple[Bits, ...]  # disjoint, best first
    tiers: tuple[tuple[int | None, Bits], ...]  # distance tiers of the region
    prefer_language: str | None
    count: int
    preferred: Bits = 0  # within a distance and a priority, these first

    def __iter__(self) -> Iterator[Resource]:
        for group in self.groups:
            ranks = self.index.order.ranks(group, self.tiers, self.prefer_language, self.preferred)
            for rank in ranks:
                yield self.index.resources[rank]

    def page(self, start: int, size: int) -> list[Resource]:
        return list(islice(self, start, start + size))
