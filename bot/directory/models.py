"""The directory's typed, frozen data model.

Staff write YAML; the loader turns every file into these objects once, and nothing downstream
ever sees a dict. Field names mirror Open Referral HSDS 3.x where a concept exists there
(service, phone, schedule, language, service_area, eligibility, cost_option) so the HSDS export
is a mapping, not a translation.

The objects are slotted pydantic dataclasses, not `BaseModel`s: a directory of 100,000 entries
holds about 1.5 million of them, and a model's per-instance field dict and fields-set would
double its memory. `Frozen` gives them the few `model_*` methods callers use. Inside
`sharing()` (around a whole load), equal small values - ids, language codes, times, dates,
whole schedules - are stored once and shared between entries.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from enum import StrEnum
from typing import Annotated, Any, Literal, Self, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    StringConstraints,
    TypeAdapter,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.dataclasses import dataclass
from pydantic.fields import FieldInfo
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, core_schema

from bot.directory import phones

T = TypeVar("T")

# Equal values met while `sharing()` is active: each is kept once and handed out again.
_shared: dict[Any, Any] | None = None


@contextmanager
def sharing() -> Iterator[None]:
    """Store equal values once across everything validated inside this block (a whole load)."""
    global _shared  # a cache, not state: every object is equal with or without it
    outer = _shared
    if outer is None:
        _shared = {}
    try:
        yield
    finally:
        if outer is None:
            _shared = None


def _share(value: T) -> T:
    """The first equal value seen inside `sharing()`, else `value` itself.

    Only for values whose equal ones are interchangeable: str, date, and the frozen objects
    and tuples of them below (never mixed numbers: 1 == 1.0 == True).
    """
    table = _shared
    if table is None:
        return value
    return table.setdefault(value, value)  # type: ignore[no-any-return]


Shared = AfterValidator(_share)

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
LANGUAGE_PATTERN = r"^[a-z]{2}$"

Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, max_length=40),
    Field(description="Lower-case letters, digits and single hyphens, e.g. 'wa-king'."),
    Shared,
]
LanguageCode = Annotated[
    str,
    StringConstraints(pattern=LANGUAGE_PATTERN),
    Field(description="ISO 639-1 language code, e.g. 'en', 'es'."),
    Shared,
]
NonEmptyText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
SharedText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), Shared]
# Inside a {language: text} mapping a number is an error, not text, whatever the enclosing
# object's config says (as when LocalizedText was a RootModel with a config of its own).
_NO_NUMBERS = Field(coerce_numbers_to_str=False)
_StrictText = Annotated[NonEmptyText, _NO_NUMBERS]
_StrictTerm = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), _NO_NUMBERS, Shared
]

_URL_RE = re.compile(r"^https?://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?::\d{1,5})?(?:[/?#][^\s]*)?$")
_EMAIL_RE = re.compile(r"^[^@\s]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")


def _check_url(value: str) -> str:
    if not _URL_RE.match(value):
        raise ValueError(f"{value!r} is not a well-formed http(s) URL")
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

# What every directory object shares: unknown keys are errors, `number: 988` unquoted in YAML is
# still a phone number, and text is stripped.
CONFIG = ConfigDict(extra="forbid", coerce_numbers_to_str=True, str_strip_whitespace=True)
FILE_TITLE = "Resource directory file"
# Every object is a keyword-only dataclass (required fields may follow optional ones), and each
# `Field(...)` says `kw_only=True` too: pydantic validates keyword-only fields after the others,
# and fields must be validated in the order written (a phone's `kind` before its `number`).


class Frozen:
    """Base for every directory object: the `model_*` methods of a pydantic model."""

    __slots__ = ()

    @classmethod
    def model_validate(cls, data: Any) -> Self:
        """Validate plain data (as read from YAML) into this type, or raise ValidationError."""
        return _adapter(cls).validate_python(data)  # type: ignore[no-any-return]

    @classmethod
    def model_json_schema(cls) -> dict[str, Any]:
        return _adapter(cls).json_schema()

    @classmethod
    def model_fields(cls) -> Mapping[str, FieldInfo]:
        """The fields by name, in declaration order."""
        fields: dict[str, FieldInfo] = vars(cls)["__pydantic_fields__"]
        return fields

    def model_dump(self, **options: Any) -> dict[str, Any]:
        """Plain data, as `TypeAdapter.dump_python` gives it (e.g. `mode="json"`)."""
        data: dict[str, Any] = _adapter(type(self)).dump_python(self, **options)
        return data

    def model_copy(self, *, update: Mapping[str, Any] | None = None) -> Self:
        """A copy with some fields replaced, not validated (like `BaseModel.model_copy`)."""
        copy = object.__new__(type(self))
        changes = update or {}
        for item in dataclasses.fields(self):  # type: ignore[arg-type]
            value = changes.get(item.name, getattr(self, item.name))
            object.__setattr__(copy, item.name, value)
        return copy


_ADAPTERS: dict[type[Any], TypeAdapter[Any]] = {}


def _adapter(cls: type[Any]) -> TypeAdapter[Any]:
    adapter = _ADAPTERS.get(cls)
    if adapter is None:
        adapter = _ADAPTERS[cls] = TypeAdapter(cls)
    return adapter


class LocalizedText:
    """A sentence in several languages. English is required; any ISO 639-1 code may follow.

    In YAML: `{en: "Free legal help", es: "Ayuda legal gratuita"}`.
    """

    __slots__ = ("_languages", "_texts")
    _languages: tuple[str, ...]
    _texts: tuple[str, ...]

    def __init__(self, texts: Mapping[str, str]) -> None:
        if "en" not in texts:
            raise ValueError("an English text ('en') is required")
        object.__setattr__(self, "_languages", _share(tuple(texts)))
        object.__setattr__(self, "_texts", tuple(texts.values()))

    @property
    def en(self) -> str:
        return self._texts[self._languages.index("en")]

    @property
    def languages(self) -> frozenset[str]:
        return frozenset(self._languages)

    def get(self, language: str) -> str | None:
        """The text in `language`, or None when it has not been translated."""
        for code, text in zip(self._languages, self._texts, strict=True):
            if code == language:
                return text
        return None

    def text(self, language: str) -> str:
        """The text in `language`, falling back to English."""
        return self.get(language) or self.en

    def all_texts(self) -> tuple[str, ...]:
        return self._texts

    def items(self) -> Iterator[tuple[str, str]]:
        """(language, text) pairs in the order they were written."""
        return zip(self._languages, self._texts, strict=True)

    def as_dict(self) -> dict[str, str]:
        return dict(self.items())

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LocalizedText):
            return NotImplemented
        return self.as_dict() == other.as_dict()

    def __hash__(self) -> int:
        return hash(frozenset(self.items()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.as_dict()!r})"

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[Any], handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return _mapping_schema(cls, handler.generate_schema(dict[LanguageCode, _StrictText]))

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {**_mapping_json_schema(cls, schema, handler), "required": ["en"]}


class LocalizedTerms:
    """Search words per language: `{en: [lawyer, attorney], es: [abogado]}`."""

    __slots__ = ("_languages", "_terms")
    _languages: tuple[str, ...]
    _terms: tuple[tuple[str, ...], ...]

    def __init__(self, terms: Mapping[str, tuple[str, ...]] | None = None) -> None:
        terms = terms or {}
        object.__setattr__(self, "_languages", _share(tuple(terms)))
        object.__setattr__(self, "_terms", tuple(_share(t) for t in terms.values()))

    def by_language(self) -> dict[str, tuple[str, ...]]:
        return dict(self.items())

    def all_terms(self) -> tuple[str, ...]:
        return tuple(term for terms in self._terms for term in terms)

    def items(self) -> Iterator[tuple[str, tuple[str, ...]]]:
        """(language, terms) pairs in the order they were written."""
        return zip(self._languages, self._terms, strict=True)

    def as_dict(self) -> dict[str, list[str]]:
        return {language: list(terms) for language, terms in self.items()}

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LocalizedTerms):
            return NotImplemented
        return self.by_language() == other.by_language()

    def __hash__(self) -> int:
        return hash(frozenset(self.items()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.by_language()!r})"

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[Any], handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        terms = tuple[_StrictTerm, ...]
        return _mapping_schema(cls, handler.generate_schema(dict[LanguageCode, terms]))

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return _mapping_json_schema(cls, schema, handler)


def _mapping_schema(cls: type[LocalizedText | LocalizedTerms], mapping: CoreSchema) -> CoreSchema:
    """Validate a {language: value} mapping, then keep it as `cls`; dump it as a mapping again.

    An instance of `cls` is accepted as it is (as a model instance would be).
    """
    return core_schema.no_info_before_validator_function(
        lambda value: value.as_dict() if isinstance(value, cls) else value,
        core_schema.no_info_after_validator_function(cls, mapping),
        serialization=core_schema.plain_serializer_function_ser_schema(lambda v: v.as_dict()),
        ref=cls.__name__,
    )


def _mapping_json_schema(
    cls: type[Any], schema: CoreSchema, handler: GetJsonSchemaHandler
) -> JsonSchemaValue:
    """The mapping's JSON Schema, titled and described like a model's."""
    json_schema = handler.resolve_ref_schema(handler(schema))
    json_schema["title"] = cls.__name__
    json_schema["description"] = inspect.cleandoc(cls.__doc__ or "")
    return json_schema


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
    label: Annotated[LocalizedText | None, Shared] = Field(
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
        return _share(number)

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
    city: SharedText
    region: SharedText = Field(kw_only=True, default="WA", description="State or province.")
    postal_code: str | None = None
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$"), Shared] = "US"


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
    Shared,
]


@dataclass(frozen=True, slots=True, kw_only=True, config=CONFIG)
class OpeningPeriod(Frozen):
    """Open from `opens` to `closes` on each of `days`. `closes` before `opens` crosses midnight."""

    days: Annotated[tuple[Weekday, ...], Shared] = Field(kw_only=True, min_length=1)
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
    weekly: Annotated[tuple[OpeningPeriod, ...], Shared] = ()
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
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"{value!r} is not an IANA time zone such as 'America/Los_Angeles'"
            ) from None
        return _share(value)

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

    note: Annotated[LocalizedText | None, Shared] = None
    tags: Annotated[tuple[EligibilityTag, ...], Shared] = ()


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
    categories: Annotated[tuple[Slug, ...], Shared] = Field(
        kw_only=True, min_length=1, description="Ids from categories.yaml."
    )
    regions: Annotated[tuple[Slug, ...], Shared] = Field(
        kw_only=True, min_length=1, description="Ids from regions.yaml served."
    )
    phones: tuple[Annotated[Phone, Shared], ...] = ()
    website: Url | None = None
    chat_url: Url | None = Field(kw_only=True, default=None, description="Where the live chat is.")
    email: Email | None = None
    address: Address | None = None
    hours: Annotated[Hours | None, Shared] = None
    languages: Annotated[tuple[LanguageCode, ...], Shared] = Field(
        kw_only=True, default=(), description="Languages spoken by staff or with interpreters."
    )
    interpreters: bool = Field(
        kw_only=True, default=False, description="Interpreters for many more languages on request."
    )
    eligibility: Annotated[Eligibility | None, Shared] = None
    cost: Cost | None = None
    confidential: bool = False
    tags: Annotated[LocalizedTerms, Shared] = Field(
        kw_only=True, default_factory=LocalizedTerms, description="Extra search words and synonyms."
    )
    last_verified: Annotated[dt.date, Shared] = Field(
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
    order: int = Field(
        kw_only=True, default=100, description="Buttons are sorted by this, then by label."
    )


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


@dataclass(frozen=True, slots=True, kw_only=True, config=ConfigDict(**CONFIG, title=FILE_TITLE))
class DirectoryFile(Frozen):
    """The shape of every YAML file under resources/: any of these three sections."""

    resources: tuple[Resource, ...] = ()
    categories: tuple[Category, ...] = ()
    regions: tuple[Region, ...] = ()
