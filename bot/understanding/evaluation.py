"""The evaluation: a table of real-world messages run through the engine, scored per situation.

Each row of tests/understanding/cases.yaml is a message as someone might type it and what a
right answer must contain: the situation understood (one of several may do), whether the
emergency screen comes first, the category and region, resources that must or must not be in
the answer (all its pages, followed through "More" as a person would), the first one, words the
answer must say. A row passes when everything it names holds. `python -m bot evaluate` prints
the score per situation and every failure; tests/understanding/test_cases.py requires every
crisis and disclosure row to pass and 95% overall.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, TypeAdapter

from bot.flows.engine import Engine
from bot.flows.events import Pressed, Typed
from bot.flows.screen import Outcome, Screen
from bot.flows.state import State
from bot.staff_files.yaml_source import YamlError, read_yaml

Kind = Literal["crisis", "disclosure", "need", "place", "not-emergency", "short", "other"]
MUST_PASS: frozenset[str] = frozenset({"crisis", "disclosure"})
MAX_PAGES = 12  # "More" is followed at most this often
NOW = dt.datetime(2026, 11, 25, 18, 30, tzinfo=dt.UTC)  # a Wednesday, 10:30 in Seattle
OneOrMore = str | list[str]


class Case(BaseModel):
    """One message and what a right answer to it contains."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: Annotated[str, StringConstraints(min_length=1)]
    kind: Kind
    app_language: str | None = Field(default=None, description="The app's language code.")
    situation: OneOrMore | None = Field(default=None, description="'none': no situation.")
    emergency: bool | None = None
    category: str | None = None
    region: str | None = Field(default=None, description="'none': no region.")
    language: str | None = None
    lines: tuple[str, ...] = ()  # must be in the answer
    first: OneOrMore | None = None  # the first resource shown is one of these
    not_lines: tuple[str, ...] = ()  # must not be in the answer
    says: tuple[str, ...] = ()  # words the answer's text must contain
    # False: "could not find" is right; by default it is wrong except for kinds other and
    # not-emergency (where only the emergency screen matters)
    found: bool | None = None
    note: str | None = None


@dataclass(frozen=True)
class Result:
    case: Case
    failures: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.failures

    @property
    def group(self) -> str:
        """The situation the row is about, else its kind."""
        situation = self.case.situation
        if isinstance(situation, list):
            situation = situation[0]
        return situation if situation and situation != "none" else f"({self.case.kind})"


@dataclass
class Evaluation:
    results: list[Result] = field(default_factory=list)

    @property
    def score(self) -> float:
        return sum(r.passed for r in self.results) / len(self.results) if self.results else 0.0

    def failed(self, kinds: Iterable[str] | None = None) -> list[Result]:
        wanted = set(kinds) if kinds is not None else None
        return [
            r for r in self.results if not r.passed and (wanted is None or r.case.kind in wanted)
        ]

    def by_group(self) -> dict[str, tuple[int, int]]:
        groups: defaultdict[str, list[bool]] = defaultdict(list)
        for result in self.results:
            groups[result.group].append(result.passed)
        return {g: (sum(p), len(p)) for g, p in sorted(groups.items())}

    def report(self, *, failures: bool = True) -> str:
        lines = [f"{'situation / kind':<24} passed"]
        for group, (passed, total) in self.by_group().items():
            lines.append(f"{group:<24} {passed:>3}/{total:<3} {100 * passed / total:5.1f}%")
        total = len(self.results)
        passed = sum(r.passed for r in self.results)
        lines.append(f"{'all':<24} {passed:>3}/{total:<3} {100 * self.score:5.1f}%")
        if failures:
            for result in self.failed():
                lines.append(f"\nFAIL [{result.case.kind}] {result.case.text!r}")
                lines += [f"  - {f}" for f in result.failures]
        return "\n".join(lines)


def load_cases(path: Path) -> list[Case]:
    parsed = read_yaml(path)
    if isinstance(parsed, YamlError):
        raise ValueError(f"{path}:{parsed.line}: {parsed.message}")
    return TypeAdapter(list[Case]).validate_python(parsed.data)


def evaluate(engine: Engine, cases: Sequence[Case]) -> Evaluation:
    return Evaluation([check(engine, case) for case in cases])


def answer(engine: Engine, case: Case) -> tuple[Screen, list[str], str]:
    """The first screen, every resource of the answer (following "More"), and all its text."""
    screen = engine.handle(Typed(case.text, case.app_language), NOW)
    listed = list(screen.listed)
    text = screen.text
    current = screen
    more = engine.flow.translations.text(screen.state.language, "button.next")
    for _ in range(MAX_PAGES):
        button = next((b for b in current.buttons if b.label == more), None)
        if button is None:
            break
        current = engine.handle(Pressed(button.data), NOW)
        listed += [r for r in current.listed if r not in listed]
        text += "\n\n" + current.text
    return screen, listed, text


def check(engine: Engine, case: Case) -> Result:
    screen, listed, text = answer(engine, case)
    state = screen.state
    failures: list[str] = []
    emergency = screen.outcome is Outcome.EMERGENCY
    if case.emergency is not None and emergency != case.emergency:
        failures.append(
            "no emergency screen, one was expected"
            if case.emergency
            else "the emergency screen came, none was expected"
        )
    wanted = _many(case.situation)
    if wanted and (state.situation or "none") not in wanted:
        failures.append(f"situation {state.situation!r}, expected {' or '.join(wanted)}")
    if case.category is not None and case.category not in _categories(engine, state):
        failures.append(f"category {state.category!r}, expected {case.category!r}")
    if case.region is not None and (state.region or "none") != case.region:
        failures.append(f"region {state.region!r}, expected {case.region!r}")
    if case.language is not None and state.language != case.language:
        failures.append(f"language {state.language!r}, expected {case.language!r}")
    found = case.found if case.found is not None else case.kind not in ("other", "not-emergency")
    if found and screen.outcome is Outcome.SEARCH_EMPTY:
        failures.append("answered with 'could not find'")
    elif found and screen.outcome is Outcome.NOT_UNDERSTOOD:
        failures.append("not understood (answered with the always-on lines)")
    shown = screen.listed if emergency else listed  # the emergency screen is all there is
    failures += [f"{r} not in the answer" for r in case.lines if r not in shown]
    failures += [f"{r} should not be in the answer" for r in case.not_lines if r in listed]
    firsts = _many(case.first)
    if firsts and (not screen.listed or screen.listed[0] not in firsts):
        first = screen.listed[0] if screen.listed else None
        failures.append(f"first is {first!r}, expected {' or '.join(firsts)}")
    failures += [f"does not say {w!r}" for w in case.says if w.casefold() not in text.casefold()]
    return Result(case, tuple(failures))


def _categories(engine: Engine, state: State) -> set[str]:
    """The category asked for, and those the situation understood lists."""
    situation = engine.flow.situations.by_id.get(state.situation or "")
    return {state.category or "", *(situation.categories if situation else ())}


def _many(value: OneOrMore | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)
