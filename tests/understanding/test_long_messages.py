"""A long message is searched by its beginning, but read whole for a crisis: a story that ends
"tonight I took too many pills" brings the emergency screen however long it is (up to
Telegram's 4,096 characters)."""

from __future__ import annotations

import pytest

from bot.content import Content
from bot.flows.engine import MAX_MESSAGE_CHARACTERS, MAX_TYPED_CHARACTERS
from bot.flows.events import Typed
from bot.flows.screen import Outcome
from tests.helpers.content import WEDNESDAY_MORNING

STORY_EN = (
    "I met him two years ago when I moved here for work and at first he was nice, he helped me "
    "find an apartment and a job at his cousin's restaurant, and he said I could pay him back "
    "later. Then he started keeping my pay and telling me I owed him more every month for the "
    "rent and the food and the trip. My family back home thinks I am doing well and I send "
    "them pictures so they will not worry. I work every day from early morning until late at "
    "night and I am so tired all the time. I do not have any friends here. "
)
STORY_ES = (
    "Llegué aquí hace dos años por un trabajo y al principio todo estaba bien, el patrón me "
    "ayudó con el cuarto y con la comida y me dijo que le pagara después. Luego empezó a "
    "quedarse con mi sueldo y a decir que le debo más cada mes por la renta, la comida y el "
    "viaje. Mi familia cree que estoy bien y les mando fotos para que no se preocupen. Trabajo "
    "todos los días desde temprano hasta muy noche y siempre estoy cansada. "
)


@pytest.mark.parametrize(
    ("story", "ending", "language", "situation"),
    [
        (STORY_EN, "Tonight I took too many pills and I want to die.", "en", "self-harm"),
        (STORY_ES * 2, "Esta noche me tomé muchas pastillas y me quiero morir.", "es", "self-harm"),
        (STORY_EN * 4, "He is outside my door with a knife.", "en", "threatened"),
    ],
)
def test_a_crisis_at_the_end_of_a_long_story_brings_the_emergency_screen(
    content: Content, story: str, ending: str, language: str, situation: str
) -> None:
    text = story + ending
    assert MAX_TYPED_CHARACTERS < len(text) <= MAX_MESSAGE_CHARACTERS
    screen = content.engine.handle(Typed(text, language), WEDNESDAY_MORNING)
    assert screen.outcome is Outcome.EMERGENCY
    assert screen.state.situation == situation
    assert screen.state.language == language
    assert screen.listed[0] == "emergency-911"


def test_a_long_story_without_a_crisis_is_answered_by_its_beginning(content: Content) -> None:
    text = STORY_EN * 3 + "I just want to find a better job."
    screen = content.engine.handle(Typed(text, "en"), WEDNESDAY_MORNING)
    assert screen.outcome is not Outcome.EMERGENCY
    assert screen.state.situation == "forced-work"  # "keeping my pay", in its first words


def test_a_crisis_past_telegrams_limit_is_not_read(content: Content) -> None:
    """The bound: nothing beyond 4,096 characters is read, so no message costs more."""
    padding = "I work every day. " * (MAX_MESSAGE_CHARACTERS // 18 + 1)
    screen = content.engine.handle(Typed(padding + "I want to die.", "en"), WEDNESDAY_MORNING)
    assert screen.outcome is not Outcome.EMERGENCY
