"""Checks of the lines the flow offers people: picks by tag, the emergency lines, and the lines
that end (or stand in for) each category's results.

- A `{tag: ...}` pick must find an active resource, and a `local: true` one a local resource:
  otherwise it silently shows nothing.
- Every line the emergency screen can show, for any place, must answer 24/7 and be reachable
  directly (a phone or a chat).
- `category_fallbacks` must name every category (and only categories), and each list needs a
  line open 24/7 that takes texts or chats: then no results screen, with any filter, at any
  hour, is left without a line to reach.
- An `each: text_only` row belongs on a screen that lists resources.
"""

from __future__ import annotations

from pathlib import Path

from bot.directory import list_order
from bot.directory.catalog import Directory
from bot.directory.schema_errors import did_you_mean
from bot.directory.text import fold
from bot.flows.flow import Flow, Parts
from bot.flows.models import Each, EachRow, Show, TagPick
from bot.flows.picks import LinePicker, tagged_resources
from bot.flows.reach import can_text


def check_lines(flow: Flow, parts: Parts, directory: Directory) -> None:
    """Add the problems of the flow's lines to `parts`."""
    picker = LinePicker(directory, (p for s in flow.screens.values() for p in s.resources))
    _check_tag_picks(flow, parts, picker)
    _check_emergency_lines(flow, parts, picker)
    _check_category_fallbacks(flow, parts, directory)
    _check_text_only_rows(flow, parts)


def _settings_line(parts: Parts, *loc: str | int) -> tuple[Path, int | None]:
    path, document = parts.where[("settings", "")]
    return path, document.line_of(("settings", *loc))


def _check_tag_picks(flow: Flow, parts: Parts, picker: LinePicker) -> None:
    directory = picker.directory
    every_tag: list[str] | None = None
    for name, screen in flow.screens.items():
        for i, pick in enumerate(screen.resources):
            if not isinstance(pick, TagPick):
                continue
            where = parts.line("screens", name, "resources", i)
            found = picker.tagged(pick.tag)
            if not found:
                if every_tag is None:
                    every_tag = sorted(tagged_resources(directory))
                hint = did_you_mean(fold(pick.tag), every_tag)
                parts.error(
                    *where,
                    f"screen {name!r}: resources[{i}]: no active resource has the tag "
                    f"{pick.tag!r}{hint}; add it to a resource's tags, or remove the pick",
                )
            elif pick.local and all(directory.is_national(r) for r in found):
                parts.error(
                    *where,
                    f"screen {name!r}: resources[{i}]: every resource tagged {pick.tag!r} is "
                    "national, so 'local: true' never shows one; give a local resource the tag",
                )


def _check_emergency_lines(flow: Flow, parts: Parts, picker: LinePicker) -> None:
    name = flow.settings.emergency
    screen = flow.screens.get(name)
    if screen is None or screen.show is not Show.RESOURCES:
        return
    places = [None, *(r.id for r in picker.directory.regions)]
    for i, pick in enumerate(screen.resources):
        shown = {r.id: r for place in places for r in picker.pick([pick], place)}
        for resource in shown.values():
            problem = None
            if not list_order.open_24_7(resource):
                problem = "does not answer 24/7 (hours: open_24_7: true)"
            elif not (resource.phones or resource.chat_url):
                problem = "has no phone number or chat"
            if problem:
                parts.error(
                    *parts.line("screens", name, "resources", i),
                    f"screen {name!r}: resources[{i}]: emergency line {resource.id!r} {problem}; "
                    "the emergency screen lists only lines a person can reach at any hour",
                )


def _check_category_fallbacks(flow: Flow, parts: Parts, directory: Directory) -> None:
    fallbacks = flow.settings.category_fallbacks
    known = directory.resource_by_id
    categories = [c.id for c in directory.categories]
    for category in categories:
        if category not in fallbacks:
            where = (
                _settings_line(parts, "category_fallbacks")
                if fallbacks
                else parts.settings_at or (Path("conversations"), None)
            )
            parts.error(
                *where,
                f"settings: category_fallbacks: no lines for category {category!r}: list the "
                "lines that fit it and help anywhere, so someone who finds nothing nearby "
                "still has someone to reach",
            )
    for category, ids in fallbacks.items():
        where = _settings_line(parts, "category_fallbacks", category)
        if category not in directory.category_by_id:
            hint = did_you_mean(category, categories)
            parts.error(
                *where, f"settings: category_fallbacks: unknown category {category!r}{hint}"
            )
            continue
        lines = [known[i] for i in ids if i in known and known[i].is_active]
        if not any(list_order.open_24_7(r) and can_text(r) for r in lines):
            parts.error(
                *where,
                f"settings: category_fallbacks.{category}: none of these lines is open 24/7 "
                "and takes texts or chats; add one (such as the national trafficking "
                "hotline), so the list is never empty at night or for someone who cannot talk",
            )


def _check_text_only_rows(flow: Flow, parts: Parts) -> None:
    for name, screen in flow.screens.items():
        for r, row in enumerate(screen.rows):
            if (
                isinstance(row, EachRow)
                and row.each is Each.TEXT_ONLY
                and screen.show not in (Show.RESULTS, Show.RESOURCES)
            ):
                parts.error(
                    *parts.line("screens", name, "rows", r),
                    f"screen {name!r}: rows[{r}]: 'each: text_only' filters listed lines, "
                    "but this screen lists none (show: results or resources)",
                )
