"""The web chat's own sentences, and the bot's texts reworded for a web page.

Every sentence is in the locale files, under `web:`. `web.texts.<key>`, where a locale has it,
replaces the bot's `<key>` on the web only: the welcome, privacy and Erase screens speak of a
Telegram chat, which a web page is not. `WEB_KEYS` lists the keys every language must have
(the flow checker checks them with the engine's own, so a reload that drops one is refused).
"""

from __future__ import annotations

from dataclasses import dataclass

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
    REWORDED + "welcome.body": frozenset(),
    REWORDED + "privacy.body": frozenset(),
    REWORDED + "erase.body": frozenset(),
    REWORDED + "button.erase": frozenset(),
}


@dataclass(frozen=True)
class WebTranslations(Translations):
    """The bot's translations, with `web.texts.<key>` in place of `<key>` where it exists."""

    def template(self, language: str, key: str) -> str:
        for code in (language, self.default_language):
            locale = self.locales.get(code)
            if locale is None:
                continue
            reworded = locale.texts.get(REWORDED + key)
            if reworded is not None:
                return reworded
            if key in locale.texts:
                return locale.texts[key]
        return key

    @classmethod
    def over(cls, translations: Translations) -> WebTranslations:
        return cls(translations.locales, translations.default_language)
