"""The loaded directory: resources, categories and regions, with lookups the bot needs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from bot.directory.lines import FileLines
from bot.directory.models import Category, Region, Resource


class Origin:
    """Where an entry is written: file and line of its first key.

    Made by the loader with `of_entry`, the line is found when first read (bot/directory/lines.py).
    """

    __slots__ = ("_index", "_line", "_lines", "_section", "path")

    def __init__(self, path: Path, line: int | None) -> None:
        self.path = path
        self._line = line
        self._lines: FileLines | None = None
        self._section = ""
        self._index = 0

    @classmethod
    def of_entry(cls, lines: FileLines, section: str, index: int) -> Origin:
        origin = cls(lines.path, None)
        origin._lines, origin._section, origin._index = lines, section, index
        return origin

    @property
    def line(self) -> int | None:
        if self._lines is not None:
            return self._lines.entry_line(self._section, self._index)
        return self._line

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Origin):
            return NotImplemented
        return (self.path, self.line) == (other.path, other.line)

    def __hash__(self) -> int:
        return hash((self.path, self.line))

    def __repr__(self) -> str:
        return f"Origin(path={self.path!r}, line={self.line!r})"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else str(self.path)


@dataclass(frozen=True, eq=False)
class Directory:
    """Everything under resources/, checked as a whole. Immutable: a reload builds a new one."""

    resources: tuple[Resource, ...]
    categories: tuple[Category, ...]
    regions: tuple[Region, ...]
    origins: Mapping[str, Origin] = field(default_factory=dict, repr=False)

    @cached_property
    def resource_by_id(self) -> Mapping[str, Resource]:
        return {r.id: r for r in self.resources}

    @cached_property
    def category_by_id(self) -> Mapping[str, Category]:
        return {c.id: c for c in self.categories}

    @cached_property
    def region_by_id(self) -> Mapping[str, Region]:
        return {r.id: r for r in self.regions}

    @cached_property
    def _chains(self) -> Mapping[str, tuple[str, ...]]:
        chains: dict[str, tuple[str, ...]] = {}
        for region in self.regions:
            chain: list[str] = []
            current: Region | None = region
            while current is not None and current.id not in chain:
                chain.append(current.id)
                current = self.region_by_id.get(current.parent) if current.parent else None
            chains[region.id] = tuple(chain)
        return chains

    def region_chain(self, region_id: str) -> tuple[str, ...]:
        """The region and every region it lies inside, nearest first: wa-king, wa, us."""
        return self._chains.get(region_id, ())

    def region_depth(self, region_id: str) -> int:
        return len(self.region_chain(region_id)) - 1

    def children(self, region_id: str | None) -> tuple[Region, ...]:
        """Regions directly inside `region_id` (top-level ones for None)."""
        return tuple(r for r in self.regions if r.parent == region_id)

    def distance(self, resource: Resource, region_id: str) -> int | None:
        """How far the nearest region `resource` serves is from `region_id` up the hierarchy.

        0 means it serves exactly that region, 1 the region containing it, and so on; None means
        it does not serve anyone in `region_id`.
        """
        chain = self.region_chain(region_id)
        served = set(resource.regions)
        return next((i for i, rid in enumerate(chain) if rid in served), None)

    def is_national(self, resource: Resource) -> bool:
        """True when the resource serves only top-level regions (the whole country)."""
        return all(
            self.region_by_id[r].parent is None for r in resource.regions if r in self.region_by_id
        )

    def origin(self, entry_id: str) -> Origin | None:
        return self.origins.get(entry_id)
