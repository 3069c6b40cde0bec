"""A screen's buttons, each carrying the packed `State` it leads to.

They follow from the state alone (and, for paging, from how many pages its screen has), so
`Buttons` makes each state's rows once per content and keeps the most recently shown: building
a row of categories is a dozen states packed (bench/results/updates-engine.md).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import replace

from bot.directory.catalog import Directory
from bot.flows.flow import Flow
from bot.flows.models import Each, EachRow
from bot.flows.screen import Button
from bot.flows.state import State

ROWS_KEPT = 1024  # states whose buttons are kept (~2 KB each)
Rows = tuple[tuple[Button, ...], ...]


def placeholder_values(directory: Directory, state: State) -> dict[str, object]:
    """The category and the place a state names, in its language, for texts' placeholders."""
    category = directory.category_by_id.get(state.category or "")
    region = directory.region_by_id.get(state.region or "")
    return {
        "category": category.label.text(state.language) if category else "",
        "region": region.label.text(state.language) if region else "",
    }


class Buttons:
    """The rows of buttons of every screen of one content."""

    def __init__(self, flow: Flow, directory: Directory) -> None:
        # The cache holds the content, never these Buttons.
        self._made = functools.lru_cache(maxsize=ROWS_KEPT)(
            functools.partial(_rows, flow, directory)
        )

    def rows(self, state: State, page_count: int) -> Rows:
        """The rows of the screen `state` is on (its definition's, in its state)."""
        return self._made(state, page_count)


def _rows(flow: Flow, directory: Directory, state: State, page_count: int) -> Rows:
    language = state.language
    values = placeholder_values(directory, state)
    rows: list[tuple[Button, ...]] = []
    for row in flow.screens[state.screen].rows:
        if isinstance(row, EachRow):
            rows += _chunks(_each(flow, directory, row, state, page_count), row.columns)
            continue
        buttons = []
        for button_id in row:
            button = flow.buttons[button_id]
            target = state.to(button.goto, **dict.fromkeys(button.forget))
            label = flow.translations.text(language, button.label, **values)
            buttons.append(Button(label, target.pack()))
        rows.append(tuple(buttons))
    return tuple(rows)


def _each(
    flow: Flow, directory: Directory, row: EachRow, state: State, page_count: int
) -> list[Button]:
    language = state.language
    goto = row.goto or state.screen
    texts = flow.translations
    if row.each is Each.CATEGORY:
        return [
            Button(f"{c.emoji} {c.label.text(language)}", state.to(goto, category=c.id).pack())
            for c in directory.categories
        ]
    if row.each is Each.REGION:
        regions = sorted(
            (r for r in directory.regions if r.selectable),
            key=lambda r: (-directory.region_depth(r.id), r.label.text(language)),
        )
        return [Button(r.label.text(language), state.to(goto, region=r.id).pack()) for r in regions]
    if row.each is Each.LANGUAGE:
        return [
            Button(texts.text(code, "language_name"), state.to(goto, language=code).pack())
            for code in flow.settings.languages
        ]
    if row.each is Each.PAGE:
        steps = [("button.previous", state.page - 1), ("button.next", state.page + 1)]
        return [
            Button(texts.text(language, key), replace(state, page=page).pack())
            for key, page in steps
            if 0 <= page < page_count
        ]
    if row.each is Each.OPEN_NOW:
        key = "button.open_now_off" if state.open_now else "button.open_now_on"
        toggled = replace(state, page=0, open_now=not state.open_now)
        return [Button(texts.text(language, key), toggled.pack())]
    if row.each is Each.TEXT_ONLY:
        key = "button.text_only_off" if state.text_only else "button.text_only_on"
        toggled = replace(state, page=0, text_only=not state.text_only)
        return [Button(texts.text(language, key), toggled.pack())]
    raise ValueError(f"unknown row kind {row.each}")  # pragma: no cover - enum is exhaustive


def _chunks(buttons: Sequence[Button], columns: int) -> Iterable[tuple[Button, ...]]:
    for start in range(0, len(buttons), columns):
        yield tuple(buttons[start : start + columns])
