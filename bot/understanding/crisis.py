"""Crisis words: the words and phrases that bring the emergency screen before anything else.

They come from the flow's `emergency_words` and are found as whole words, with or without
accents, in any case. Those that only state a condition ("danger", "en peligro",
"suicidal": text.NEGATABLE) do not count right after a negation: "I'm not in danger, I need
a lawyer" is a request for a lawyer. Phrases that carry their own negation ("no quiero
vivir") always count, and so does everything else: a false alarm costs a screen, a missed one
can cost a life. Two exceptions, both about other people or other meanings, never about the
person's own wish to die: nobody doing it ("no one is hurting me"), and a crisis word inside an
everyday phrase staff list in situations.yaml's `not_emergency` ("killing it at work").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence

from bot.directory.text import NEGATABLE, NEGATIONS, denied, fold, held_letters_once, negated

_WORDS = re.compile(r"\w+")
# Between the words of an excusing phrase: a space, and quote marks ("what mean 'overdose'?").
_SPACE = r"""[\s'"‘’“”«»]+"""


class CrisisWords:
    """Recognises emergency words and phrases in any language, as whole words."""

    def __init__(
        self,
        words: Mapping[str, Sequence[str]],
        excused: Iterable[Sequence[Collection[str]]] = (),
    ) -> None:
        # Each excusing phrase: the words each of its places may be ("<chore> is killing me").
        self._excused = [
            re.compile(
                r"(?<!\w)"
                + _SPACE.join("(?:" + "|".join(map(re.escape, sorted(p))) + ")" for p in phrase)
                + r"(?!\w)"
            )
            for phrase in excused
            if phrase
        ]
        self._patterns = [
            (
                language,
                _negatable(word),
                re.compile(r"(?<!\w)" + re.escape(_normal(word)) + r"(?!\w)"),
                frozenset(_WORDS.findall(_normal(word))),
            )
            for language, phrases in words.items()
            for word in phrases
        ]
        # Whole words are found only where each of their words was typed whole: a pattern is
        # tried only when its words are among the message's (filed by one of them).
        self._filed: defaultdict[str, list[int]] = defaultdict(list)
        self._wordless: list[int] = []
        for number, (_, _, _, needed) in enumerate(self._patterns):
            if needed:
                self._filed[min(needed)].append(number)
            else:
                self._wordless.append(number)

    def languages_in(self, text: str) -> list[str]:
        """The languages whose emergency words appear in `text` (empty: none do)."""
        normal = _normal(text)
        typed = set(_WORDS.findall(normal))
        numbers = {n for word in typed for n in self._filed.get(word, ())}
        excused: list[tuple[int, int]] | None = None
        found = []
        for number in sorted(numbers.union(self._wordless)):
            language, negatable, pattern, needed = self._patterns[number]
            if not needed <= typed:
                continue
            for match in pattern.finditer(normal):
                before = _WORDS.findall(normal[: match.start()])
                if negatable and negated(before):
                    continue  # "not in danger"
                if denied([*before, "_"], len(before), by_nobody_only=True):
                    continue  # "no one is hurting me"
                if excused is None:
                    excused = [m.span() for p in self._excused for m in p.finditer(normal)]
                if any(a <= match.start() and match.end() <= b for a, b in excused):
                    continue  # "killing it"
                found.append(language)
                break
        return list(dict.fromkeys(found))


def _negatable(phrase: str) -> bool:
    """A phrase that states a condition ("danger", "en peligro") without its own negation."""
    words = set(re.findall(r"\w+", fold(phrase)))
    return bool(words & NEGATABLE) and not words & NEGATIONS


def _normal(text: str) -> str:
    """Folded, apostrophes dropped ("don't" is "dont"), one space between words."""
    folded = re.sub(r"(?<=\w)['’](?=\w)", "", fold(text))
    return " ".join(held_letters_once(folded).split())
