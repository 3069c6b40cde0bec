"""Checking the conversation as a whole, against the directory it serves.

Unknown button targets, texts missing from a language, screens nobody can reach, dead ends,
placeholders that differ from English, deep-link words that clash with ids, and callback data
that could exceed Telegram's 64 bytes: each is an error at its `path:line`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from bot.directory.catalog import Directory
from bot.directory.schema_errors import did_you_mean
from bot.flows.card_codes import check_card_codes
from bot.flows.flow import ENGINE_KEYS, LOCALES_DIR, Flow, Parts
from bot.flows.i18n import placeholders
from bot.flows.line_checks import check_lines
from bot.flows.models import Each, EachRow, Effect, Show
from bot.flows.resource_card import LANGUAGE_NAME_PREFIX
from bot.flows.state import MAX_BYTES, MAX_PAGE, State
from bot.staff_files.problems import Problem, Severity


def _settings_line(parts: Parts, *loc: str | int) -> tuple[Path, int | None]:
    path, document = parts.where[("settings", "")]
    return path, document.line_of(("settings", *loc))


def check_flow(flow: Flow, parts: Parts, directory: Directory) -> None:
    """Add every problem of `flow` to `parts`."""
    _check_targets(flow, parts)
    _check_resources(flow, parts, directory)
    check_lines(flow, parts, directory)
    _check_languages(flow, parts)
    _check_texts(flow, parts)
    _check_graph(flow, parts)
    _check_deep_link_words(flow, parts, directory)
    _check_callback_size(flow, parts, directory)
    check_card_codes(flow, parts, directory)


def _check_targets(flow: Flow, parts: Parts) -> None:
    screens = list(flow.screens)

    def target(goto: str | None, where: tuple[Path, int | None], what: str) -> None:
        if goto is not None and goto not in flow.screens:
            parts.error(*where, f"{what}: unknown screen {goto!r}{did_you_mean(goto, screens)}")

    settings = flow.settings
    for key in ("start", "on_text", "emergency"):
        target(getattr(settings, key), _settings_line(parts, key), f"settings: {key}")
    for command, goto in settings.commands.items():
        target(goto, _settings_line(parts, "commands", command), f"settings: commands.{command}")
    for name, button in flow.buttons.items():
        target(button.goto, parts.line("buttons", name, "goto"), f"button {name!r}: goto")
    for name, screen in flow.screens.items():
        target(
            screen.when_region_known,
            parts.line("screens", name, "when_region_known"),
            f"screen {name!r}: when_region_known",
        )
        for r, row in enumerate(screen.rows):
            where = parts.line("screens", name, "rows", r)
            if isinstance(row, EachRow):
                target(row.goto, where, f"screen {name!r}: rows[{r}]")
                if row.goto is None and row.each in (Each.CATEGORY, Each.REGION, Each.LANGUAGE):
                    parts.error(
                        *where, f"screen {name!r}: rows[{r}]: 'each: {row.each}' needs a goto"
                    )
                continue
            for b, button_id in enumerate(row):
                if button_id not in flow.buttons:
                    hint = did_you_mean(button_id, list(flow.buttons))
                    parts.error(
                        *parts.line("screens", name, "rows", r, b),
                        f"screen {name!r}: rows[{r}][{b}]: unknown button {button_id!r}{hint}",
                    )
        if screen.show in (Show.RESULTS, Show.SEARCH) and screen.empty_text is None:
            parts.error(
                *parts.line("screens", name, "show"),
                f"screen {name!r}: 'show: {screen.show}' needs an empty_text for when nothing "
                "is found",
            )
        if screen.show is Show.RESOURCES and not screen.resources:
            parts.error(
                *parts.line("screens", name, "show"),
                f"screen {name!r}: 'show: resources' needs a list of resources",
            )


def _check_resources(flow: Flow, parts: Parts, directory: Directory) -> None:
    known = directory.resource_by_id

    def check(resource_id: str, where: tuple[Path, int | None], what: str) -> None:
        resource = known.get(resource_id)
        if resource is None:
            hint = did_you_mean(resource_id, list(known))
            parts.error(*where, f"{what}: unknown resource {resource_id!r}{hint}")
        elif not resource.is_active:
            parts.error(
                *where,
                f"{what}: resource {resource_id!r} is {resource.status}: "
                "reactivate it or remove it from the flow",
            )

    for i, resource_id in enumerate(flow.settings.fallback_resources):
        check(
            resource_id,
            _settings_line(parts, "fallback_resources", i),
            "settings: fallback_resources",
        )
    for category, ids in flow.settings.category_fallbacks.items():
        for i, resource_id in enumerate(ids):
            check(
                resource_id,
                _settings_line(parts, "category_fallbacks", category, i),
                f"settings: category_fallbacks.{category}",
            )
    for name, screen in flow.screens.items():
        for i, pick in enumerate(screen.resources):
            if isinstance(pick, str):  # a {tag: ...} pick is checked by line_checks
                check(
                    pick,
                    parts.line("screens", name, "resources", i),
                    f"screen {name!r}: resources[{i}]",
                )


def _check_languages(flow: Flow, parts: Parts) -> None:
    settings = flow.settings
    locales = flow.translations.locales
    if settings.default_language not in settings.languages:
        parts.error(
            *_settings_line(parts, "default_language"),
            f"settings: default_language {settings.default_language!r} is not in languages",
        )
    for i, language in enumerate(settings.languages):
        if language not in locales:
            parts.error(
                *_settings_line(parts, "languages", i),
                f"settings: languages[{i}]: no locale file {LOCALES_DIR}/{language}.yaml",
            )
        if not settings.emergency_words.get(language):
            parts.error(
                *_settings_line(parts, "emergency_words"),
                f"settings: emergency_words: no words for {language!r}; "
                "every language needs its emergency words",
            )


def _used_keys(flow: Flow, parts: Parts) -> dict[str, tuple[Path, int | None]]:
    """Every text key the flow and the engine use, with where it is used."""
    used: dict[str, tuple[Path, int | None]] = {}
    for name, button in flow.buttons.items():
        used.setdefault(button.label, parts.line("buttons", name, "label"))
    for name, screen in flow.screens.items():
        for key in ("title", "text", "empty_text", "text_only_text"):
            value = getattr(screen, key)
            if value is not None:
                used.setdefault(value, parts.line("screens", name, key))
    settings_at = parts.settings_at or (Path("conversations"), None)
    for key in ENGINE_KEYS:
        used.setdefault(key, settings_at)
    for language in flow.settings.languages:
        used.setdefault(LANGUAGE_NAME_PREFIX + language, settings_at)
    for command in flow.settings.commands:  # a channel's command menu describes each one
        used.setdefault(f"commands.{command}", _settings_line(parts, "commands", command))
    return used


def _check_texts(flow: Flow, parts: Parts) -> None:
    locales = flow.translations.locales
    english = locales.get(flow.settings.default_language)
    used = _used_keys(flow, parts)
    for key, where in used.items():
        for language in flow.settings.languages:
            locale = locales.get(language)
            if locale is not None and key not in locale.texts:
                parts.error(*where, f"text {key!r} is missing from {locale.path.name}")
    if english is None:
        return
    for key, required in ENGINE_KEYS.items():
        template = english.texts.get(key)
        if template is not None and not required <= _safe_placeholders(template):
            missing = ", ".join(sorted(required - _safe_placeholders(template)))
            parts.error(english.path, english.line(key), f"{key}: must use {{{missing}}}")
    for locale in locales.values():
        for key, template in locale.texts.items():
            try:
                names = placeholders(template)
            except ValueError:
                parts.error(locale.path, locale.line(key), f"{key}: unbalanced {{ or }}")
                continue
            if locale is english:
                continue
            reference = english.texts.get(key)
            if reference is None:
                parts.problems.append(
                    Problem(
                        Severity.WARNING,
                        locale.path,
                        locale.line(key),
                        f"{key}: not in {english.path.name}, so never shown",
                        "unused-text",
                    )
                )
                continue
            expected = _safe_placeholders(reference)
            if names != expected:
                parts.error(
                    locale.path,
                    locale.line(key),
                    f"{key}: placeholders {_braces(names)} do not match "
                    f"English {_braces(expected)}",
                )


def _safe_placeholders(template: str) -> frozenset[str]:
    try:
        return placeholders(template)
    except ValueError:
        return frozenset()


def _braces(names: Iterable[str]) -> str:
    return ", ".join("{" + n + "}" for n in sorted(names)) or "none"


def edges(flow: Flow, name: str) -> list[str]:
    """Screens reachable from `name` in one step."""
    screen = flow.screens[name]
    targets: list[str] = []
    if screen.when_region_known:
        targets.append(screen.when_region_known)
    for row in screen.rows:
        if isinstance(row, EachRow):
            targets.append(row.goto or name)
        else:
            targets += [flow.buttons[b].goto for b in row if b in flow.buttons]
    return [t for t in targets if t in flow.screens]


def _reachable(flow: Flow, roots: Iterable[str], step: dict[str, list[str]]) -> set[str]:
    seen: set[str] = set()
    todo = [r for r in roots if r in flow.screens]
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo += step.get(current, [])
    return seen


def _check_graph(flow: Flow, parts: Parts) -> None:
    settings = flow.settings
    forward = {name: edges(flow, name) for name in flow.screens}
    backward: dict[str, list[str]] = {name: [] for name in flow.screens}
    for source, targets in forward.items():
        for t in targets:
            backward[t].append(source)
    # Typed text, emergency words, commands and questions are ways in from the start too.
    entries = [settings.start, settings.on_text, settings.emergency, *settings.commands.values()]
    entries += list(flow.situations.questions)
    reachable = _reachable(flow, entries, forward)
    leads_home = _reachable(flow, [settings.start], backward)
    erase_screens = {n for n, s in flow.screens.items() if Effect.ERASE in s.effects}
    if not erase_screens:
        parts.error(
            *(parts.settings_at or (Path("conversations"), None)),
            "no screen has 'effects: [erase]': people must always be able to erase the chat",
        )
    for name in flow.screens:
        where = parts.line("screens", name)
        if name not in reachable:
            parts.error(*where, f"screen {name!r} cannot be reached from {settings.start!r}")
        if name not in leads_home:
            parts.error(*where, f"screen {name!r} is a dead end: no way back to {settings.start!r}")
        if name not in erase_screens and not erase_screens & set(forward[name]):
            parts.error(*where, f"screen {name!r} has no Erase button")


def _check_deep_link_words(flow: Flow, parts: Parts, directory: Directory) -> None:
    # A deep-link word must mean one thing: category, region, language or command.
    kinds = {
        "category": set(directory.category_by_id),
        "region": set(directory.region_by_id),
        "language": set(flow.settings.languages),
    }
    for command in flow.settings.commands:
        for kind, words in kinds.items():
            if command in words:
                parts.error(
                    *_settings_line(parts, "commands", command),
                    f"settings: commands.{command}: also a {kind} id, so deep links would be "
                    "ambiguous",
                )
    for language in flow.settings.languages:
        for kind in ("category", "region"):
            if language in kinds[kind]:
                parts.error(
                    *_settings_line(parts, "languages"),
                    f"settings: languages: {language!r} is also a {kind} id",
                )


def _check_callback_size(flow: Flow, parts: Parts, directory: Directory) -> None:
    """Every state a button can carry must fit Telegram's 64 bytes; check the longest."""
    longest_category = max((c.id for c in directory.categories), key=len, default="")
    longest_region = max((r.id for r in directory.regions), key=len, default="")
    # Only the answer to typed text carries a situation in its buttons (its pages).
    longest_situation = max(flow.situations.by_id, key=len, default="") or None
    carrying = {flow.settings.on_text}
    for name in flow.screens:
        state = State(
            screen=name,
            language="xx",
            category=longest_category or None,
            region=longest_region or None,
            page=MAX_PAGE,
            open_now=True,
            text_only=True,
            situation=longest_situation if name in carrying else None,
        )
        size = len(state.pack().encode())
        if size > MAX_BYTES:
            parts.error(
                *parts.line("screens", name),
                f"screen {name!r}: its buttons' data can reach {size} bytes (category "
                f"{longest_category!r}, region {longest_region!r}); Telegram allows {MAX_BYTES}: "
                "shorten the screen name or those ids",
            )
