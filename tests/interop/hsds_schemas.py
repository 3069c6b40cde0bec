"""The vendored HSDS schemas as validators, and where the reference files are.

The schemas are HSDS's canonical modular ones (`service.json` refers to `"phone.json"` and so
on). Each is registered under one base URI so `referencing` resolves those relative `$ref`s
locally; nothing is ever fetched.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

REFERENCE = Path(__file__).resolve().parent / "hsds_reference"
SCHEMAS = REFERENCE / "schema"
EXAMPLES = REFERENCE / "examples"
SCHEMA_BASE = "https://hsds.example/279fd2eb/schema/"


@cache
def _registry(strict: bool) -> Registry[Any]:
    resources = []
    for path in sorted(SCHEMAS.glob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        if strict:  # HSDS allows extra fields; strict mode catches our typos in field names
            contents["additionalProperties"] = False
        resource = Resource.from_contents(contents, default_specification=DRAFT202012)
        resources.append((SCHEMA_BASE + path.name, resource))
    return Registry().with_resources(resources)


@cache
def _validator(schema: str, strict: bool) -> Draft202012Validator:
    return Draft202012Validator(
        {"$ref": SCHEMA_BASE + schema},
        registry=_registry(strict),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def schema_errors(schema: str, instance: Any, *, strict: bool = False) -> list[str]:
    """Every way `instance` breaks the HSDS schema `schema` ("service.json"), as messages.

    `strict` also refuses fields the schema does not define (at every level).
    """
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in _validator(schema, strict).iter_errors(instance)
    ]
