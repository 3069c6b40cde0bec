"""The typed shape of conversations/*.yaml: screens, buttons and settings.

Words never live here: every `text`, `title` and `label` is a key into the locale files
(conversations/locales/<language>.yaml), so a screen can be reworded or translated without
touching the flow.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

ScreenId = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(?:_[a-z0-9]+)*$", max_length=20),
    Field(description="Lower-case words joined by underscores, e.g. 'choose_region'."),
]
TextKey = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9_]+(?:\.[a-z0-9_]+)*$"),
    Field(description="A key in the locale files, e.g. 'welcome.body'."),
]
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
ResourceId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Show(StrEnum):
    """What a screen lists besides its text."""

    NOTHING = "nothing"
    RESULTS = "results"  # the chosen category in the chosen region, a page at a time
    RESOURCES = "resources"  # the fixed `resources` of the screen (e.g. emergency lines)
    SEARCH = "search"  # what typed text found


class Effect(StrEnum):
    """Something the channel does besides showing the screen."""

    ERASE = "erase"  # delete every message of the session it can


class Each(StrEnum):
    """A row of buttons generated from data, one per item."""

    CATEGORY = "category"  # every category; sets the category
    REGION = "region"  # every selectable region; sets the region
    LANGUAGE = "language"  # every language; sets the language
    PAGE = "page"  # previous / next page of results
    OPEN_NOW = "open_now"  # toggles "only what is open now"
    TEXT_ONLY = "text_only"  # toggles "only lines to text or chat with" (can't talk right now)


class ButtonDef(Frozen):
    """A button that moves to another screen."""

    label: TextKey
    goto: ScreenId
    forget: tuple[Literal["category", "region"], ...] = Field(
        default=(), description="Choices to drop on the way, e.g. [region] for 'Change place'."
    )


class EachRow(Frozen):
    """Buttons made from data: `{each: category, goto: choose_region, columns: 2}`."""

    each: Each
    goto: ScreenId | None = Field(
        default=None, description="Where each button leads; page and open_now stay on the screen."
    )
    columns: int = Field(default=1, ge=1, le=4)


Row = tuple[str, ...] | EachRow


class TagPick(Frozen):
    """Every active resource carrying a tag, e.g. the local crisis line of the person's place:
    `{tag: 24-hour crisis line, local: true}`."""

    tag: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)] = (
        Field(description="One of the resources' tags, in any language.")
    )
    local: bool = Field(
        default=False,
        description="Only resources serving the person's own place (not national ones); "
        "nothing while the place is not known.",
    )


Pick = ResourceId | TagPick


class ScreenDef(Frozen):
    """One screen: its words, what it lists, its buttons."""

    title: TextKey | None = None
    text: TextKey
    empty_text: TextKey | None = Field(
        default=None, description="For show: results or search, the text when nothing is found."
    )
    text_only_text: TextKey | None = Field(
        default=None,
        description="The text while only lines to text or chat with are shown (a screen with "
        "an `each: text_only` row).",
    )
    compact: bool = Field(default=False, description="Short cards: what they do and phones only.")
    show: Show = Show.NOTHING
    resources: tuple[Pick, ...] = Field(
        default=(),
        description="For show: resources — resource ids, or {tag: ..., local: ...} picks, "
        "listed in this order.",
    )
    rows: tuple[Row, ...] = Field(description="Rows of button ids, or an `each:` row.")
    effects: tuple[Effect, ...] = ()
    when_region_known: ScreenId | None = Field(
        default=None,
        description="Go straight to this screen when the place is already known "
        "(e.g. from a deep link), instead of asking again.",
    )


class Settings(Frozen):
    """How the conversation starts and what it falls back on."""

    start: ScreenId
    on_text: ScreenId = Field(description="The screen that answers typed text (a search).")
    emergency: ScreenId = Field(description="The screen emergency words bring up first.")
    default_language: LanguageCode = "en"
    languages: tuple[LanguageCode, ...] = Field(min_length=1)
    commands: dict[
        Annotated[str, StringConstraints(pattern=r"^[a-z]{1,32}$")],
        ScreenId,
    ] = Field(description="Telegram commands and the screen each opens, e.g. privacy: privacy.")
    results_per_page: int = Field(default=5, ge=1, le=10)
    fallback_resources: tuple[ResourceId, ...] = Field(
        description="National lines offered when a search finds nothing."
    )
    category_fallbacks: dict[
        Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")],
        tuple[ResourceId, ...],
    ] = Field(
        default={},
        description="Per category id, the lines that fit it and help anywhere: they end every "
        "list of that category, and stand in when nothing local matches. Each category needs "
        "one open 24/7 that takes texts or chats.",
    )
    emergency_words: dict[LanguageCode, tuple[str, ...]] = Field(
        description="Words or phrases that bring the emergency screen before anything else."
    )


CardCodeId = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]{2,12}$"),
    Field(description="2-12 lower-case letters and digits that mean nothing, e.g. 'k7m'."),
]


class CardCode(Frozen):
    """What a printed card's opaque code opens: `k7m: {category: legal, region: wa-king}`."""

    category: ResourceId | None = Field(default=None, description="A category id.")
    region: ResourceId | None = Field(default=None, description="A region id.")
    language: LanguageCode | None = Field(default=None, description="Answer in this language.")
    command: Annotated[str, StringConstraints(pattern=r"^[a-z]{1,32}$")] | None = Field(
        default=None, description="Open a command's screen instead, e.g. emergency."
    )
    call: ResourceId | None = Field(
        default=None,
        description="A resource whose first phone number the card prints (e.g. emergency-911 "
        "on the emergency card).",
    )


class FlowFile(Frozen):
    """One file under conversations/: settings (in exactly one file), buttons, screens and the
    codes of printed cards."""

    model_config = ConfigDict(title="Conversation flow file")

    settings: Settings | None = None
    buttons: dict[Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$")], ButtonDef] = {}
    screens: dict[ScreenId, ScreenDef] = {}
    card_codes: dict[CardCodeId, CardCode] = Field(
        default={},
        description="Codes printed on outreach cards (t.me/<bot>?start=<code>): only the "
        "outreach worker knows what each opens. Never change or reuse one once printed.",
    )
