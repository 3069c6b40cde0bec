"""Whether a message says its writer is an adult ("I'm 28", "tengo 30 años", "28f"), so that
lines only for minors (the CyberTipline) are not offered to them."""

from __future__ import annotations

import re
from collections.abc import Sequence

ADULT_AGES = range(18, 121)
# The words right before an age ("im 28", "i am 45", "tengo 30"), and right after it ("28 yo",
# "30 years old", "30 años"); folded, as bot.directory.text.words gives them.
BEFORE_AN_AGE = frozenset("im am age aged tengo edad".split())  # noqa: SIM905
AFTER_AN_AGE = frozenset("yo years yrs anos".split())  # noqa: SIM905
NOT_AN_AGE = frozenset("minutes mins min miles blocks hours dollars bucks minutos cuadras".split())  # noqa: SIM905
ADULT_WORDS = (("im", "an", "adult"), ("soy", "adulta"), ("soy", "adulto"), ("mayor", "de", "edad"))
ADULT_FIRST_WORDS = frozenset(said[0] for said in ADULT_WORDS)
_AGE_AND_SEX = re.compile(r"^(\d{2})[fm]$")  # "28f"


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
