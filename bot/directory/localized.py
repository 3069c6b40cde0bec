"""Text that staff write in several languages: sentences, and words people may type.

In YAML both are a mapping from an ISO 639-1 code to the text (`{en: Legal help, es: Ayuda
legal}`) or to a list of words (`{en: [lawyer, attorney], es: [abogado]}`). Each is kept as two
tuples (languages, texts), which is smaller than a dict for a few entries.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator, Mapping
from typing import Annotated, Any

from pydantic import Field, GetCoreSchemaHandler, GetJsonSchemaHandler, StringConstraints
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, core_schema

LANGUAGE_PATTERN = r"^[a-z]{2}$"

LanguageCode = Annotated[
    str,
    StringConstraints(pattern=LANGUAGE_PATTERN),
    Field(description="ISO 639-1 language code, e.g. 'en', 'es'."),
]
NonEmptyText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
# Inside a {language: text} mapping a number is an error, not text, whatever the enclosing
# object's config says (as when LocalizedText was a RootModel with a config of its own).
_NO_NUMBERS = Field(coerce_numbers_to_str=False)
_StrictText = Annotated[NonEmptyText, _NO_NUMBERS]
_StrictTerm = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), _NO_NUMBERS]


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
        object.__setattr__(self, "_languages", tuple(texts))
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
        object.__setattr__(self, "_languages", tuple(terms))
        object.__setattr__(self, "_terms", tuple(terms.values()))

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
