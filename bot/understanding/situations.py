"""Situations: what a person may tell the bot is happening to them, and what to answer.

`conversations/situations.yaml` (staff edit it; the README shows how) lists each situation
with the phrases people use for it in every language, a short warm acknowledgement, the lines
to show first, the resource tags and categories that answer it, and whether the emergency
screen comes first. `always:` names the 24/7 lines every disclosure ends with, so a person who
tells what is happening is never answered "I could not find that".

Phrases generalise through the file's `words` (word classes a phrase names as `<harm>`) and
`interchangeable` words ("me", "her"); `exact` phrases need their little words, in order ("in
the life"); `not_emergency` excuses crisis words inside everyday phrases ("killing it"). See
lexicon.py. `questions` are what people ask about the bot itself ("is this confidential",
"will you call the police"), each opening the screen that answers it (privacy), word for word.
`telling` words ("me", "my", "estoy") mark a message that tells about someone's life: when
nothing in it is understood, the `always` lines answer it, never "I could not find that".

Checked as a whole at load, each problem at its `file:line`: unknown categories, resources and
tags (with "did you mean"), a phrase claimed by two situations, a language without phrases or
an acknowledgement, an unknown word class, a question's unknown screen or one that acts
(Erase), telling words missing a language or more than one word.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from bot.directory.catalog import Directory
from bot.directory.phrases import Lexicon, Phrase, phrase_words
from bot.directory.schema_errors import describe, did_you_mean
from bot.directory.text import NEGATIONS, words
from bot.staff_files.problems import Problem, Severity
from bot.staff_files.yaml_source import YamlDocument, YamlError, read_yaml
from bot.understanding.lexicon import (
    ClassName,
    Excused,
    LexiconChecker,
    build_lexicon,
    excused_phrases,
)

SITUATIONS_FILE = "situations.yaml"  # in conversations/
MAX_ID = 16  # a situation id rides in a button's 64 bytes
TEXT_ONLY = "text-only"  # the situation of someone who cannot talk: only text or chat lines

SituationId = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=MAX_ID)
]
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
ScreenName = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:_[a-z0-9]+)*$")]
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Situation(_Frozen):
    """One situation: how people say it, and what the bot answers."""

    id: SituationId
    emergency: bool = Field(
        default=False, description="Show the emergency screen first (danger, overdose, suicide)."
    )
    alone: bool = Field(
        default=False,
        description="Only when nothing else is understood (a bare 'help' or 'ayuda').",
    )
    general: bool = Field(
        default=False,
        description="A feeling or a need about how to reach help ('scared', 'can only text'): "
        "when a message tells more, the more specific situation answers.",
    )
    first_in_emergency: bool = Field(
        default=False,
        description="When the emergency screen comes, this answers first, unless a situation "
        "that brings it does (an overdose, a threat): a body that is hurt needs care before "
        "who did it.",
    )
    identity: bool = Field(
        default=False,
        description="Who someone is ('im a trans woman', 'native american'), with lines run "
        "for them: when a message tells a situation too, its lines come right after that "
        "situation's own, on every page of the answer.",
    )
    phrases: dict[LanguageCode, tuple[Text, ...]] = Field(
        description="What people write, per language, in any order and any inflection: "
        "'took my passport' also finds 'my passport was took'; misspellings of long words too. "
        "'<harm>' stands for any word of the word class harm (see `words`)."
    )
    exact: dict[LanguageCode, tuple[Text, ...]] = Field(
        default_factory=dict,
        description="Phrases that need every word, little ones too, in this order: "
        "'in the life' (the sex trade), never just 'life'.",
    )
    acknowledge: dict[LanguageCode, Text] = Field(
        description="One short, warm sentence shown before the lines, per language."
    )
    lines: tuple[Id, ...] = Field(
        default=(), description="Resource ids to show first, in this order (where they serve)."
    )
    for_minors: tuple[Id, ...] = Field(
        default=(),
        description="Resource ids only for people under 18 (the CyberTipline): left out of "
        "the answer when the message says its writer is an adult ('I'm 28', 'tengo 30 años').",
    )
    for_a_child: tuple[Id, ...] = Field(
        default=(),
        description="Resource ids shown right after `lines` when the message says a child is "
        "concerned ('mi hija de 13 conoció a un muchacho por tiktok', 'im 15'), on every page.",
    )
    tags: tuple[Text, ...] = Field(
        default=(), description="Resource tags (any language) that make a resource fit this."
    )
    categories: tuple[Id, ...] = Field(
        default=(), description="Categories whose resources come after the specific ones."
    )
    urgent: bool = Field(
        default=False,
        description="With a `right_now` word ('he is hitting me right now', 'me pega ahorita') "
        "the emergency screen comes first.",
    )
    outranks: tuple[SituationId, ...] = Field(
        default=(),
        description="Situations this one answers before when a message tells both, whatever "
        "explains more of it: a young person with nowhere to sleep needs the youth lines.",
    )


class SituationsFile(_Frozen):
    """conversations/situations.yaml."""

    model_config = ConfigDict(title="Situations file")

    always: tuple[Id, ...] = Field(
        description="24/7 lines every disclosure ends with, after the situation's own."
    )
    words: dict[ClassName, dict[LanguageCode, tuple[Text, ...]]] = Field(
        default_factory=dict,
        description="Word classes: a phrase word written <name> is any of these words, in "
        "any form or misspelling. One word each: 'hurt', not 'hurt badly'.",
    )
    interchangeable: dict[LanguageCode, tuple[tuple[Text, ...], ...]] = Field(
        default_factory=dict,
        description="Groups of words that stand for the first one in every phrase: "
        "[me, her, him] lets 'hits me' find 'hits her'.",
    )
    not_emergency: dict[LanguageCode, tuple[Text, ...]] = Field(
        default_factory=dict,
        description="Everyday phrases holding a crisis word that say no emergency ('killing "
        "it', 'used to be suicidal', '<chore> is killing me'), typed word for word: the crisis "
        "word inside them does not count.",
    )
    questions: dict[ScreenName, dict[LanguageCode, tuple[Text, ...]]] = Field(
        default_factory=dict,
        description="What people ask about the bot itself, by the screen that answers it: "
        "privacy: {en: [is this confidential, will you call the police]}. Found word for word "
        "(other forms of a word count), and only when the message tells no situation and asks "
        "for no kind of help.",
    )
    telling: dict[LanguageCode, tuple[Text, ...]] = Field(
        default_factory=dict,
        description="Words that show a message tells about someone's life ('me', 'my', 'he', "
        "'estoy'): when nothing in such a message is understood, it is answered with the "
        "`always` lines and 'I may not have understood', never 'I could not find that'. One "
        "word each.",
    )
    right_now: dict[LanguageCode, tuple[Text, ...]] = Field(
        default_factory=dict,
        description="Words that say it is happening as the person writes ('right now', 'rn', "
        "'ahorita'): with them, an `urgent` situation brings the emergency screen.",
    )
    safe_now: dict[LanguageCode, tuple[Text, ...]] = Field(
        default_factory=dict,
        description="Words that say the person is out of harm's way as they write ('hes at "
        "work', 'estoy bien'): with them, a `right_now` word brings no emergency screen "
        "('no me deja salir ... ahorita esta trabajando'); not after a negation ('no estoy "
        "bien'), and never against emergency words or a situation that is an emergency.",
    )
    whereabouts: dict[LanguageCode, tuple[Text, ...]] = Field(
        default_factory=dict,
        description="Words that say where someone is or was ('im at work', 'en el trabajo'): "
        "never a kind of help asked for, so a category word inside them lists nothing of its "
        "own ('im at work and my manager took my passport' asks for no job).",
    )
    situations: tuple[Situation, ...]


@dataclass(frozen=True)
class Situations:
    """The checked situations, by id, in file order (earlier ones win ties)."""

    by_id: Mapping[str, Situation] = field(default_factory=dict)
    always: tuple[str, ...] = ()
    lexicon: Lexicon = field(default_factory=Lexicon)
    not_emergency: tuple[Excused, ...] = ()  # each excusing phrase: the words of each place
    questions: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)
    telling: frozenset[str] = frozenset()  # folded, every language
    # The folded words of each `right_now` and `safe_now` text, every language, by first word.
    right_now: Mapping[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    safe_now: Mapping[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    whereabouts: Mapping[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)

    def says_right_now(self, tokens: Sequence[str]) -> bool:
        """Whether `tokens` hold one of the `right_now` words, word for word."""
        return bool(_starts(self.right_now, tokens))

    def safe_now_at(self, tokens: Sequence[str]) -> set[int]:
        """The positions of the `safe_now` words in `tokens` not right after a negation ("no
        estoy bien" is not "estoy bien")."""
        found: set[int] = set()
        for start, length in _starts(self.safe_now, tokens):
            if start == 0 or tokens[start - 1] not in NEGATIONS:
                found.update(range(start, start + length))
        return found

    def whereabouts_at(self, tokens: Sequence[str]) -> set[int]:
        """The positions of the `whereabouts` words in `tokens`."""
        return {
            p for start, n in _starts(self.whereabouts, tokens) for p in range(start, start + n)
        }

    def __iter__(self) -> Iterator[Situation]:
        return iter(self.by_id.values())

    def __len__(self) -> int:
        return len(self.by_id)

    def phrases(self) -> list[Phrase]:
        """Every situation phrase: unordered, and `exact` ones in order (see
        bot/directory/phrases.py); every question, in order."""
        found = []
        for situation in self.by_id.values():
            target = (("situation", situation.id),)
            for ordered, written in ((False, situation.phrases), (True, situation.exact)):
                found += _phrases(target, written, ordered)
        for screen, asked in self.questions.items():
            found += _phrases((("screen", screen),), asked, ordered=True)
        return found


def _phrases(
    target: tuple[tuple[str, str], ...], written: Mapping[str, tuple[str, ...]], ordered: bool
) -> list[Phrase]:
    found = []
    for language, phrases in written.items():
        for text in phrases:
            key = phrase_words(text)
            if key:
                phrase = Phrase(key, target, frozenset({language}), ordered=ordered)
                if len(key) > 1 and len(phrase.required) == 1:
                    # One word and little ones ("estoy en el puente"): the little words say
                    # what it means, so they are needed, in order ("el puente esta cerrado").
                    phrase = replace(phrase, ordered=True)
                found.append(phrase)
    return found


def load_situations(
    root: Path,
    directory: Directory,
    languages: Sequence[str],
    screens: Mapping[str, bool],
) -> tuple[Situations, list[Problem]]:
    """Read and check conversations/situations.yaml; no file means no situations. `screens`:
    the flow's screens, each with whether it acts (Erase), for the questions' checks."""
    path = root / SITUATIONS_FILE
    if not path.is_file():
        return Situations(), []
    parsed = read_yaml(path)
    if isinstance(parsed, YamlError):
        return Situations(), [Problem(Severity.ERROR, path, parsed.line, parsed.message, "syntax")]
    try:
        content = SituationsFile.model_validate(parsed.data)
    except ValidationError as exc:
        problems = [
            Problem(
                Severity.ERROR,
                path,
                parsed.line_of([p for p in error["loc"] if not str(p).endswith("]")]),
                describe(error, SituationsFile),
                "schema",
            )
            for error in exc.errors(include_url=False)
        ]
        return Situations(), problems
    checker = _Checker(path, parsed, directory, languages)
    checker.check(content, screens)
    lexicon = build_lexicon(content.words, content.interchangeable)
    situations = Situations(
        {s.id: s for s in content.situations},
        content.always,
        lexicon,
        excused_phrases(content.not_emergency, lexicon),
        content.questions,
        frozenset(w for said in content.telling.values() for t in said for w in words(t)),
        _folded(content.right_now),
        _folded(content.safe_now),
        _folded(content.whereabouts),
    )
    return situations, checker.problems


def _all(by_language: Mapping[str, tuple[str, ...]]) -> list[str]:
    return [text for said in by_language.values() for text in said]


def _folded(
    by_language: Mapping[str, tuple[str, ...]],
) -> dict[str, tuple[tuple[str, ...], ...]]:
    """The words of each text, every language, each once, filed by their first word."""
    filed: dict[str, tuple[tuple[str, ...], ...]] = {}
    for said in dict.fromkeys(tuple(words(t)) for t in _all(by_language) if words(t)):
        filed[said[0]] = (*filed.get(said[0], ()), said)
    return filed


def _starts(
    said: Mapping[str, tuple[tuple[str, ...], ...]], tokens: Sequence[str]
) -> list[tuple[int, int]]:
    """Where one of `said` begins in `tokens`, word for word, and how many words it has."""
    return [
        (i, len(words_of))
        for i, token in enumerate(tokens)
        for words_of in said.get(token, ())
        if tuple(tokens[i : i + len(words_of)]) == words_of
    ]


class _Checker:
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
        for name in ("right_now", "safe_now", "whereabouts"):
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


def situations_file_schema() -> dict[str, Any]:
    """JSON Schema for conversations/situations.yaml (editors use it to autocomplete)."""
    schema = SituationsFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["description"] = (
        "Situations and what the bot answers. Generated by `python -m bot schema`."
    )
    return schema
