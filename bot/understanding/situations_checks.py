"""The checks of `conversations/situations.yaml` as a whole, each problem at its `file:line`:
unknown categories, resources and tags (with "did you mean"), a phrase claimed by two
situations, a language without phrases or an acknowledgement, an unknown word class, a
question's unknown screen or one that acts (Erase), telling words missing a language or more
than one word."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from bot.directory.catalog import Directory
from bot.directory.phrases import Phrase, phrase_words
from bot.directory.schema_errors import did_you_mean
from bot.directory.text import words
from bot.staff_files.problems import Problem, Severity
from bot.staff_files.yaml_source import YamlDocument
from bot.understanding.lexicon import LexiconChecker
from bot.understanding.situations_file import SituationsFile


class SituationsChecker:
    """Checks situations.yaml as a whole, each problem at its line (see situations.py)."""

    def __init__(
        self, path: Path, document: YamlDocument, directory: Directory, languages: Sequence[str]
    ) -> None:
        self.path = path
        self.document = document
        self.directory = directory
        self.languages = languages
        self.problems: list[Problem] = []
        distinct: set[str] = set()
        for resource in directory.resources:
            if resource.is_active:
                for _, terms in resource.tags.items():
                    distinct.update(terms)
        self.tags = {" ".join(words(tag)) for tag in distinct}  # each distinct term folded once

    def error(self, loc: Sequence[str | int], message: str, kind: str = "situations") -> None:
        line = self.document.line_of(loc)
        self.problems.append(Problem(Severity.ERROR, self.path, line, message, kind))

    def check(self, content: SituationsFile, screens: Mapping[str, bool]) -> None:
        lexicon = LexiconChecker(self.error, content.words)
        lexicon.check(content.interchangeable, content.not_emergency)
        for i, resource_id in enumerate(content.always):
            self._resource(("always", i), resource_id, "always")
        seen: dict[str, int] = {}
        claimed: dict[tuple[str | bool, ...], tuple[str, int | None]] = {}
        for n, situation in enumerate(content.situations):
            where = ("situations", n)
            name = f"situation {situation.id}"
            if situation.id in seen:
                first = self.document.line_of(("situations", seen[situation.id]))
                self.error((*where, "id"), f"{name}: id already used at line {first}")
            seen.setdefault(situation.id, n)
            for language in self.languages:
                if not situation.phrases.get(language):
                    self.error((*where, "phrases"), f"{name}: no phrases in {language!r}")
                if language not in situation.acknowledge:
                    self.error(
                        (*where, "acknowledge"), f"{name}: no acknowledgement in {language!r}"
                    )
            for field_name in ("lines", "for_minors", "for_a_child"):
                for i, resource_id in enumerate(getattr(situation, field_name)):
                    self._resource((*where, field_name, i), resource_id, f"{name}: {field_name}")
            for i, category in enumerate(situation.categories):
                if category not in self.directory.category_by_id:
                    hint = did_you_mean(category, list(self.directory.category_by_id))
                    self.error(
                        (*where, "categories", i), f"{name}: unknown category {category!r}{hint}"
                    )
            others = [s.id for s in content.situations if s.id != situation.id]
            for i, other_id in enumerate(situation.outranks):
                if other_id not in others:
                    hint = did_you_mean(other_id, others)
                    self.error(
                        (*where, "outranks", i),
                        f"{name}: outranks: no other situation is {other_id!r}{hint}",
                    )
            for i, tag in enumerate(situation.tags):
                if " ".join(words(tag)) not in self.tags:
                    hint = did_you_mean(tag, sorted(self.tags))
                    self.error(
                        (*where, "tags", i), f"{name}: no active resource has the tag {tag!r}{hint}"
                    )
            for field_name, ordered in (("phrases", False), ("exact", True)):
                written: dict[str, tuple[str, ...]] = getattr(situation, field_name)
                for language, phrases in written.items():
                    for i, text in enumerate(phrases):
                        loc = (*where, field_name, language, i)
                        lexicon.phrase(loc, name, text)
                        key = _phrase_key(text, ordered)
                        if not key:
                            self.error(loc, f"{name}: phrase {text!r} has no words")
                            continue
                        line = self.document.line_of(loc)
                        other = claimed.setdefault(key, (situation.id, line))
                        if other[0] != situation.id:
                            self.error(
                                loc,
                                f"{name}: phrase {text!r} is already situation {other[0]}'s "
                                f"(line {other[1]}); a phrase must mean one situation",
                            )
        self._questions(content, screens, claimed, lexicon)
        self._telling(content.telling)
        for name in ("right_now", "safe_now", "whereabouts", "for_someone_served"):
            said = getattr(content, name)
            for language in self.languages if said else ():
                if not said.get(language):
                    self.error((name,), f"{name}: no words in {language!r}")

    def _telling(self, telling: Mapping[str, tuple[str, ...]]) -> None:
        """Every language has telling words (if any has), one word each."""
        for language in self.languages if telling else ():
            if not telling.get(language):
                self.error(("telling",), f"telling: no words in {language!r}")
        for language, said in telling.items():
            for i, text in enumerate(said):
                if len(words(text)) != 1:
                    self.error(("telling", language, i), f"telling: {text!r} is not one word")

    def _questions(
        self,
        content: SituationsFile,
        screens: Mapping[str, bool],
        claimed: dict[tuple[str | bool, ...], tuple[str, int | None]],
        lexicon: LexiconChecker,
    ) -> None:
        """Each question's screen exists and only shows (a typed question never erases),
        speaks every language, and no phrase of it is a situation's or another question's."""
        for screen, asked in content.questions.items():
            where: tuple[str, ...] = ("questions", screen)
            if screen not in screens:
                hint = did_you_mean(screen, sorted(screens))
                self.error(where, f"questions: unknown screen {screen!r}{hint}")
            elif screens[screen]:
                self.error(where, f"questions: screen {screen!r} acts (Erase): only show one")
            for language in self.languages:
                if not asked.get(language):
                    self.error(where, f"questions: {screen}: no phrases in {language!r}")
            for language, phrases in asked.items():
                for i, text in enumerate(phrases):
                    loc: tuple[str | int, ...] = (*where, language, i)
                    lexicon.phrase(loc, f"questions: {screen}", text)
                    key = _phrase_key(text, ordered=True)
                    if not key:
                        self.error(loc, f"questions: {screen}: phrase {text!r} has no words")
                        continue
                    owner = f"screen:{screen}"
                    other = claimed.setdefault(key, (owner, self.document.line_of(loc)))
                    if other[0] != owner:
                        self.error(
                            loc,
                            f"questions: {screen}: phrase {text!r} is already "
                            f"{other[0].removeprefix('screen:')}'s (line {other[1]})",
                        )

    def _resource(self, loc: Sequence[str | int], resource_id: str, what: str) -> None:
        resource = self.directory.resource_by_id.get(resource_id)
        if resource is None:
            hint = did_you_mean(resource_id, list(self.directory.resource_by_id))
            self.error(loc, f"{what}: unknown resource {resource_id!r}{hint}")
        elif not resource.is_active:
            self.error(loc, f"{what}: resource {resource_id!r} is {resource.status}")


def _phrase_key(text: str, ordered: bool = False) -> tuple[str | bool, ...]:
    """Phrases that match the same messages have the same key (word order does not count,
    except in an exact phrase)."""
    phrase = Phrase(phrase_words(text), (), frozenset(), ordered=ordered)
    if not phrase.words:
        return ()
    return (ordered, *(phrase.words if ordered else sorted(phrase.required)))
