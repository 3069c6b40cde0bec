"""Many people at once, each on a path of their own, and every screen that path must show them.

A `Journey` is one person's session (start, a category, a place, a search, maybe Erase) with
each screen it leads to worked out beforehand from the engine, at a fixed instant: so a test
can tell a person's own screen from anyone else's, and a screen from an error screen. A
`Crowd` waits for many people's replies at once: one task watches the fake's outputs and wakes
only the person a new output is for (the fake's own `wait_for_reply` wakes every waiter on
every change, which is quadratic with a thousand people waiting).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import itertools
import operator
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from types import TracebackType

from bot.channels.telegram.render import render
from bot.content import Content
from bot.flows.engine import Engine
from bot.flows.events import Pressed, Start, Typed
from bot.flows.screen import Screen
from bot.flows.state import State, unpack
from tests.fakes.bot_api.markup import parse_text, trim_text
from tests.fakes.bot_api.server import FakeBotApi, FakeUser, MessageView

# What people type: each finds something different, one brings the emergency screen.
QUERIES = (
    "lawyer",
    "abogado",
    "somewhere to sleep tonight",
    "therapist near Burien",
    "trabajo",
    "clinic",
    "estoy en peligro",
)


class StepTimeoutError(AssertionError):
    """A person did not see the screen their action leads to in time."""


@dataclass(frozen=True)
class Shown:
    """A screen as the person sees it: the text after formatting, and each button's label
    and callback data."""

    text: str
    buttons: tuple[tuple[tuple[str, str | None], ...], ...]

    @classmethod
    def of_screen(cls, screen: Screen) -> Shown:
        rendered = render(screen)
        text, _ = trim_text(*parse_text(rendered.html, "HTML"))  # as Telegram stores it
        rows = rendered.keyboard.inline_keyboard if rendered.keyboard is not None else ()
        buttons = tuple(
            tuple((button.text, _data(button.callback_data)) for button in row) for row in rows
        )
        return cls(text, buttons)

    @classmethod
    def of_view(cls, view: MessageView) -> Shown:
        buttons = tuple(
            tuple((button.text, button.callback_data) for button in row) for row in view.buttons
        )
        return cls(view.text, buttons)

    @property
    def title(self) -> str:
        return self.text.split("\n", 1)[0]


def _data(value: object) -> str | None:
    return value if isinstance(value, str) else None


@dataclass(frozen=True)
class Path:
    """What one person does: their app's language, the help and the place they pick, what
    they type, and whether they erase at the end."""

    language: str
    category: str
    region: str
    query: str
    erase: bool


def paths(content: Content, count: int) -> list[Path]:
    """`count` paths, going round every language x category x region (and every query), so
    that neighbours in the crowd never walk the same path."""
    directory = content.directory
    combos = list(
        itertools.product(
            content.flow.settings.languages,
            [c.id for c in directory.categories],
            [r.id for r in directory.regions if r.selectable],
        )
    )
    return [
        Path(language, category, region, QUERIES[i % len(QUERIES)], erase=i % 3 == 0)
        for i, (language, category, region) in zip(range(count), itertools.cycle(combos))
    ]


@dataclass(frozen=True)
class Journey:
    """A path and every screen it must show, in order, with the buttons pressed on the way."""

    path: Path
    welcome: Shown
    choose_region: Shown
    results: Shown
    search: Shown
    note: Shown | None
    category_button: str
    region_button: str
    erase_button: str

    @property
    def screens(self) -> list[Shown]:
        """Every screen the bot shows on this path, in order."""
        shown = [self.welcome, self.choose_region, self.results, self.search]
        return [*shown, self.note] if self.note is not None else shown


def journey(engine: Engine, path: Path, now: dt.datetime) -> Journey:
    """The screens `path` leads to, from the engine at `now`."""
    welcome = engine.handle(Start(None, path.language), now)
    category_button = _button(welcome, lambda s: s.category == path.category)
    choose_region = engine.handle(Pressed(category_button, path.language), now)
    region_button = _button(choose_region, lambda s: s.region == path.region)
    results = engine.handle(Pressed(region_button, path.language), now)
    search = engine.handle(Typed(path.query, path.language), now)
    erase_button = _button(search, lambda s: s.screen == "erase")
    note = engine.handle(Pressed(erase_button, path.language), now) if path.erase else None
    return Journey(
        path,
        Shown.of_screen(welcome),
        Shown.of_screen(choose_region),
        Shown.of_screen(results),
        Shown.of_screen(search),
        Shown.of_screen(note) if note is not None else None,
        category_button,
        region_button,
        erase_button,
    )


def _button(screen: Screen, wanted: Callable[[State], bool]) -> str:
    for button in screen.buttons:
        state = unpack(button.data)
        if state is not None and wanted(state):
            return button.data
    raise AssertionError(f"no such button on {screen.state}")


class Crowd:
    """Waits for the replies of many people at once, timing each action to its screen."""

    def __init__(
        self,
        fake: FakeBotApi,
        *,
        step_timeout: float = 60.0,
        same: Callable[[Shown, Shown], bool] = operator.eq,
    ) -> None:
        self.fake = fake
        self.step_timeout = step_timeout
        self.same = same  # whether a screen shown is the one expected (bench/soak.py: titles)
        self.latencies: list[float] = []
        self._seen = 0
        self._events: dict[int, asyncio.Event] = {}
        self._watcher: asyncio.Task[None] | None = None

    async def __aenter__(self) -> Crowd:
        self._watcher = asyncio.create_task(self._watch(), name="crowd-watcher")
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._watcher is not None:
            self._watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watcher

    async def _watch(self) -> None:
        world = self.fake.world
        while True:
            await world.notifier.wait_until(lambda: len(world.outputs) > self._seen, None)
            fresh = world.outputs[self._seen :]
            self._seen = len(world.outputs)
            for output in fresh:
                event = self._events.get(output.chat_id)
                if event is not None:
                    event.set()

    async def see(
        self, person: FakeUser, action: Awaitable[object], expected: Shown
    ) -> MessageView:
        """Does `action` and waits until the bot shows `expected` in this person's chat
        (sent or edited after the action); returns the message showing it. Anything else
        shown meanwhile is left for the test to judge from the chat's whole history."""
        world = self.fake.world
        event = self._events.setdefault(person.chat_id, asyncio.Event())
        mark = world.seq
        started = time.perf_counter()
        await action

        def arrived() -> MessageView | None:
            outputs = world.outputs_by_chat.get(person.chat_id, [])
            for out in outputs:
                if out.seq > mark and self.same(Shown.of_view(out.view), expected):
                    return out.view
            return None

        deadline = started + self.step_timeout
        while (seen := arrived()) is None:
            event.clear()
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise StepTimeoutError(
                    f"user {person.id} did not see {expected.title!r} within "
                    f"{self.step_timeout}s; their chat shows "
                    f"{[Shown.of_view(view).title for view in self.outputs(person)]}"
                )
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(remaining):
                    await event.wait()
        self.latencies.append(time.perf_counter() - started)
        return seen

    async def walk(self, person: FakeUser, journey: Journey) -> None:
        """The whole session: start, a category, a place, a search, maybe Erase; each
        button pressed on the message that showed it (as a person would, whatever else
        arrived meanwhile)."""
        shown = await self.see(person, person.start(), journey.welcome)
        pressed = person.press(journey.category_button, shown)
        shown = await self.see(person, pressed, journey.choose_region)
        pressed = person.press(journey.region_button, shown)
        await self.see(person, pressed, journey.results)
        shown = await self.see(person, person.send_text(journey.path.query), journey.search)
        if journey.note is not None:
            await self.see(person, person.press(journey.erase_button, shown), journey.note)

    def outputs(self, person: FakeUser) -> list[MessageView]:
        """Everything the bot sent or edited in this person's chat, oldest first."""
        return [o.view for o in self.fake.world.outputs_by_chat.get(person.chat_id, [])]


def percentile(values: list[float], fraction: float) -> float:
    """The value below which `fraction` of `values` lie (nearest rank)."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered)) - 1))
    return ordered[rank]
