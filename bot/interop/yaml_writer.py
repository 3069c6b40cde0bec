"""Directory entries written as YAML in the house style, for staff to read and edit.

The same shape as the hand-written files: the editor-schema comment first, two-space indents,
list items indented under their key, short lists and phones on one line, phone numbers and
clock times in double quotes (so "0800..." or "10:00" can never be read as a number), long
texts folded. What is written is read back with the loader's own YAML reader and compared, so
a text that YAML would misread can never slip through.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml
from pydantic import ValidationError

from bot.directory.models import Phone, Resource
from bot.staff_files.yaml_source import YamlDocument, parse_yaml

SCHEMA_COMMENT = "# yaml-language-server: $schema=schema.json"
WIDTH = 92
FOLD_LONGER_THAN = 60


class YamlWriteError(RuntimeError):
    """What was written would not read back as the same entries (a bug, never bad input)."""


class _Quoted(str):
    __slots__ = ()


class _Folded(str):
    __slots__ = ()


class _FlowList(list[Any]):
    pass


class _FlowMap(dict[str, Any]):
    pass


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)  # "  - item" under its key, as staff write it

    def ignore_aliases(self, data: Any) -> bool:
        # Loaded entries share equal values (one date object for every entry verified that
        # day); written out, each is spelt in full: our loader refuses anchors and aliases.
        return True


def _plain_or_quoted(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    """Quote a text our loader would read as something else: PyYAML judges by YAML 1.1, the
    loader by YAML 1.2 core ("1e5" is a number to one and not the other)."""
    style = None if _reads_back(value) else '"'
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _reads_back(value: str) -> bool:
    parsed = parse_yaml(value.encode("utf-8"))
    return isinstance(parsed, YamlDocument) and parsed.data == value


def _quoted(dumper: yaml.SafeDumper, value: _Quoted) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style='"')


def _folded(dumper: yaml.SafeDumper, value: _Folded) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style=">")


def _flow_list(dumper: yaml.SafeDumper, value: _FlowList) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


def _flow_map(dumper: yaml.SafeDumper, value: _FlowMap) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", value.items(), flow_style=True)


_Dumper.add_representer(str, _plain_or_quoted)
_Dumper.add_representer(_Quoted, _quoted)
_Dumper.add_representer(_Folded, _folded)
_Dumper.add_representer(_FlowList, _flow_list)
_Dumper.add_representer(_FlowMap, _flow_map)


def resources_yaml(resources: Sequence[Resource], comment: Sequence[str] = ()) -> str:
    """A `resources:` file holding `resources`, with `comment` lines under the schema line."""
    header = [SCHEMA_COMMENT, *(f"# {line}".rstrip() for line in comment)]
    body = yaml.dump(
        {"resources": [_entry(r) for r in resources]},
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=WIDTH,
        indent=2,
        default_flow_style=False,
    )
    text = "\n".join(header) + "\n" + body
    _check_round_trip(text, resources)
    return text


def _entry(resource: Resource) -> dict[str, Any]:
    data: dict[str, Any] = resource.model_dump(mode="json", exclude_defaults=True)
    data["last_verified"] = resource.last_verified  # a YAML date, not a quoted string
    for key in ("description", "review_note"):
        if key in data:
            data[key] = _texts(data[key])
    for key in ("categories", "regions", "languages"):
        if key in data:
            data[key] = _FlowList(data[key])
    if "phones" in data:
        data["phones"] = [
            _phone(p, r) for p, r in zip(data["phones"], resource.phones, strict=True)
        ]
    hours = data.get("hours")
    if hours:
        if "weekly" in hours:
            hours["weekly"] = [
                _FlowMap(
                    days=_FlowList(p["days"]),
                    opens=_Quoted(p["opens"]),
                    closes=_Quoted(p["closes"]),
                )
                for p in hours["weekly"]
            ]
        if "note" in hours:
            hours["note"] = _texts(hours["note"])
    eligibility = data.get("eligibility")
    if eligibility:
        if "note" in eligibility:
            eligibility["note"] = _texts(eligibility["note"])
        if "tags" in eligibility:
            eligibility["tags"] = _FlowList(eligibility["tags"])
    if "address" in data:
        data["address"] = _FlowMap(data["address"])
    return data


def _phone(dumped: dict[str, Any], phone: Phone) -> dict[str, Any]:
    """Kind always written (even the default), number quoted, on one line unless labelled."""
    fields: dict[str, Any] = {"kind": phone.kind.value, "number": _Quoted(phone.number)}
    if "label" in dumped:
        fields["label"] = _FlowMap(dumped["label"])
    if "keyword" in dumped:
        fields["keyword"] = dumped["keyword"]
    return fields if "label" in fields else _FlowMap(fields)


def _texts(value: Any) -> Any:
    """Long texts folded (`>-`), in a localized mapping or alone."""
    if isinstance(value, dict):
        return {language: _texts(text) for language, text in value.items()}
    if isinstance(value, str) and len(value) > FOLD_LONGER_THAN:
        return _Folded(value)
    return value


def _check_round_trip(text: str, resources: Sequence[Resource]) -> None:
    parsed = parse_yaml(text.encode("utf-8"))
    if not isinstance(parsed, YamlDocument):
        raise YamlWriteError(f"the YAML written does not parse: {parsed.message}")
    entries = parsed.data["resources"]
    for resource, entry in zip(resources, entries, strict=True):
        try:
            same = Resource.model_validate(entry) == resource
        except ValidationError:
            same = False
        if not same:
            raise YamlWriteError(f"{resource.id}: the YAML written reads back differently")
