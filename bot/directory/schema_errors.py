"""Turning pydantic's validation errors into sentences staff can act on.

`describe(error, model)` gives `phones[0]: '206-267-71000' is not a valid phone number`, or for a
typo `unknown key 'lable'; did you mean 'label'?`: the field path is relative to the entry being
validated, and the message names the offending value.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails
from rapidfuzz import fuzz, process

from bot.directory.frozen import Frozen
from bot.directory.localized import LANGUAGE_PATTERN
from bot.directory.models import CLOCK_PATTERN, SLUG_PATTERN
from bot.staff_files.dates import date_advice

# An unknown key in a directory object (a pydantic dataclass with extra="forbid").
UNKNOWN_KEY_ERRORS = frozenset({"extra_forbidden", "unexpected_keyword_argument"})

_PATTERN_HINTS = {
    SLUG_PATTERN: "is not a valid id: use lower-case letters, digits and single hyphens",
    LANGUAGE_PATTERN: "is not a two-letter ISO 639-1 language code such as 'es'",
    CLOCK_PATTERN: "is not a 24-hour time like '09:30' (quote it: \"09:30\")",
}


def nearest(word: str, choices: Sequence[str], cutoff: float = 60) -> str | None:
    """The choice most like `word`, if any is close enough to be a likely typo."""
    match = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=cutoff)
    return match[0] if match else None


def did_you_mean(word: str, choices: Sequence[str]) -> str:
    """A hint for a mistyped name: the likely intended one, or the few valid ones."""
    guess = nearest(word, choices)
    if guess:
        return f"; did you mean {guess!r}?"
    return f" (expected one of: {', '.join(choices)})" if 0 < len(choices) <= 12 else ""


def field_path(loc: Sequence[str | int]) -> str:
    """`('phones', 0, 'label')` -> `phones[0].label`."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def clean_loc(loc: Sequence[str | int]) -> tuple[str | int, ...]:
    """Drop pydantic's internal steps (`[key]`, `function-after[...]`) so loc follows the YAML."""
    return tuple(p for p in loc if not (isinstance(p, str) and p.endswith("]")))


def describe(error: ErrorDetails, model: type[BaseModel | Frozen]) -> str:
    """One plain sentence for one pydantic error, prefixed with the field path."""
    loc = clean_loc(error["loc"])
    kind, value = error["type"], error.get("input")
    if kind in UNKNOWN_KEY_ERRORS:
        key = str(loc[-1])
        valid = valid_keys(model, loc[:-1])
        hint = did_you_mean(key, valid) if valid else ""
        return _prefix(loc[:-1], f"unknown key {key!r}{hint}")
    if kind == "missing":
        return _prefix(loc[:-1], f"missing required key {loc[-1]!r}")
    if kind in ("value_error", "assertion_error"):
        message = str(error["ctx"]["error"]) if "ctx" in error else error["msg"]
        return _prefix(loc, message)
    if kind.startswith("date_"):  # 11/28/2026, Nov 28 2026, 2026-1-5 ...
        return _prefix(loc, f"{_short(value)} is not a date the bot can read: {date_advice(value)}")
    if kind == "string_pattern_mismatch":
        pattern = str(error.get("ctx", {}).get("pattern", ""))
        hint = _PATTERN_HINTS.get(pattern, f"does not match the pattern {pattern}")
        return _prefix(loc, f"{_short(value)} {hint}")
    if kind == "too_short":  # a list; pydantic says "tuple should have at least 1 item ..."
        least = error.get("ctx", {}).get("min_length", 1)
        items = "one item" if least == 1 else f"{least} items"
        return _prefix(loc, f"needs at least {items} (got {_short(value)})")
    if kind in ("enum", "literal_error"):
        expected = str(error.get("ctx", {}).get("expected", ""))
        return _prefix(loc, f"{_short(value)} is not allowed here: expected {expected}")
    if kind == "dataclass_type":  # worded as it was when the objects were pydantic models
        name = error.get("ctx", {}).get("class_name", "")
        return _prefix(
            loc, f"input should be a valid dictionary or instance of {name} (got {_short(value)})"
        )
    message = error["msg"][0].lower() + error["msg"][1:]
    return _prefix(loc, f"{message} (got {_short(value)})")


def valid_keys(model: type[BaseModel | Frozen], loc: Sequence[str | int]) -> list[str]:
    """The keys allowed in the mapping at `loc` inside `model`, or [] if it is not a model."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        args = typing.get_args(current)
        if typing.get_origin(current) is dict:
            current = args[1]  # a mapping's key leads to its value type
        elif isinstance(part, int):
            current = args[0] if args else None
        elif (fields := _fields(current)) is not None:
            field = fields.get(part)
            current = field.annotation if field else None
        else:
            return []
    fields = _fields(_unwrap(current))
    return list(fields) if fields is not None else []


def _fields(annotation: Any) -> Mapping[str, FieldInfo] | None:
    """The fields of a model or directory object, or None for any other type."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation.model_fields
    if isinstance(annotation, type) and issubclass(annotation, Frozen):
        return annotation.model_fields()
    return None


def _unwrap(annotation: Any) -> Any:
    """`Resource | None` -> `Resource`; `Annotated[X, ...]` -> `X`."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = options[0]
        else:
            return annotation


def _prefix(loc: Sequence[str | int], message: str) -> str:
    path = field_path(loc)
    return f"{path}: {message}" if path else message


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
