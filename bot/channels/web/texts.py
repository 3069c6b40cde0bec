"""The web chat's own sentences, and the bot's texts reworded for a web page.

Every sentence is in the locale files, under `web:`. `web.texts.<key>`, where a locale has it,
replaces the bot's `<key>` on the web only: the welcome, privacy, Erase and Staying safe
screens speak of a Telegram chat, which a web page is not. `WEB_KEYS` lists the keys every
language must have (the flow checker checks them with the engine's own, so a reload that drops
one is refused).
"""

from __future__ import annotations

from dataclasses import replace

from bot.flows.i18n import Translations

REWORDED = "web.texts."

WEB_KEYS: dict[str, frozenset[str]] = {
    "web.title": frozenset(),
    "web.quick_exit": frozenset(),
    "web.quick_exit_keys": frozenset(),
    "web.search_label": frozenset(),
    "web.search_button": frozenset(),
    "web.choices": frozenset(),
    "web.private_note": frozenset(),
    # The bot's texts that are not true of a web page, reworded.
    **{
        REWORDED + key: frozenset()
        for key in (
            "welcome.body",
            "privacy.body",
            "staying_safe.body",
            "safety_calls.body",
            "safety_chat.title",
            "safety_chat.body",
            "erase.body",
            "button.erase",
            "button.safety_chat",
        )
    },
}


def reworded_for_the_web(translations: Translations) -> Translations:
    """The bot's translations with `web.texts.<key>` in place of `<key>` wherever a locale has
    it (worked out once per content, so looking a text up costs what it does on Telegram)."""
    locales = {}
    for code, locale in translations.locales.items():
        reworded = {
            key.removeprefix(REWORDED): text
            for key, text in locale.texts.items()
            if key.startswith(REWORDED)
        }
        locales[code] = replace(locale, texts={**locale.texts, **reworded})
    return Translations(locales, translations.default_language)
