"""The engine in a terminal: screens as text, buttons numbered, no token and no network.

Type a number to press a button, anything else to search, `q` to quit. Works the same when
stdin is a pipe (one input per line), so a session can be scripted:
`printf '1\n2\nq\n' | python -m bot try`.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Callable, Iterable
from typing import TextIO

from bot.flows.engine import Engine
from bot.flows.events import Event, Pressed, Start, Typed
from bot.flows.models import Effect
from bot.flows.screen import Screen

RULE = "─" * 60
QUIT_WORDS = frozenset({"q", "quit", "exit"})


def format_screen(screen: Screen, width: int = 72) -> str:
    """A screen as plain text, with its buttons numbered from 1."""
    lines = [RULE]
    for paragraph in screen.paragraphs:
        text = paragraph.text.upper() if paragraph.heading else paragraph.text
        for raw in text.splitlines() or [""]:
            lines += textwrap.wrap(raw, width) or [""]
        lines.append("")
    number = 0
    for row in screen.rows:
        cells = []
        for button in row:
            number += 1
            cells.append(f"[{number}] {button.label}")
        lines.append("  ".join(cells))
    return "\n".join(lines)


def run_session(
    engine: Engine,
    inputs: Iterable[str],
    output: TextIO,
    *,
    language: str | None = None,
    echo: bool = False,
    clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
) -> int:
    """Talk to the engine until the inputs run out or the person types q. Returns 0."""
    screen = engine.handle(Start(language_code=language), clock())
    _show(screen, output)
    for raw in inputs:
        entry = raw.strip()
        if echo:
            output.write(f"> {entry}\n")
        if entry.lower() in QUIT_WORDS:
            break
        if not entry:
            continue
        event = _event_for(entry, screen, language)
        screen = engine.handle(event, clock())
        _show(screen, output)
    output.write("Bye.\n")
    return 0


def _event_for(entry: str, screen: Screen, language: str | None) -> Event:
    buttons = screen.buttons
    if entry.isdigit() and 1 <= int(entry) <= len(buttons):
        return Pressed(buttons[int(entry) - 1].data, language_code=language)
    return Typed(entry, language_code=language)


def _show(screen: Screen, output: TextIO) -> None:
    if Effect.ERASE in screen.effects:
        output.write("(Erase: in Telegram, the bot now deletes this conversation's messages.)\n")
    output.write(format_screen(screen) + "\n")
    output.write("Type a number, or a few words to search (q to quit):\n")
    output.flush()
