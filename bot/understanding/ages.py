"""Whether a message says its writer is an adult ("I'm 28", "tengo 30 años", "28f"), so that
lines only for minors (the CyberTipline) are not offered to them; and whether it says a child
is concerned ("mi hija de 13", "im 15", "my son is 14"), so that lines for children are."""

from __future__ import annotations

import re
from collections.abc import Sequence

ADULT_AGES = range(18, 121)
CHILD_AGES = range(1, 18)
# The words right before an age ("im 28", "i am 45", "tengo 30"), and right after it ("28 yo",
# "30 years old", "30 años"); folded, as bot.directory.text.words gives them.
BEFORE_AN_AGE = frozenset("im am age aged tengo edad".split())  # noqa: SIM905
AFTER_AN_AGE = frozenset("yo years yrs anos".split())  # noqa: SIM905
NOT_AN_AGE = frozenset("minutes mins min miles blocks hours dollars bucks minutos cuadras".split())  # noqa: SIM905
ADULT_WORDS = (("im", "an", "adult"), ("soy", "adulta"), ("soy", "adulto"), ("mayor", "de", "edad"))
ADULT_FIRST_WORDS = frozenset(said[0] for said in ADULT_WORDS)
_AGE_AND_SEX = re.compile(r"^(\d{2})[fm]$")  # "28f"
# Who a child may be to the writer, with the words between them and the age ("my daughter is
# 14", "mi hija de 13", "mi hijo tiene 15").
CHILDREN = frozenset(
    """
    daughter son kid child niece nephew granddaughter grandson stepdaughter stepson sister
    brother cousin hija hijo niña niño nina nino sobrina sobrino nieta nieto hermana hermano
    prima primo
    """.split()  # noqa: SIM905
)
CHILD_AGE_LINKS = frozenset("is de tiene just only turned".split())  # noqa: SIM905
# "from when i was 15", "cuando tenía 14": a child then (images taken, trafficking begun)
WHEN_A_CHILD = frozenset("was were tenia".split())  # noqa: SIM905
CHILD_WORDS = frozenset("minor underage menor".split())  # noqa: SIM905


def says_adult(tokens: Sequence[str]) -> bool:
    """Whether `tokens` (folded words) say the writer is 18 or older."""
    if not any(t[:1].isdigit() or t in ADULT_FIRST_WORDS for t in tokens):
        return False  # most messages: no number, no "adult"
    for position, token in enumerate(tokens):
        following = tokens[position + 1] if position + 1 < len(tokens) else ""
        letters = _AGE_AND_SEX.match(token)
        if letters is not None and int(letters.group(1)) in ADULT_AGES:
            return True
        if not token.isdigit() or int(token) not in ADULT_AGES or following in NOT_AN_AGE:
            continue
        if following in AFTER_AN_AGE or (position > 0 and tokens[position - 1] in BEFORE_AN_AGE):
            return True
    return any(
        tuple(tokens[i : i + len(said)]) == said
        for said in ADULT_WORDS
        for i in range(len(tokens) - len(said) + 1)
    )


def says_a_child(tokens: Sequence[str]) -> bool:
    """Whether `tokens` (folded words) say a child is concerned: the writer ("im 15", "tengo
    13 años") or someone the writer names ("my daughter is 14", "mi hija de 13"), or "a minor",
    "underage", "menor de edad"."""
    if not any(t[:1].isdigit() or t in CHILD_WORDS for t in tokens):
        return False  # most messages: no number, no "minor"
    for position, token in enumerate(tokens):
        if token in CHILD_WORDS:
            return True
        if not token.isdigit() or int(token) not in CHILD_AGES:
            continue
        following = tokens[position + 1] if position + 1 < len(tokens) else ""
        before = tokens[max(0, position - 3) : position]
        if following in NOT_AN_AGE:
            continue
        if before and (before[-1] in BEFORE_AN_AGE or before[-1] in WHEN_A_CHILD):
            return True
        if any(t in CHILDREN for t in before) and (
            following in AFTER_AN_AGE or any(t in CHILD_AGE_LINKS for t in before)
        ):
            return True
    return False
