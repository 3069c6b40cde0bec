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

# One pass, the first alternative that fits at each letter: "ch" stays, any other "h" goes;
# a "c" is "s" before e or i, else "k"; "y" is "i" at the end of a word.
_SOUNDS = re.compile(r"ch|h|ll|v|z|g(?=[ei])|qu(?=[ei])|c|rr|y$")
_SOUNDS_AS = {"ch": "ch", "h": "", "ll": "y", "v": "b", "z": "s", "g": "j", "qu": "k", "rr": "r"}
_SOFTENED = ("e", "i")
MIN_LETTERS = 3  # "oy" is "hoy", but two letters are too few to tell words apart ("iso": "hizo")
_NOT_SPANISH = re.compile(r"sh|th|ph|wh|gh|ck|w|k|ing$")


def sounds_like(word: str) -> str | None:
    """The key every spelling of a folded Spanish word that sounds the same shares, or None
    for a word too short to tell or not Spanish ("bendio" and "vendio": "bendio")."""
    if len(word) < MIN_LETTERS or not word.isalpha() or _NOT_SPANISH.search(word):
        return None
    return _SOUNDS.sub(_as_it_sounds, word)


def _as_it_sounds(letters: re.Match[str]) -> str:
    found = letters.group()
    if found == "c":
        return "s" if letters.string[letters.end() : letters.end() + 1] in _SOFTENED else "k"
    return "i" if found == "y" else _SOUNDS_AS[found]
