"""Questions about the bot itself ("is this confidential", "will you call the police") open the
screen that answers them, on the shipped content, and each mistake in `questions:` is named at
its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content import Content
from bot.flows.events import Typed
from bot.flows.screen import Outcome
from tests.helpers.content import WEDNESDAY_MORNING
from tests.understanding.test_situations import GOOD, problems

QUESTIONS = """\
questions:
  privacy:
    en: [is this confidential, will you call the police]
    es: [es confidencial]
"""


@pytest.mark.parametrize(
    ("text", "screen", "language"),
    [
        ("is this confidential?", "privacy", "en"),
        ("Will you call the police??", "privacy", "en"),
        ("are u the police", "privacy", "en"),
        ("do you keep my messages", "privacy", "en"),
        ("¿esto es confidencial?", "privacy", "es"),
        ("van a llamar a la policia", "privacy", "es"),
        ("¿ustedes me van a reportar?", "privacy", "es"),
        ("how do i delete this chat", "safety_chat", "en"),
        ("como borro el chat", "safety_chat", "es"),
        ("erase", "safety_chat", "en"),  # said "I could not find that"
        ("can you delete my messages", "safety_chat", "en"),
        ("borrar mis mensajes", "safety_chat", "es"),
        ("I need a safety plan", "safety_plan", "en"),
        ("can he see my calls on the phone bill", "safety_calls", "en"),
        ("start over", "welcome", "en"),
        ("is this a real person?", "about", "en"),
        ("who are you", "about", "en"),
        ("quiero hablar con una persona", "about", "es"),
        ("menú principal", "welcome", "es"),
        # asking whether the bot calls immigration is no threat to call it
        ("will you call immigration?", "privacy", "en"),
        ("do you call immigration", "privacy", "en"),
        ("¿van a llamar a la migra?", "privacy", "es"),
        ("trabajan con la migra?", "privacy", "es"),
    ],
)
def test_a_question_about_the_bot_opens_the_screen_that_answers_it(
    content: Content, text: str, screen: str, language: str
) -> None:
    answer = content.engine.handle(Typed(text, None), WEDNESDAY_MORNING)
    assert answer.state.screen == screen, (text, answer.state)
    assert answer.state.language == language
    assert answer.outcome is Outcome.SCREEN


def test_asked_whether_it_calls_the_police_the_answer_says_it_never_does(
    content: Content,
) -> None:
    """A survivor afraid of the police or immigration was shown 911 for this question."""
    english = content.engine.handle(Typed("will you call the police", None), WEDNESDAY_MORNING)
    assert "never contacts the police, immigration or anyone else" in english.text
    assert "emergency-911" not in english.listed
    spanish = content.engine.handle(Typed("van a llamar a la policia?", None), WEDNESDAY_MORNING)
    assert "nunca se comunica con la policía, con inmigración" in spanish.text


@pytest.mark.parametrize(
    ("text", "situation", "category"),
    [
        ("will you call the police, he has my passport", "documents-taken", None),
        ("is this confidential? i need a lawyer", None, "legal"),
        ("si llamo a la policia me van a deportar?", "immigration", None),
    ],
)
def test_a_situation_or_a_kind_of_help_comes_before_the_question(
    content: Content, text: str, situation: str | None, category: str | None
) -> None:
    answer = content.engine.handle(Typed(text, None), WEDNESDAY_MORNING)
    assert answer.state.screen == content.flow.settings.on_text
    assert answer.state.situation == situation
    assert answer.state.category == category
    assert answer.listed


def test_calling_the_police_oneself_is_no_question_about_the_bot(content: Content) -> None:
    answer = content.engine.handle(Typed("i need to call the police", None), WEDNESDAY_MORNING)
    assert answer.state.screen != "privacy"


def test_a_good_questions_section_loads(tmp_path: Path, content: Content) -> None:
    assert problems(tmp_path, content.directory, QUESTIONS + GOOD) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("  privacy:\n", "  privcy:\n",
         "situations.yaml:2: questions: unknown screen 'privcy'; did you mean 'privacy'?"),
        ("  privacy:\n", "  erase:\n",
         "situations.yaml:2: questions: screen 'erase' acts (Erase): only show one"),
        ("    es: [es confidencial]\n", "",
         "situations.yaml:2: questions: privacy: no phrases in 'es'"),
        ("will you call the police]", "will you call the police, <cop>]",
         "situations.yaml:3: questions: privacy: phrase '<cop>' names no word class <cop>"),
        ("    es: [es confidencial]\n",
         "    es: [es confidencial]\n  staying_safe:\n    en: [IS THIS confidential]\n"
         "    es: [plan]\n",
         "situations.yaml:6: questions: staying_safe: phrase 'IS THIS confidential' is "
         "already privacy's (line 3)"),
    ],
)  # fmt: skip
def test_each_mistake_in_the_questions_is_named_at_its_line(
    tmp_path: Path, content: Content, old: str, new: str, expected: str
) -> None:
    assert old in QUESTIONS
    found = problems(tmp_path, content.directory, QUESTIONS.replace(old, new) + GOOD)
    assert found == [expected]


def test_asked_whether_it_is_a_person_it_says_it_is_not_and_who_is(content: Content) -> None:
    answer = content.engine.handle(Typed("am i talking to a bot", None), WEDNESDAY_MORNING)
    assert "I am an automatic guide, not a person" in answer.text
    assert {"national-human-trafficking-hotline", "crisis-text-line", "lifeline-988"} <= set(
        answer.listed
    )


@pytest.mark.parametrize(
    "text",
    ["he will call immigration on me", "my boss says he will call ice", "me va a echar la migra"],
)
def test_a_threat_to_call_immigration_is_still_told(content: Content, text: str) -> None:
    answer = content.engine.handle(Typed(text, None), WEDNESDAY_MORNING)
    assert answer.outcome is Outcome.SEARCH
    assert answer.state.situation in ("status-threat", "forced-work")
