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

The file's model is situations_file.py, its checks as a whole (each problem at its
`file:line`) situations_checks.py; this module loads it into what messages are read with.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from pydantic import ValidationError

from bot.directory.catalog import Directory
from bot.directory.phrases import Lexicon, Phrase, phrase_words
from bot.directory.schema_errors import describe
from bot.directory.text import NEGATIONS, words
from bot.staff_files.problems import Problem, Severity
from bot.staff_files.yaml_source import YamlError, read_yaml
from bot.understanding.lexicon import Excused, build_lexicon, excused_phrases
from bot.understanding.situations_checks import SituationsChecker
from bot.understanding.situations_file import Situation, SituationsFile

SITUATIONS_FILE = "situations.yaml"  # in conversations/
TEXT_ONLY = "text-only"  # the situation of someone who cannot talk: only text or chat lines
UNTIL = frozenset({"hasta", "until", "till", "til"})  # "until right now" is no "right now"
FIRST_PERSON = frozenset({"me", "my", "myself", "mine", "mi", "mis", "conmigo"})  # done to me


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
    for_someone_served: Mapping[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)

    def says_right_now(self, tokens: Sequence[str]) -> bool:
        """Whether `tokens` hold one of the `right_now` words, word for word, not as the end of
        a time gone by ("nunca se lo conté a nadie hasta ahorita": until now)."""
        return any(
            start == 0 or tokens[start - 1] not in UNTIL
            for start, _ in _starts(self.right_now, tokens)
        )

    def safe_now_at(self, tokens: Sequence[str]) -> set[int]:
        """The positions of the `safe_now` words in `tokens` not right after a negation ("no
        estoy bien" is not "estoy bien")."""
        found: set[int] = set()
        for start, length in _starts(self.safe_now, tokens):
            if start == 0 or tokens[start - 1] not in NEGATIONS:
                found.update(range(start, start + length))
        return found

    def for_someone_served_in(self, tokens: Sequence[str]) -> bool:
        """Whether `tokens` say the writer asks for a person they serve, word for word, and
        tell nothing done to themselves ("im a case manager and my husband hits me" is her
        own story)."""
        return bool(_starts(self.for_someone_served, tokens)) and FIRST_PERSON.isdisjoint(tokens)

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
    checker = SituationsChecker(path, parsed, directory, languages)
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
        _folded(content.for_someone_served),
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
