"""Who answers a search: the resources for what was understood, best first, a page at a time.

Everything here is a function of what a button can carry (situation, category, region, "text
or chat only"), never of the words typed, so "More" shows exactly the next page of the same
answer:

- **A situation** ("he took my passport"): its `lines` in the order staff wrote them, then the
  resources with its tags (those in the category asked for first, then in its own categories),
  then the category asked for, then its categories, then the `always` 24/7 lines. Only what
  serves the place; the 24/7 lines serve everywhere, so a disclosure is never answered with
  nothing.
  Someone who cannot talk gets the `text-only` situation's lines right after its own, and
  someone who said who they are ("im a trans woman") that identity's lines (Trans Lifeline);
  when a child is concerned, the situation's `for_a_child` lines come right after its own.
- **A category** ("abogado en Bellevue"): what its results screen lists (bot/flows/results.py):
  the category for the place, then the category's fallback lines, then its other national
  resources, referral-only last.
- **A place alone** ("98104"): the services of that place and the regions around it, then the
  always-on lines, then everything else serving it. A place the directory covers only through
  the national lines (Texas) gets the always-on lines first.

Inside each group the order is list_order's, as on every list (SearchIndex.ranked), except that
within the same distance and staff priority a resource that says it does the kind of help
asked, or the situation's own (its name or tags use the category's words: "legal aid",
"lawyer"), comes before one that only lists the category among others. Someone who can only
text sees only what takes texts or chats.
"""

from __future__ import annotations

from functools import cached_property

from bot.directory.bits import Bits
from bot.directory.catalog import Directory
from bot.directory.hits import Ranked
from bot.directory.search import SearchIndex
from bot.flows.models import Settings
from bot.flows.reach import can_text
from bot.understanding.situations import TEXT_ONLY, Situations


class Answers:
    """The ranked resources for a search's state, over one loaded directory."""

    def __init__(
        self, directory: Directory, index: SearchIndex, situations: Situations, settings: Settings
    ) -> None:
        self.directory = directory
        self.index = index
        self.situations = situations
        self.settings = settings

    def ranked(
        self,
        situation: str | None,
        category: str | None,
        region: str | None,
        language: str | None,
        *,
        text_only: bool = False,
        identity: str | None = None,
        child: bool = False,
    ) -> Ranked | None:
        """The answer, or None when there is nothing to answer with (nothing understood)."""
        index = self.index
        groups: list[Bits]
        preferred = index.named_for(category) if category else 0
        found = self.situations.by_id.get(situation or "")
        if found is not None:
            if not category:  # "legal" for forced work: legal aid before a rape crisis centre
                for own_category in found.categories:
                    preferred |= index.named_for(own_category)
            tagged = index.members(tags=found.tags)
            asked = index.members(categories=[category] if category else ())
            own = index.members(categories=found.categories)
            texting = self.situations.by_id.get(TEXT_ONLY) if text_only else None
            who = self.situations.by_id.get(identity or "")
            groups = [
                *self._each(found.lines),
                *self._each(found.for_a_child if child else ()),
                *self._each(texting.lines if texting else ()),
                *self._each(who.lines if who else ()),
                tagged & asked,
                tagged & own,
                tagged,
                asked,
                own,
                *self._each(self.situations.always),
            ]
        elif category is not None:
            fallbacks = self.settings.category_fallbacks.get(
                category, self.settings.fallback_resources
            )
            listed = index.members(categories=[category])
            reachable = listed & self._reachable
            groups = [reachable & self._local, *self._each(fallbacks), reachable, listed]
        elif region is not None:
            always = self.situations.always or self.settings.fallback_resources
            place = self.directory.region_by_id.get(region)
            local = [self._local] if place is not None and place.parent is not None else []
            groups = [*local, *self._each(always), index.members_all()]
        else:
            return None
        if text_only:
            groups = [group & self._textable for group in groups]
        return index.ranked(groups, region, prefer_language=language, preferred=preferred)

    def _each(self, ids: tuple[str, ...] | list[str]) -> list[Bits]:
        """One group per resource, so that they keep the order staff gave them."""
        return [self.index.members(resources=[i]) for i in ids]

    @cached_property
    def _textable(self) -> Bits:
        """The resources someone who cannot talk can reach (read once, when first asked)."""
        return self.index.select(can_text)

    @cached_property
    def _reachable(self) -> Bits:
        return self.index.reachable()

    @cached_property
    def _local(self) -> Bits:
        """The resources that serve a place, not the whole country."""
        return self.index.select(lambda r: not self.directory.is_national(r))
