"""The checked conversation (`Flow`), and the pieces read from its files on the way (`Parts`).

`load.py` reads the files into `Parts`; `checks.py` checks the whole; the engine uses `Flow`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.channels.web.texts import WEB_KEYS
from bot.flows.i18n import Translations
from bot.flows.local_line import LOCAL_LINE_KEYS
from bot.flows.models import ButtonDef, CardCode, ScreenDef, Settings
from bot.flows.resource_card import CARD_KEYS
from bot.flows.results import TEXT_KEYS as RESULTS_KEYS
from bot.staff_files.problems import Problem, Severity
from bot.staff_files.yaml_source import YamlDocument
from bot.understanding.answer_texts import ANSWER_KEYS
from bot.understanding.situations import Situations

LOCALES_DIR = "locales"  # conversations/locales/<language>.yaml
# Keys the engine itself uses, beyond those the flow names, with their placeholders.
ENGINE_KEYS: dict[str, frozenset[str]] = {
    **CARD_KEYS,
    "language_name": frozenset(),
    "results.page": frozenset({"page", "pages"}),
    "button.previous": frozenset(),
    "button.next": frozenset(),
    "button.open_now_on": frozenset(),
    "button.open_now_off": frozenset(),
    "button.text_only_on": frozenset(),
    "button.text_only_off": frozenset(),
    **dict.fromkeys(RESULTS_KEYS, frozenset()),
    "error.restart": frozenset(),  # shown by a channel when answering failed
    # The terminal's words (bot/channels/terminal.py, `python -m bot try`).
    "terminal.prompt": frozenset(),
    "terminal.erased": frozenset(),
    "terminal.bye": frozenset(),
    **WEB_KEYS,  # the web chat's page and its rewording of the bot's texts
    **ANSWER_KEYS,  # what typed text is answered with (bot/understanding/)
    **LOCAL_LINE_KEYS,  # the emergency screen with no local crisis line (local_line.py)
}


@dataclass(frozen=True)
class Flow:
    """The checked conversation: settings, buttons, screens and every language's texts."""

    settings: Settings
    buttons: Mapping[str, ButtonDef]
    screens: Mapping[str, ScreenDef]
    translations: Translations
    screen_lines: Mapping[str, tuple[Path, int | None]] = field(default_factory=dict)
    card_codes: Mapping[str, CardCode] = field(default_factory=dict)  # printed cards' codes
    situations: Situations = field(default_factory=Situations)  # conversations/situations.yaml

    @property
    def languages(self) -> tuple[str, ...]:
        return self.settings.languages


@dataclass
class Parts:
    """What the files held, with where each piece was written."""

    settings: Settings | None = None
    settings_at: tuple[Path, int | None] | None = None
    buttons: dict[str, ButtonDef] = field(default_factory=dict)
    screens: dict[str, ScreenDef] = field(default_factory=dict)
    card_codes: dict[str, CardCode] = field(default_factory=dict)
    documents: dict[str, YamlDocument] = field(default_factory=dict)  # by path
    where: dict[tuple[str, str], tuple[Path, YamlDocument]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def error(self, path: Path, line: int | None, message: str, kind: str = "flow") -> None:
        self.problems.append(Problem(Severity.ERROR, path, line, message, kind))

    def line(self, section: str, name: str, *loc: str | int) -> tuple[Path, int | None]:
        path, document = self.where[(section, name)]
        return path, document.line_of((section, name, *loc))
