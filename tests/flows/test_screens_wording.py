"""The words of the shipped screens: Staying safe, what Erase and Telegram really do, Spanish
that speaks to usted, and no icon used twice or brackets nested."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from bot.content import Content
from bot.directory.localized import LocalizedText
from bot.flows.events import Command, Start, Typed
from bot.flows.resource_card import card_lines
from bot.flows.state import State
from tests.flows.screens import combinations, pages, resource
from tests.flows.test_engine import press, walk
from tests.helpers.content import SUNDAY_NIGHT, WEDNESDAY_MORNING

# --- staying safe, and honest words ---------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "es"])
def test_staying_safe_is_reachable_from_the_welcome_and_privacy_screens(
    content: Content, language: str
) -> None:
    engine = content.engine
    texts = content.flow.translations
    label = texts.text(language, "button.safety")
    welcome = engine.handle(Start(language_code=language), WEDNESDAY_MORNING)
    privacy = engine.handle(Command("privacy", language_code=language), WEDNESDAY_MORNING)
    for start in (welcome, privacy):
        hub = press(engine, start, label)
        assert hub.state.screen == "staying_safe"
    screens = {
        key: press(engine, hub, texts.text(language, f"button.{key}"))
        for key in ("safety_plan", "safety_calls", "safety_chat")
    }
    for key, screen in screens.items():
        assert screen.state.screen == key
        assert len(screen.text) < 1500, key  # short enough to read on a phone, in a hurry
        labels = [b.label for b in screen.buttons]
        assert texts.text(language, "button.erase") in labels
        assert texts.text(language, "button.back_to_safety") in labels
    calls, chat = screens["safety_calls"].text, screens["safety_chat"].text
    if language == "en":
        assert "call history" in calls and "bill" in calls
        assert "Archive" in chat and "passcode" in chat and "Delete chat" in chat
        assert "48 hours" in chat and "cannot delete the chat itself" in chat
        assert "another phone" in chat
    else:
        assert "historial de llamadas" in calls and "factura" in calls
        assert "Archivar" in chat and "código" in chat and "Eliminar chat" in chat
        assert "48 horas" in chat and "No puede eliminar el chat" in chat
        assert "otro teléfono" in chat


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_first_screen_and_privacy_say_what_erase_and_telegram_really_do(
    content: Content, language: str
) -> None:
    """Regression: the welcome said "Tap Erase at any time to delete it", which a bot cannot
    do, and never mentioned the 48-hour limit; the README said the first screen tells people
    that Telegram knows their account talked to the bot, and it did not."""
    engine = content.engine
    welcome = engine.handle(Start(language_code=language), WEDNESDAY_MORNING).text
    privacy = engine.handle(Command("privacy", language_code=language), WEDNESDAY_MORNING).text
    for text in (welcome, privacy):
        assert "48" in text
        assert "Telegram" in text
    if language == "en":
        assert "knows your account talked to this bot" in welcome
        assert "not the chat itself" in welcome
        assert "delete it" not in welcome.split("Erase")[1].split(".")[0]
        assert "cannot delete the chat itself" in privacy
    else:
        assert "sabe que su cuenta habló con este bot" in welcome
        assert "pero no el chat" in welcome
        assert "No puede eliminar el chat" in privacy


# Words that only "tú" uses: imperatives such as "escribe" are also "usted escribe".
SPANISH_TU = re.compile(
    r"\b(tú|tu|tus|te|ti|contigo|puedes|tienes|necesitas|quieres|estás|eres|sabes|vives)\b",
    re.IGNORECASE,
)


def spanish_texts(content: Content) -> Iterator[tuple[str, str]]:
    """Every Spanish sentence a person can be shown, with where it comes from."""
    for key, text in content.flow.translations.locales["es"].texts.items():
        yield f"locale {key}", text
    directory = content.directory
    for category in directory.categories:
        yield f"category {category.id}", category.label.text("es")
    for entry in directory.resources:
        yield f"resource {entry.id}", entry.description.text("es")
        for phone in entry.phones:
            if phone.label is not None:
                yield f"resource {entry.id} phone", phone.label.text("es")
        for part in (entry.hours, entry.eligibility):
            if part is not None and part.note is not None:
                yield f"resource {entry.id} note", part.note.text("es")


def test_spanish_speaks_to_usted_in_neutral_gender_and_plain_words(content: Content) -> None:
    for where, text in spanish_texts(content):
        assert not SPANISH_TU.search(text), (where, SPANISH_TU.findall(text))
        assert "Defensoría" not in text and "defensor" not in text.casefold(), where
        assert "lo identifique" not in text, where


def test_official_spanish_names_are_used_where_they_exist(content: Content) -> None:
    def spanish(resource_id: str) -> str:
        return resource(content, resource_id).description.text("es")

    assert spanish("national-human-trafficking-hotline").startswith(
        "La Línea Nacional contra la Trata de Personas"
    )
    assert spanish("domestic-violence-hotline").startswith(
        "La Línea Nacional contra la Violencia Doméstica"
    )
    assert spanish("lifeline-988").startswith("La Línea 988 de Prevención del Suicidio y Crisis")


# --- small things ---------------------------------------------------------------------------

NESTED_BRACKETS = re.compile(r"\([^()]*\(")
SEARCHES = ["lawyer", "dónde dormir", "xyzzy plugh", "therapist near Burien"]


@pytest.mark.parametrize("language", ["en", "es"])
def test_no_screen_reuses_an_icon_or_nests_brackets(content: Content, language: str) -> None:
    """Regression: 🏠 marked both "Shelter and housing" and "Start" on one screen, and a phone
    label read "(Outside King County (weekdays 9:15-12:15))"."""
    engine = content.engine
    screens = list(
        walk(engine, engine.handle(Start(language_code=language), SUNDAY_NIGHT)).values()
    )
    screens += [
        engine.handle(Typed(text, language_code=language), SUNDAY_NIGHT) for text in SEARCHES
    ]
    screens += [
        screen
        for category, region, open_now, text_only, _ in combinations(content)
        for screen in pages(
            content,
            State("results", language, category, region, open_now=open_now, text_only=text_only),
            SUNDAY_NIGHT,
        )
    ]
    for screen in screens:
        icons = [b.label.split()[0] for b in screen.buttons if not b.label[0].isalnum()]
        icons = [icon for icon in icons if icon not in ("◀", "▶")]
        assert len(icons) == len(set(icons)), (screen.state.pack(), icons)
        assert not NESTED_BRACKETS.search(screen.text), screen.state.pack()


def test_a_phone_label_with_brackets_of_its_own_gets_a_dash(content: Content) -> None:
    clear = resource(content, "nwjp-clear")
    label = LocalizedText({"en": "Outside King County (weekdays)"})
    labelled = clear.phones[0].model_copy(update={"label": label})
    changed = clear.model_copy(update={"phones": (labelled,)})
    lines = card_lines(changed, "en", content.flow.translations, SUNDAY_NIGHT)
    assert "📞 Call +1 888-201-1014 – Outside King County (weekdays)" in lines
