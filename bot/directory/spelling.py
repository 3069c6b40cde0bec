"""Spanish written as it sounds: "biene con un cuchiyo", "me digeron", "la fuersa", "ablan".

People with little schooling, or who learnt Spanish by ear, spell letters that sound alike
(b and v; ll and y; s, z and soft c; j and soft g; a silent h; rr and r) one for another.
A misspelling of one letter is found by the typo search already; these often change two or
three ("cuchiyo", "encerada", "almasen"). `sounds_like` gives every spelling of a word the same
key: the word written as it sounds (not its stem: "cash" would be "casa", "casar" and "casos").
Letters Spanish does not write ("sh", "th", "w", "k") say a word is English: it has no key.
"""

from __future__ import annotations

import re

_SOUNDS = (
    (re.compile(r"ch"), "\x00"),  # kept apart from the silent h
    (re.compile(r"h"), ""),
    (re.compile(r"\x00"), "ch"),
    (re.compile(r"ll"), "y"),
    (re.compile(r"v"), "b"),
    (re.compile(r"z"), "s"),
    (re.compile(r"c(?=[ei])"), "s"),
    (re.compile(r"g(?=[ei])"), "j"),
    (re.compile(r"qu(?=[ei])"), "k"),
    (re.compile(r"c"), "k"),
    (re.compile(r"rr"), "r"),
    (re.compile(r"y$"), "i"),
)
MIN_LETTERS = 3  # "oy" is "hoy", but two letters are too few to tell words apart ("iso": "hizo")
_NOT_SPANISH = re.compile(r"sh|th|ph|wh|gh|ck|w|k|ing$")


def sounds_like(word: str) -> str | None:
    """The key every spelling of a folded Spanish word that sounds the same shares, or None
    for a word too short to tell or not Spanish ("bendio" and "vendio": "bendio")."""
    if len(word) < MIN_LETTERS or not word.isalpha() or _NOT_SPANISH.search(word):
        return None
    for pattern, replacement in _SOUNDS:
        word = pattern.sub(replacement, word)
    return word
