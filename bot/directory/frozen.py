"""The base of every directory object: a slotted, frozen pydantic dataclass.

They are not `BaseModel`s: a directory of 100,000 entries holds about 1.5 million of them, and
a model's per-instance field dict and fields-set double its memory (600 MB instead of 314 MB at
100,000 resources, 71 instead of 41 MB at 10,000: bench/results/simplifications.md). `Frozen`
gives them the few `model_*` methods callers use.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, Self

from pydantic import ConfigDict, TypeAdapter
from pydantic.fields import FieldInfo

# What every directory object shares: unknown keys are errors, `number: 988` unquoted in YAML is
# still a phone number, and text is stripped.
CONFIG = ConfigDict(extra="forbid", coerce_numbers_to_str=True, str_strip_whitespace=True)
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
