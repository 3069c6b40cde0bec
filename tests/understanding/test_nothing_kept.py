"""Typed words are read and forgotten: once an answer is made, nothing the process holds
contains them (no cache of stems, spellings or places keyed by what people wrote)."""

from __future__ import annotations

import functools

from bot.content import Content
from bot.flows.events import Typed
from tests.helpers.content import WEDNESDAY_MORNING
from tests.helpers.kept_words import containers_holding, made_up_word


def test_no_word_typed_is_kept_after_its_answer(content: Content) -> None:
    # Two words no one ever wrote, and a misspelling read as "passport" by its spelling.
    typed = [made_up_word("zorb", "laxing"), made_up_word("quim", "boltes"), "pasp" + "orte"]
    for language, text in (
        ("en", f"he took my {typed[2]} and {typed[0]} me"),
        ("es", f"me violaron {typed[1]} en Tacoma"),
        ("en", f"{typed[0]} shelter near 98104"),
    ):
        screen = content.engine.handle(Typed(text, language), WEDNESDAY_MORNING)
        assert screen.state.pack()  # answered
    del text, screen

    assert containers_holding(typed) == []


def test_the_check_finds_a_word_a_cache_keeps() -> None:
    remember = functools.lru_cache(maxsize=4)(str.upper)  # as a cache of stems would
    remember(made_up_word("zorb", "laxing"))
    assert containers_holding([made_up_word("zorb", "laxing")]) != []
    remember.cache_clear()
    assert containers_holding([made_up_word("zorb", "laxing")]) == []
