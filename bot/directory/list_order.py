"""The order a list of resources is shown in: nearest first, then what staff put first, then
what a person can reach soonest.

One rule for every list of the same kind of help (a category's results, the lines of a screen
picked by tag, equal scores in a typed search), in this order:

1. **Reachable directly**: a resource with no phone, chat, email or address (referral-only,
   such as a legal centre that takes referrals from agencies) goes after every other one, so it
   never comes first or second while something can be called.
2. **Nearest**: serving exactly the person's place, then the region containing it, then the
   whole country.
3. **Staff's priority**: `priority: 1` before 2 before unset, within the same distance.
4. **Open 24/7** before lines with office hours or unknown hours.
5. **Speaking the person's language** (when it is listed).
6. **Specific before general**: a resource listed under fewer kinds of help is more focused on
   this one (a sexual-assault line before a service that does a bit of everything).
7. The order given (name order from the index), so equal entries never shuffle.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.directory.models import Resource

UNSET_PRIORITY = 100  # after every priority staff can give (1-99)


def reachable_directly(resource: Resource) -> bool:
    """Whether a person can contact it themselves: a phone, a chat, an email or a door."""
    return bool(resource.phones or resource.chat_url or resource.email or resource.address)


def open_24_7(resource: Resource) -> bool:
    return resource.hours is not None and resource.hours.open_24_7


def sort_key(
    resource: Resource, distance: int | None, prefer_language: str | None = None
) -> tuple[int, int, int, int, int, int]:
    """The key that puts `resource` in its place (smaller first); see the module docstring."""
    speaks = prefer_language is not None and prefer_language in resource.languages
    return (
        0 if reachable_directly(resource) else 1,
        distance or 0,
        resource.priority or UNSET_PRIORITY,
        0 if open_24_7(resource) else 1,
        0 if speaks else 1,
        len(resource.categories),
    )


def in_order(
    entries: Iterable[tuple[int | None, Resource]], prefer_language: str | None = None
) -> list[Resource]:
    """The resources of `(distance, resource)` pairs in display order (a stable sort)."""
    ranked = sorted(entries, key=lambda entry: sort_key(entry[1], entry[0], prefer_language))
    return [resource for _, resource in ranked]


def referral_only_last(resources: Iterable[Resource]) -> list[Resource]:
    """The same list with resources nobody can contact directly moved to the end."""
    listed = list(resources)
    return [r for r in listed if reachable_directly(r)] + [
        r for r in listed if not reachable_directly(r)
    ]
