"""Reading staff-edited YAML safely, and finding the line of any key in it.

Every defence against a hostile or careless file lives here, so each loader gets them all:
size cap, strict UTF-8, tabs, syntax errors with their line, duplicate keys, anchors and
aliases (the "billion laughs" bomb), runaway nesting. Nothing here raises on bad input: each
problem comes back as a `YamlError` with a line number.

Plain scalars follow the YAML 1.2 core schema, not PyYAML's YAML 1.1 default: `10:00` stays the
string "10:00" (not the number 600), `no` stays "no" (not False). Only `true`/`false`, decimal
numbers, `null`/`~` and ISO dates are typed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import yaml

from bot.staff_files.dates import impossible_date
from bot.staff_files.folder_guard import OUTSIDE_FOLDER, inside_its_folder
from bot.staff_files.nesting_guard import nested_too_deeply
from bot.staff_files.yaml_hints import syntax_hint

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 40

Loc = Sequence[str | int]
_TOO_DEEP = f"the file is nested too deeply (more than {MAX_DEPTH} levels)"

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _CoreSchemaLoader(_BaseLoader):  # type: ignore[misc]
    """A loader whose implicit types are YAML 1.2 core, plus dates."""

    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, re.Pattern[str]]]]] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        # PyYAML's BaseResolver.resolve gives the same answer for this loader (no path or
        # wildcard resolvers), but builds two lists for each of the many thousand scalars.
        if self.yaml_path_resolvers:
            return super().resolve(kind, value, implicit)
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return self.DEFAULT_SCALAR_TAG
        if kind is yaml.SequenceNode:
            return self.DEFAULT_SEQUENCE_TAG
        if kind is yaml.MappingNode:
            return self.DEFAULT_MAPPING_TAG
        return None


_IMPLICIT = [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^[-+]?[0-9]+$", "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$",
        "-+.0123456789",
    ),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:timestamp", r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "0123456789"),
]
for _tag, _pattern, _first in _IMPLICIT:
    _CoreSchemaLoader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))


@dataclass(frozen=True, slots=True)
class YamlError:
    """A file that cannot be read as YAML, and the line where it goes wrong."""

    line: int | None
    message: str


@dataclass(frozen=True)
class YamlDocument:
    """A parsed file: its plain data, and its node tree for finding the line of any key."""

    data: Any
    root: yaml.Node | None

    def line_of(self, loc: Loc) -> int | None:
        """The line of the deepest node along `loc` (keys and list indexes) that exists."""
        node = self.root
        line = node.start_mark.line + 1 if node is not None else None
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                pair = next(
                    (
                        (k, v)
                        for k, v in node.value
                        if isinstance(k, yaml.ScalarNode) and k.value == part
                    ),
                    None,
                )
                if pair is None:
                    break
                key_node, node = pair
                # A key's own line is where staff look for it, even if its value starts later.
                line = key_node.start_mark.line + 1
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if not 0 <= part < len(node.value):
                    break
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                break
        return line


def read_yaml(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> YamlDocument | YamlError:
    """Read one YAML file, or say precisely why it cannot be read."""
    raw = read_bytes(path, max_bytes=max_bytes)
    return raw if isinstance(raw, YamlError) else parse_yaml(raw)


def read_bytes(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> bytes | YamlError:
    """The file's bytes, unless it is too large, lies outside its folder or cannot be read."""
    if not inside_its_folder(path):
        return YamlError(None, OUTSIDE_FOLDER)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return YamlError(
                None,
                f"file is too large ({size / 1_048_576:.1f} MB; the limit is "
                f"{max_bytes / 1_048_576:.0f} MB): split it into several files",
            )
        return path.read_bytes()
    except OSError as exc:
        return YamlError(None, f"cannot read the file: {exc.strerror or exc}")


def parse_yaml(raw: bytes) -> YamlDocument | YamlError:
    """Parse YAML bytes into plain data plus its node tree."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return YamlError(
            line,
            f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x}): save it with UTF-8 encoding",
        )
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return YamlError(line, "the file contains a NUL byte: is it a binary file?")
    if "\t" in text:  # looking line by line is slow, and most files have no tab at all
        for number, content in enumerate(text.splitlines(), start=1):
            indent = content[: len(content) - len(content.lstrip(" \t"))]
            if "\t" in indent:
                return YamlError(number, "a tab is used for indentation: YAML needs spaces")
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        return YamlError(None, "the file is empty")
    deep = nested_too_deeply(text)  # before the C composer, which would overflow the stack
    if deep is not None:
        return YamlError(deep, _TOO_DEEP)
    try:
        root = yaml.compose(text, Loader=_CoreSchemaLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and mark is not None and mark.index >= len(text.rstrip()):
            # Found only when the file ended (a key with no ':', a bracket never closed): the
            # line past the end says nothing; the line where the unfinished part began does.
            mark = exc.context_mark
        last_line = max(1, len(text.splitlines()))  # never a line past the end of the file
        where = min(mark.line + 1, last_line) if mark is not None else None
        detail = " ".join(str(s) for s in (exc.context, exc.problem) if s)
        hint = syntax_hint(text, exc)  # what to do, and maybe the line the mistake is on
        return YamlError(hint.line or where, f"YAML syntax error: {detail}{hint.text}")
    except yaml.reader.ReaderError as exc:  # a character YAML forbids, at an offset of `text`
        line = text[: exc.position].count("\n") + 1
        return YamlError(
            line, f"the character U+{exc.character:04X} is not allowed in YAML: remove it"
        )
    except yaml.YAMLError as exc:
        return YamlError(None, f"YAML error: {exc}")
    except RecursionError:
        return YamlError(None, _TOO_DEEP)
    if root is None or (isinstance(root, yaml.ScalarNode) and root.value == "" and not root.style):
        return YamlError(None, "the file is empty")  # or holds only a document marker, "---"
    try:
        data = _to_python(root, depth=0, seen=set())
    except _NodeError as exc:
        return YamlError(exc.line, exc.message)
    return YamlDocument(data, root)


class _NodeError(Exception):
    def __init__(self, node: yaml.Node, message: str) -> None:
        super().__init__(message)
        self.line = node.start_mark.line + 1
        self.message = message


def _to_python(node: yaml.Node, *, depth: int, seen: set[int]) -> Any:
    if id(node) in seen:
        # The same node reached twice is an alias (*name). Aliases let a tiny file expand to
        # billions of entries, and staff never need them.
        raise _NodeError(node, "anchors and aliases (&name, *name) are not allowed here")
    if depth > MAX_DEPTH:
        raise _NodeError(node, f"nested too deeply (more than {MAX_DEPTH} levels)")
    if isinstance(node, yaml.ScalarNode):
        if node.tag == "tag:yaml.org,2002:timestamp":
            try:
                return dt.date.fromisoformat(node.value)
            except ValueError:
                raise _NodeError(node, impossible_date(node.value)) from None
        convert = _SCALARS.get(node.tag)
        if convert is None:
            raise _NodeError(node, f"the tag {node.tag!r} is not allowed here")
        try:
            return convert(node.value)
        except ValueError:
            kind = node.tag.rsplit(":", 1)[-1]
            raise _NodeError(node, f"{node.value!r} is not a valid {kind}") from None
    seen.add(id(node))
    if node.tag not in (_SEQUENCE_TAG, _MAPPING_TAG):
        raise _NodeError(node, f"the tag {node.tag!r} is not allowed here")
    if isinstance(node, yaml.SequenceNode):
        return [
            item.value
            if item.tag == _STR_TAG
            and isinstance(item, yaml.ScalarNode)
            and depth < MAX_DEPTH
            and id(item) not in seen
            else _to_python(item, depth=depth + 1, seen=seen)
            for item in node.value
        ]
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if (
                not isinstance(key_node, yaml.ScalarNode)
                or key_node.tag == "tag:yaml.org,2002:merge"
            ):
                raise _NodeError(key_node, "keys must be plain words (merge keys are not allowed)")
            key = str(key_node.value)
            if key in result:
                raise _NodeError(key_node, f"the key {key!r} appears twice in the same block")
            if (
                value_node.tag == _STR_TAG
                and isinstance(value_node, yaml.ScalarNode)
                and depth < MAX_DEPTH
                and id(value_node) not in seen
            ):
                # Most values are plain strings: the checks below, without a call per value.
                result[key] = value_node.value
            else:
                result[key] = _to_python(value_node, depth=depth + 1, seen=seen)
        return result
    raise _NodeError(node, "unsupported YAML node")


_STR_TAG = "tag:yaml.org,2002:str"
_SEQUENCE_TAG = "tag:yaml.org,2002:seq"
_MAPPING_TAG = "tag:yaml.org,2002:map"
_SCALARS: dict[str, Callable[[str], Any]] = {
    "tag:yaml.org,2002:str": str,
    "tag:yaml.org,2002:int": int,
    "tag:yaml.org,2002:float": float,
    "tag:yaml.org,2002:bool": lambda value: value.lower() == "true",
    "tag:yaml.org,2002:null": lambda _value: None,
}
