"""A screen's buttons, each carrying the packed `State` it leads to.

They follow from the state alone (and, for paging, from how many pages its screen has), so
`Buttons` makes each state's rows once per content and keeps them: building a row of categories
is a dozen states packed (bench/results/updates-engine.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from bot.directory.catalog import Directory
from bot.flows.flow import Flow
from bot.flows.models import Each, EachRow, ScreenDef
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
        self.flow = flow
        self.directory = directory
        self._made: dict[tuple[State, int], Rows] = {}

    def rows(self, definition: ScreenDef, state: State, page_count: int) -> Rows:
        """The rows of `definition`, the screen `state` is on."""
        key = (state, page_count)
        rows = self._made.get(key)
        if rows is None:
            if len(self._made) >= ROWS_KEPT:  # all of them will not fit: start again
                self._made.clear()
            rows = self._made[key] = tuple(self._rows(definition, state, page_count))
        return rows

    def _rows(
        self, definition: ScreenDef, state: State, page_count: int
    ) -> Iterable[tuple[Button, ...]]:
        language = state.language
        values = placeholder_values(self.directory, state)
        for row in definition.rows:
            if isinstance(row, EachRow):
                yield from _chunks(self._each(row, state, page_count), row.columns)
                continue
            buttons = []
            for button_id in row:
                button = self.flow.buttons[button_id]
                target = state.to(button.goto, **dict.fromkeys(button.forget))
                label = self.flow.translations.text(language, button.label, **values)
                buttons.append(Button(label, target.pack()))
            yield tuple(buttons)

    def _each(self, row: EachRow, state: State, page_count: int) -> list[Button]:
        language = state.language
        goto = row.goto or state.screen
        directory = self.directory
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
            return [
                Button(r.label.text(language), state.to(goto, region=r.id).pack()) for r in regions
            ]
        if row.each is Each.LANGUAGE:
            return [
                Button(
                    self.flow.translations.text(code, "language_name"),
                    state.to(goto, language=code).pack(),
                )
                for code in self.flow.settings.languages
            ]
        if row.each is Each.PAGE:
            steps = [("button.previous", state.page - 1), ("button.next", state.page + 1)]
            return [
                Button(self._text(language, key), replace(state, page=page).pack())
                for key, page in steps
                if 0 <= page < page_count
            ]
        if row.each is Each.OPEN_NOW:
            key = "button.open_now_off" if state.open_now else "button.open_now_on"
            toggled = replace(state, page=0, open_now=not state.open_now)
            return [Button(self._text(language, key), toggled.pack())]
        if row.each is Each.TEXT_ONLY:
            key = "button.text_only_off" if state.text_only else "button.text_only_on"
            toggled = replace(state, page=0, text_only=not state.text_only)
            return [Button(self._text(language, key), toggled.pack())]
        raise ValueError(f"unknown row kind {row.each}")  # pragma: no cover - enum is exhaustive

    def _text(self, language: str, key: str) -> str:
        return self.flow.translations.text(language, key)


def _chunks(buttons: Sequence[Button], columns: int) -> Iterable[tuple[Button, ...]]:
    for start in range(0, len(buttons), columns):
        yield tuple(buttons[start : start + columns])
