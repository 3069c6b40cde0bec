"""The directory's typed, frozen data model.

Staff write YAML; the loader turns every file into these objects once, and nothing downstream
ever sees a dict. Field names mirror Open Referral HSDS 3.x where a concept exists there
(service, phone, schedule, language, service_area, eligibility, cost_option) so the HSDS export
is a mapping, not a translation.

Every object is a slotted, frozen pydantic dataclass (`bot/directory/frozen.py` says why); texts
in several languages are `LocalizedText` and `LocalizedTerms` (`bot/directory/localized.py`).
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Literal, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.dataclasses import dataclass

from bot.directory import phones
from bot.directory.frozen import CONFIG, Frozen
from bot.directory.localized import LanguageCode, LocalizedTerms, LocalizedText, NonEmptyText
from bot.directory.public_hosts import internal_host_problem

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
FILE_TITLE = "Resource directory file"

Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, max_length=40),
    Field(description="Lower-case letters, digits and single hyphens, e.g. 'wa-king'."),
]
_URL_RE = re.compile(
    r"^https?://(?P<host>[A-Za-z0-9.-]+\.[A-Za-z]{2,})(?::\d{1,5})?(?:[/?#][^\s]*)?$"
)
_EMAIL_RE = re.compile(r"^[^@\s]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")


def _check_url(value: str) -> str:
    well_formed = _URL_RE.match(value)
    if not well_formed:
        raise ValueError(f"{value!r} is not a well-formed http(s) URL")
    internal = internal_host_problem(well_formed["host"])
    if internal is not None:
        raise ValueError(f"{value!r} is not a public site: {internal}")
    return value


def _check_email(value: str) -> str:
    if not _EMAIL_RE.match(value):
        raise ValueError(f"{value!r} is not a well-formed email address")
    return value


Url = Annotated[
    str,
    AfterValidator(_check_url),
    Field(description="An http:// or https:// address.", json_schema_extra={"format": "uri"}),
]
Email = Annotated[str, AfterValidator(_check_email), Field(json_schema_extra={"format": "email"})]


class PhoneKind(StrEnum):
    VOICE = "voice"
    SMS = "sms"
    TTY = "tty"
    WHATSAPP = "whatsapp"


@dataclass(frozen=True, slots=True, kw_only=True, config=CONFIG)
class Phone(Frozen):
    """One way to reach a resource by phone (HSDS `phone`)."""

    kind: PhoneKind = PhoneKind.VOICE  # declared first: checking `number` depends on it
    number: str = Field(
        kw_only=True,
        description="As people dial it in the US: '1-888-373-7888', '(206) 245-0782', '988', "
        "or an SMS short code such as '741741'.",
        min_length=2,
        max_length=40,
    )
    label: LocalizedText | None = Field(
        kw_only=True,
        default=None,
        description="What this number is for, e.g. {en: Toll-free, es: Gratuita}.",
    )
    keyword: str | None = Field(
        kw_only=True,
        default=None,
        description="For SMS: the word to text, e.g. HOME for Crisis Text Line.",
        max_length=40,
    )

    @field_validator("number")
    @classmethod
    def _dialable(cls, number: str, info: ValidationInfo) -> str:
        problem = phones.problem_with(number, sms=info.data.get("kind") is PhoneKind.SMS)
        if problem:
            raise ValueError(problem)
        return number

    @model_validator(mode="after")
    def _keyword_only_for_sms(self) -> Self:
        if self.keyword is not None and self.kind not in (PhoneKind.SMS, PhoneKind.WHATSAPP):
            raise ValueError("a keyword only makes sense for kind 'sms' or 'whatsapp'")
        return self

    @property
    def display(self) -> str:
        return phones.display(self.number)

    @property
    def dial_string(self) -> str:
        return phones.dial_string(self.number)


@dataclass(frozen=True, slots=True, kw_only=True, config=CONFIG)
class Address(Frozen):
    """A street address people may visit (HSDS `address`). Never for a shelter."""

    street: NonEmptyText
    city: NonEmptyText
    region: NonEmptyText = Field(kw_only=True, default="WA", description="State or province.")
    postal_code: str | None = None
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] = "US"


Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
CLOCK_PATTERN = r"^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$"
ClockTime = Annotated[
    str,
    StringConstraints(pattern=CLOCK_PATTERN),
    Field(
        kw_only=True,
        description="24-hour clock, 'HH:MM'; '24:00' means midnight at the end of the day.",
    ),
]


@dataclass(frozen=True, slots=True, kw_only=True, config=CONFIG)
class OpeningPeriod(Frozen):
    """Open from `opens` to `closes` on each of `days`. `closes` before `opens` crosses midnight."""

    days: tuple[Weekday, ...] = Field(kw_only=True, min_length=1)
    opens: ClockTime
    closes: ClockTime

    @model_validator(mode="after")
    def _not_empty(self) -> Self:
        if self.opens == self.closes:
            raise ValueError(f"opens and closes are both {self.opens}: use open_24_7 instead")
        return self


@dataclass(frozen=True, slots=True, kw_only=True, config=CONFIG)
class Hours(Frozen):
    """When a resource answers (HSDS `schedule`): 24/7, a weekly schedule, and/or a note."""

    open_24_7: bool = False
    timezone: str | None = Field(
        kw_only=True,
        default=None,
        description="IANA time zone of the weekly schedule, e.g. America/Los_Angeles.",
    )
    weekly: tuple[OpeningPeriod, ...] = ()
    note: LocalizedText | None = Field(
        kw_only=True, default=None, description="Free text, e.g. holidays, or 'by appointment'."
    )

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is None:
            return value
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: "America", a folder
            raise ValueError(
                f"{value!r} is not an IANA time zone such as 'America/Los_Angeles'"
            ) from None
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.open_24_7 and self.weekly:
            raise ValueError("choose either open_24_7 or a weekly schedule, not both")
        if self.weekly and self.timezone is None:
            raise ValueError("a weekly schedule needs a timezone, e.g. America/Los_Angeles")
        if not (self.open_24_7 or self.weekly or self.note):
            raise ValueError("give open_24_7, a weekly schedule, or a note")
        return self

    @property
    def zone(self) -> ZoneInfo | None:
        return ZoneInfo(self.timezone) if self.timezone else None


class EligibilityTag(StrEnum):
    YOUTH = "youth"
    ADULTS = "adults"
    WOMEN = "women"
    MEN = "men"
    LGBTQ = "lgbtq"
    TRANS = "trans"
    NATIVE = "native"
    ASIAN_PACIFIC_ISLANDER = "asian-pacific-islander"
    LATINX = "latinx"
    ANY_IMMIGRATION_STATUS = "any-immigration-status"
    LOW_INCOME = "low-income"
    SENIORS = "seniors"
    SURVIVORS = "survivors"
    VETERANS = "veterans"
    DEAF = "deaf"


@dataclass(frozen=True, slots=True, kw_only=True, config=CONFIG)
class Eligibility(Frozen):
    """Who can use the resource (HSDS `service.eligibility_description` plus tags)."""

    note: LocalizedText | None = None
    tags: tuple[EligibilityTag, ...] = ()


class Cost(StrEnum):
    FREE = "free"
    SLIDING_SCALE = "sliding-scale"
    FEE = "fee"


class Status(StrEnum):
    """HSDS `service.status`, in our own words."""

    ACTIVE = "active"
    TEMPORARILY_CLOSED = "temporarily_closed"
    INACTIVE = "inactive"


@dataclass(frozen=True, slots=True, kw_only=True, config=CONFIG)
class Resource(Frozen):
    """One service a person can reach (HSDS `service`, with its organization's name)."""

    id: Slug = Field(
        kw_only=True, description="Stable identifier; never reuse or rename once published."
    )
    name: NonEmptyText
    organization: NonEmptyText | None = Field(
        kw_only=True,
        default=None,
        description="The organization that runs it, if different from the name.",
    )
    description: LocalizedText = Field(
        kw_only=True, description="One or two plain sentences on what they do."
    )
    categories: tuple[Slug, ...] = Field(
        kw_only=True, min_length=1, description="Ids from categories.yaml."
    )
    regions: tuple[Slug, ...] = Field(
        kw_only=True, min_length=1, description="Ids from regions.yaml served."
    )
    phones: tuple[Phone, ...] = ()
    website: Url | None = None
    chat_url: Url | None = Field(kw_only=True, default=None, description="Where the live chat is.")
    email: Email | None = None
    address: Address | None = None
    hours: Hours | None = None
    languages: tuple[LanguageCode, ...] = Field(
        kw_only=True, default=(), description="Languages spoken by staff or with interpreters."
    )
    interpreters: bool = Field(
        kw_only=True, default=False, description="Interpreters for many more languages on request."
    )
    eligibility: Eligibility | None = None
    cost: Cost | None = None
    confidential: bool = False
    tags: LocalizedTerms = Field(
        kw_only=True, default_factory=LocalizedTerms, description="Extra search words and synonyms."
    )
    last_verified: dt.date = Field(
        kw_only=True, description="The day someone last checked these details."
    )
    sources: tuple[Url, ...] = Field(
        kw_only=True, default=(), description="Where the details were checked."
    )
    needs_review: bool = False
    review_note: str | None = Field(
        kw_only=True, default=None, description="What a reviewer should check."
    )
    status: Status = Status.ACTIVE
    priority: int | None = Field(
        kw_only=True,
        default=None,
        ge=1,
        le=99,
        description="Staff's order in category lists: 1 comes first, then 2, and so on; "
        "entries without one follow in the bot's own order (24/7 and specific first). Local "
        "services still come before statewide ones, and statewide before national.",
    )

    @model_validator(mode="after")
    def _sane(self) -> Self:
        if self.address is not None and "shelter" in self.categories:
            raise ValueError("a shelter must never publish its street address; remove 'address'")
        if len(set(self.categories)) != len(self.categories):
            raise ValueError("categories lists the same id twice")
        if len(set(self.regions)) != len(self.regions):
            raise ValueError("regions lists the same id twice")
        if not (self.phones or self.website or self.chat_url or self.email or self.address):
            raise ValueError("give at least one way to reach it: phones, website, chat_url, email")
        return self

    @property
    def is_active(self) -> bool:
        return self.status is Status.ACTIVE


@dataclass(frozen=True, slots=True, kw_only=True, config=CONFIG)
class Category(Frozen):
    """A kind of help (HSDS `taxonomy_term`), shown as a button."""

    id: Slug
    emoji: str = Field(kw_only=True, max_length=8)
    label: LocalizedText
    synonyms: LocalizedTerms = Field(
        kw_only=True, description="Words people type that mean this category."
    )
    providers: LocalizedTerms = Field(
        kw_only=True,
        default_factory=LocalizedTerms,
        description=(
            "Words in a resource's name or tags that say it gives this help ('lawyer', "
            "'legal aid'): a typed search for the category lists those resources first. "
            "Unset: the label and the synonyms."
        ),
    )
    order: int = Field(
        kw_only=True, default=100, description="Buttons are sorted by this, then by label."
    )


@dataclass(frozen=True, slots=True, kw_only=True, config=CONFIG)
class Geography(Frozen):
    """The US places a region covers, so typed places, ZIP codes and shared locations find it.

    `{country: US}` for the whole country, `{state: WA}` for a state, `{state: WA, counties:
    [King, Pierce]}` for counties of a state (names as in bot/places/us_zips.tsv.gz, with or
    without the word "County").
    """

    country: Literal["US"] | None = None
    state: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] | None = Field(
        kw_only=True, default=None, description="USPS state code, e.g. WA."
    )
    counties: tuple[NonEmptyText, ...] = Field(
        kw_only=True, default=(), description="Counties of `state`, e.g. [King, Pierce]."
    )

    @model_validator(mode="after")
    def _one_area(self) -> Self:
        if (self.country is None) == (self.state is None):
            raise ValueError("give either country: US or a state (with counties if need be)")
        return self


@dataclass(frozen=True, slots=True, kw_only=True, config=CONFIG)
class Region(Frozen):
    """A place served (HSDS `service_area`); regions nest through `parent`."""

    id: Slug
    label: LocalizedText
    parent: Slug | None = Field(
        kw_only=True, default=None, description="The region this one is inside."
    )
    aliases: LocalizedTerms = Field(
        kw_only=True,
        default_factory=LocalizedTerms,
        description="Place names people type: cities, nicknames.",
    )
    timezone: str = Field(kw_only=True, default="America/Los_Angeles")
    selectable: bool = Field(
        kw_only=True, default=True, description="Offered as a button when picking a place."
    )
    geography: Geography | None = Field(
        kw_only=True,
        default=None,
        description="The places it covers: {country: US}, {state: WA} or "
        "{state: WA, counties: [King]}.",
    )


@dataclass(frozen=True, slots=True, kw_only=True, config=ConfigDict(**CONFIG, title=FILE_TITLE))
class DirectoryFile(Frozen):
    """The shape of every YAML file under resources/: any of these three sections."""

    resources: tuple[Resource, ...] = ()
    categories: tuple[Category, ...] = ()
    regions: tuple[Region, ...] = ()
