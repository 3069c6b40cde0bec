"""What every hostile input must come to, shared by the Hypothesis tests here and the atheris
harnesses in fuzz/: a screen a person can use, content that serves, or problems that say
`path:line: message`."""

from __future__ import annotations

from pathlib import Path

from bot.channels.telegram.render import MAX_TEXT_LENGTH, render
from bot.content import Content, ContentResult
from bot.flows.events import Pressed, Start
from bot.flows.models import Effect, Show
from bot.flows.screen import Screen
from bot.flows.state import MAX_BYTES, unpack
from bot.staff_files.problems import Severity
from tests.fakes.bot_api.markup import parse_text, utf16_len
from tests.helpers.content import WEDNESDAY_MORNING


def assert_usable(content: Content, screen: Screen) -> None:
    """A screen in a language of ours, on a screen that exists, with text Telegram takes and
    buttons whose data round-trips within 64 bytes; Erase on every screen but Erase's; a list
    of results only for a category and a place."""
    flow = content.flow
    assert screen.state.screen in flow.screens
    assert screen.state.language in flow.settings.languages
    assert screen.text.strip()
    rendered = render(screen)
    text, _ = parse_text(rendered.html, "HTML")  # Telegram's own HTML rules: no bad markup
    assert 0 < utf16_len(text) <= MAX_TEXT_LENGTH
    for button in screen.buttons:
        assert len(button.data.encode()) <= MAX_BYTES
        state = unpack(button.data)
        assert state is not None and state.pack() == button.data
    if Effect.ERASE not in screen.effects:
        erase = flow.translations.text(screen.state.language, "button.erase")
        assert erase in [b.label for b in screen.buttons]
    if flow.screens[screen.state.screen].show is Show.RESULTS:
        assert screen.state.category is not None and screen.state.region is not None


def assert_serves(result: ContentResult) -> None:
    """Content that loaded answers the start screen and every screen one tap from it."""
    assert result.content is not None
    content = result.content
    for language in content.flow.settings.languages:
        start = content.engine.handle(Start(None, language), WEDNESDAY_MORNING)
        assert_usable(content, start)
        for button in start.buttons:
            following = content.engine.handle(Pressed(button.data, language), WEDNESDAY_MORNING)
            assert_usable(content, following)


def assert_refused_clearly(result: ContentResult, folder: Path) -> None:
    """Content that did not load says why: errors at a file under `folder` and a line inside
    it, each message one plain line."""
    assert result.content is None
    errors = result.report.errors
    assert errors, "refused without saying why"
    lines_in = {p: yaml_lines(p.read_bytes()) for p in folder.rglob("*.yaml")}
    for problem in errors:
        assert problem.severity is Severity.ERROR
        message = problem.message
        assert message.strip() and "Traceback" not in message, problem
        assert "\n" not in message and "<unicode string>" not in message, problem
        assert problem.path.is_relative_to(folder), problem
        if problem.path in lines_in:
            assert problem.line is None or 1 <= problem.line <= lines_in[problem.path], problem


def yaml_lines(data: bytes) -> int:
    """How many lines YAML sees (it also breaks lines at \\r, NEL, U+2028 and U+2029)."""
    text = data.decode("utf-8", "replace").replace("\r\n", "\n")
    return 1 + sum(text.count(c) for c in ("\n", "\r", "\x85", "\u2028", "\u2029"))
