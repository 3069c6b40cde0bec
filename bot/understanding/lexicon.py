"""The vocabulary that lets a few phrases understand many messages, from situations.yaml.

- **Word classes** (`words:`): `harm: {en: [hurt, kill, beat, ...], es: [lastimar, matar, ...]}`.
  A phrase word written `<harm>` is any word of the class, in any form or misspelling, so one
  phrase, "<will> <harm> my <family>", reads "he said hell kill my kids", "gonna hurt my mom"
  and "va a lastimar a mis hijos". Staff add a word to a class once, and every phrase using
  it follows.
- **Interchangeable words** (`interchangeable:`): `[me, her, him, them]` lets "her", "him",
  "them" stand for "me" in every phrase: "he hits her" is read as "he hits me", so a friend's
  or a sister's story is understood like the person's own.
- **Not emergencies** (`not_emergency:`): everyday phrases holding a crisis word ("killing
  it", "used to be suicidal"), typed word for word; a word class stands for any of its words
  as written ("<chore> is killing me": "this job is killing me", "my back is killing me").
  Only the crisis word inside such a phrase is excused; any other crisis word in the message
  still brings the emergency screen.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import Annotated

from pydantic import StringConstraints

from bot.directory.phrases import Lexicon, class_token, phrase_words
from bot.directory.schema_errors import did_you_mean
from bot.directory.text import words

ClassName = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
Written = Mapping[str, Sequence[str]]  # language -> what staff wrote


def build_lexicon(
    classes: Mapping[str, Written], interchangeable: Mapping[str, Sequence[Sequence[str]]]
) -> Lexicon:
    """The matcher's lexicon from the file's `words` and `interchangeable` (checked first)."""
    members = {
        class_token(name): tuple(
            (language, word)
            for language, written in by_language.items()
            for text in written
            for word in words(text)[:1]
        )
        for name, by_language in classes.items()
    }
    standing_for: dict[str, list[str]] = {}
    for groups in interchangeable.values():
        for group in groups:
            folded = [w for text in group for w in words(text)[:1]]
            for word in folded[1:]:
                standing_for.setdefault(word, []).append(folded[0])
    return Lexicon(members, {w: tuple(dict.fromkeys(o)) for w, o in standing_for.items()})


Excused = tuple[frozenset[str], ...]  # a not_emergency phrase: the words each place may be


def excused_phrases(not_emergency: Written, lexicon: Lexicon) -> tuple[Excused, ...]:
    """Every `not_emergency` phrase as the folded words each of its places may be (a word
    class: any of its words)."""
    found = []
    for phrases in not_emergency.values():
        for text in phrases:
            places = tuple(
                frozenset(w for _, w in lexicon.classes.get(word, ())) or frozenset({word})
                for word in phrase_words(text)
            )
            if places:
                found.append(places)
    return tuple(found)


class Excuses:
    """The `not_emergency` phrases, filed by the words their first place may be."""

    def __init__(self, phrases: Sequence[Excused]) -> None:
        self._starting_with: defaultdict[str, list[Excused]] = defaultdict(list)
        for phrase in phrases:
            for word in phrase[0]:
                self._starting_with[word].append(phrase)

    def positions(self, tokens: Sequence[str]) -> set[int]:
        """The positions of `tokens` inside a `not_emergency` phrase, typed word for word."""
        found: set[int] = set()
        for start, token in enumerate(tokens):
            for phrase in self._starting_with.get(token, ()):
                end = start + len(phrase)
                following = zip(tokens[start + 1 : end], phrase[1:], strict=False)
                if end <= len(tokens) and all(typed in place for typed, place in following):
                    found.update(range(start, end))
        return found


class LexiconChecker:
    """Checks the lexicon's parts, and the word classes each phrase names, at file:line."""

    def __init__(
        self,
        error: Callable[[Sequence[str | int], str], None],
        classes: Mapping[str, Written],
    ) -> None:
        self._error = error
        self._classes = classes

    def check(
        self, interchangeable: Mapping[str, Sequence[Sequence[str]]], not_emergency: Written
    ) -> None:
        for name, by_language in self._classes.items():
            if not any(by_language.values()):
                self._error(("words", name), f"word class {name}: no words")
            for language, written in by_language.items():
                for i, text in enumerate(written):
                    self._one_word(("words", name, language, i), f"word class {name}", text)
        for language, groups in interchangeable.items():
            for g, group in enumerate(groups):
                where = ("interchangeable", language, g)
                if len(group) < 2:
                    self._error(where, "interchangeable: a group needs two words or more")
                for i, text in enumerate(group):
                    self._one_word((*where, i), "interchangeable", text)
        for language, phrases in not_emergency.items():
            for i, text in enumerate(phrases):
                loc = ("not_emergency", language, i)
                if not phrase_words(text):
                    self._error(loc, f"phrase {text!r} has no words")
                self.phrase(loc, "not_emergency", text)

    def phrase(self, loc: Sequence[str | int], owner: str, text: str) -> None:
        """The word classes `text` names must exist."""
        for word in phrase_words(text):
            if word.startswith("<") and word[1:-1] not in self._classes:
                hint = did_you_mean(word[1:-1], list(self._classes))
                self._error(loc, f"{owner}: phrase {text!r} names no word class {word}{hint}")

    def _one_word(self, loc: Sequence[str | int], owner: str, text: str) -> None:
        found = words(text)
        if len(found) != 1:
            self._error(
                loc,
                f"{owner}: {text!r} is not one word; write longer phrases in a situation",
            )
