"""Which cards a sheet holds, and what each one says: discreet (the default), labelled, emergency.

- A **discreet** card names no kind of help, in its words or in its link: the link carries the
  opaque code conversations/cards.yaml gives its target (`t.me/<bot>?start=h5f`), and the code
  is printed again, tiny, in a corner, so the outreach worker knows which card is which.
- A **labelled** card (for the walls and desks of service agencies) names its help and place,
  and its link spells them (`?start=legal_wa-king`).
- The **emergency** card opens the emergency lines, and prints the number its code's `call:`
  names (911 in the shipped cards.yaml): nothing else on it is a phone number the bot made up.

Each card also carries its `meaning` ("Legal help, Seattle and King County"): for the sheet's
legend on screen and the command's output, never printed.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from bot.content import Content
from bot.directory import phones as phone_rules
from bot.directory.schema_errors import did_you_mean
from bot.flows import card_codes
from bot.flows.models import CardCode
from bot.flows.resource_card import LANGUAGE_NAME_PREFIX
from bot.outreach import wording
from bot.outreach.deep_links import (
    LinkTarget,
    OutreachError,
    Vocabulary,
    check_target,
    deep_link,
    payload_for,
    read_back,
    web_link,
)

Texts = tuple[tuple[str, str], ...]  # (language, text), in print order
CODE_FILE = "conversations/cards.yaml"
# Fresh codes: a letter, a digit, a letter; no i, l, o, 0, 1, which read alike.
_LETTERS = "abcdefghjkmnpqrstuvwxyz"
_DIGITS = "23456789"


class MissingCodes(OutreachError):
    """Discreet cards were asked for targets that have no code yet."""


@dataclass(frozen=True, slots=True)
class Card:
    """One card: where its link leads and what is printed on it."""

    link: str
    mark: str = ""  # a discreet card's code, printed tiny in a corner
    headline: Texts = ()  # labelled: what it is for; emergency: the words above the number
    region: Texts = ()  # labelled cards with a region
    number: str | None = None  # the emergency card's number, printed large
    labelled: bool = False
    tagline: bool = False  # labelled cards but the emergency one: "Free, confidential help"
    meaning: str = ""  # what it opens, in English, for the legend: never printed
    web_link: str | None = None  # the same in the web chat, printed for people without Telegram

    @property
    def short_link(self) -> str:
        """The link as printed for typing: without `https://`."""
        return self.link.removeprefix("https://")

    @property
    def short_web_link(self) -> str | None:
        """The web chat's link as printed for typing: without `https://`."""
        return self.web_link.removeprefix("https://") if self.web_link else None


@dataclass(frozen=True, slots=True)
class CardChoice:
    """Which cards to make."""

    regions: Sequence[str] = ()  # one card per category for each; none: cards with no place
    categories: Sequence[str] = ()  # none: every category
    language: str | None = None  # the language the bot answers in
    labelled: bool = False
    emergency: bool = True


def build_cards(
    content: Content, username: str, choice: CardChoice, web: str | None = None
) -> list[Card]:
    """The cards of `choice`, in order: each region's categories, then the emergency card;
    with `web` (the web chat's address, checked by `web_chat_address`), each card but the
    emergency one also carries its link there, with the same payload.

    Raises OutreachError for an unknown id, MissingCodes (saying which lines to add to
    conversations/cards.yaml) when a discreet card has no code.
    """
    vocabulary = Vocabulary.of(content)
    targets = [
        LinkTarget(category=category, region=region, language=choice.language)
        for region in choice.regions or (None,)
        for category in choice.categories or vocabulary.categories
    ]
    emergency = emergency_target(content, choice.language)
    if choice.emergency and emergency is not None:
        targets.append(emergency)
    for target in targets:
        check_target(target, vocabulary)
    codes = {target: code_for(content, target) for target in targets}
    if not choice.labelled:
        missing = [target for target, code in codes.items() if code is None]
        if missing:
            raise MissingCodes(missing_message(content, missing))
    languages = card_languages(choice.language)
    cards = []
    for target, found in codes.items():
        meaning = describe(content, target)
        number = _number(content, found[1]) if found else None
        if choice.labelled:
            payload = payload_for(target, vocabulary)
            card = _labelled(
                content, target, deep_link(username, payload), number, languages, meaning
            )
        elif found is not None:  # always, past MissingCodes
            payload = code_payload(content, found[0], target)
            link = deep_link(username, payload)
            card = Card(link, mark=found[0], number=number, meaning=meaning)
        else:  # pragma: no cover - MissingCodes was raised above
            continue
        if web and card.number is None:  # the emergency card has its number to call
            # The card's code where it has one: the address is typed by hand, so short wins.
            short = code_payload(content, found[0], target) if found else payload
            card = replace(card, web_link=web_link(web, short))
        cards.append(card)
    return cards


def phone_to_print(content: Content, given: str) -> str:
    """The number for people without Telegram: a resource's (by id), or a valid number as given.

    Never a number the bot picks itself: the organisation names it, and it is checked.
    """
    resources = content.directory.resource_by_id
    resource = resources.get(given)
    if resource is not None:
        number = card_codes.number_to_call(resource)
        if not resource.is_active or number is None:
            raise OutreachError(f"--phone {given}: that resource has no active number to print")
        return number
    if phone_rules.problem_with(given, sms=False) is None:
        return given.strip()
    hint = did_you_mean(given, list(resources)) if given[:1].isalpha() else ""
    raise OutreachError(
        f"--phone {given!r} is neither a resource id nor a valid phone number{hint}"
    )


def emergency_target(content: Content, language: str | None) -> LinkTarget | None:
    """The link target of the emergency screen: the command that opens it."""
    settings = content.flow.settings
    command = next((c for c, s in settings.commands.items() if s == settings.emergency), None)
    return LinkTarget(language=language, command=command) if command else None


def card_languages(link_language: str | None) -> tuple[str, ...]:
    """The card's languages, the link's own first."""
    first = (link_language,) if link_language in wording.CARD_LANGUAGES else ()
    return (*first, *(lang for lang in wording.CARD_LANGUAGES if lang != link_language))


def describe(content: Content, target: LinkTarget) -> str:
    """What a card opens, in English, for the worker: 'Legal help, Seattle and King County'."""
    directory = content.directory
    parts = []
    if target.command:
        parts.append(f"The {target.command} screen")
    if target.category:
        parts.append(directory.category_by_id[target.category].label.text("en"))
    if target.region:
        parts.append(directory.region_by_id[target.region].label.text("en"))
    elif target.category:
        parts.append("asks where")
    if target.language:
        texts, key = content.flow.translations, LANGUAGE_NAME_PREFIX + target.language
        parts.append(f"answers in {texts.text('en', key) if texts.has('en', key) else key}")
    return ", ".join(parts)


def code_for(content: Content, target: LinkTarget) -> tuple[str, CardCode] | None:
    """The code conversations/cards.yaml gives exactly `target`, and its entry."""
    wanted = (target.category, target.region, target.language, target.command)
    for code, card in content.flow.card_codes.items():
        if (card.category, card.region, card.language, card.command) == wanted:
            return code, card
    return None


def code_payload(content: Content, code: str, target: LinkTarget) -> str:
    """The code as a start payload, read back the way the bot reads it."""
    codes = card_codes.deep_links(content.flow.card_codes)
    return read_back(code, target, Vocabulary.of(content), codes)


def _number(content: Content, card: CardCode) -> str | None:
    resource = content.directory.resource_by_id.get(card.call or "")
    return card_codes.number_to_call(resource) if resource else None


def _labelled(
    content: Content,
    target: LinkTarget,
    link: str,
    number: str | None,
    languages: Sequence[str],
    meaning: str,
) -> Card:
    directory = content.directory
    if target.command:
        headline = _texts(languages, wording.EMERGENCY_LABEL.get)
        return Card(link, headline=headline, number=number, labelled=True, meaning=meaning)
    category = directory.category_by_id[target.category or ""]
    region = directory.region_by_id.get(target.region or "")
    return Card(
        link,
        headline=_texts(languages, category.label.get),
        region=_texts(languages, region.label.get) if region else (),
        labelled=True,
        tagline=True,
        meaning=meaning,
    )


def _texts(languages: Sequence[str], get: Callable[[str], str | None]) -> Texts:
    """(language, text) for each language that has a text; untranslated ones are left out."""
    found = ((lang, get(lang)) for lang in languages)
    return tuple((lang, text) for lang, text in found if text)


def missing_message(
    content: Content, missing: Sequence[LinkTarget], otherwise: str = "print --labelled cards"
) -> str:
    """Which lines to add to conversations/cards.yaml, each with a fresh code."""
    taken = set(content.flow.card_codes)
    vocabulary = Vocabulary.of(content)
    taken |= {*vocabulary.categories, *vocabulary.regions, *vocabulary.languages}
    taken |= set(vocabulary.commands)
    lines = []
    for target in missing:
        code = fresh_code(taken)
        taken.add(code)
        fields = (
            (name, getattr(target, name)) for name in ("category", "region", "language", "command")
        )
        written = ", ".join(f"{name}: {value}" for name, value in fields if value)
        lines.append(f"  {code}: {{{written}}}  # {describe(content, target)}")
    what = "this card has" if len(missing) == 1 else f"{len(missing)} cards have"
    return (
        f"{what} no code yet: add these lines under card_codes: in {CODE_FILE} (codes made up "
        f"just now: never change them once cards are printed), or {otherwise}\n" + "\n".join(lines)
    )


def fresh_code(taken: set[str]) -> str:
    """A random code that is not taken: a letter, a digit and a letter (about 4,000 exist)."""
    for _ in range(10_000):
        code = secrets.choice(_LETTERS) + secrets.choice(_DIGITS) + secrets.choice(_LETTERS)
        if code not in taken:
            return code
    raise OutreachError("no fresh three-character code is left: write longer ones by hand")
