"""Careless or hostile edits of the shipped YAML (the directory and the conversation), made at
random through the real loaders: every edit either loads into content that serves every
screen, or is refused with `path:line: message` problems naming the edited files. Nothing
raises, nothing hangs."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.content import DEFAULT_CONVERSATIONS, DEFAULT_RESOURCES, ContentResult, load_content
from bot.directory.entries import LoadOptions
from tests.fuzz.budget import FUZZ, within
from tests.fuzz.checks import assert_refused_clearly, assert_serves
from tests.fuzz.strategies import hostile_text

SECONDS_PER_LOAD = 10.0
OPTIONS = LoadOptions(today=dt.date(2026, 11, 28))
SHIPPED = sorted(
    [
        *(p.relative_to(DEFAULT_RESOURCES.parent) for p in DEFAULT_RESOURCES.glob("*.yaml")),
        *(
            p.relative_to(DEFAULT_CONVERSATIONS.parent)
            for p in DEFAULT_CONVERSATIONS.rglob("*.yaml")
        ),
    ]
)
# What careless hands and hostile ones put in YAML: syntax of every kind, tags that would run
# code under an unsafe loader, anchors and aliases (the "billion laughs"), merge keys, tabs,
# document markers, directives, flow collections, block scalars, odd keys and values.
SNIPPETS = (
    "",
    "- ",
    ": ",
    "? ",
    "{",
    "}",
    "[",
    "]",
    "'",
    '"',
    "|",
    ">-",
    "&a",
    "*a",
    "&a [*a, *a, *a, *a]",
    "<<: *a",
    "!!python/object/apply:os.system ['true']",
    "!!binary aGVsbG8=",
    "!custom x",
    "%YAML 1.1",
    "%TAG ! tag:example.com,2000:",
    "---",
    "...",
    "\t",
    "#",
    "null",
    "~",
    "yes",
    "no",
    "0x1F",
    "1e999",
    "2026-02-30",
    "10:00",
    "id: legal",
    "id: wa-king",
    "- id: duplicate",
    "categories: []",
    "regions:",
    "resources: {}",
    "phones: [{kind: voice, number: '911'}]",
    "website: javascript:alert(1)",
    "en: '{category} {unknown} {'",
    "goto: nowhere",
    "start: nowhere",
    "languages: [en, es, fr]",
    "each: category",
    "\ufeff",
    "\x00",
    "\u202e",
)


@st.composite
def edits(draw: st.DrawFn) -> tuple[Path, bytes]:
    """One shipped file, edited: lines deleted, duplicated, moved, re-indented or replaced,
    snippets or odd text inserted, the file cut short or given bytes that are not UTF-8."""
    relative = draw(st.sampled_from(SHIPPED))
    lines = (DEFAULT_RESOURCES.parent / relative).read_bytes().split(b"\n")
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, max(0, len(lines) - 1)))
        kind = draw(
            st.sampled_from(
                (
                    "delete",
                    "duplicate",
                    "move",
                    "indent",
                    "dedent",
                    "insert",
                    "replace",
                    "value",
                    "cut",
                    "bytes",
                )
            )
        )
        line = lines[at] if lines else b""
        if kind == "delete" and lines:
            del lines[at]
        elif kind == "duplicate":
            lines.insert(at, line)
        elif kind == "move" and lines:
            lines.insert(draw(st.integers(0, len(lines) - 1)), lines.pop(at))
        elif kind == "indent":
            lines[at : at + 1] = [b" " * draw(st.integers(1, 4)) + line]
        elif kind == "dedent":
            lines[at : at + 1] = [line.lstrip(b" ")]
        elif kind in ("insert", "replace"):
            new = draw(st.sampled_from(SNIPPETS) | hostile_text(max_pieces=3))
            indent = line[: len(line) - len(line.lstrip(b" "))]
            text = indent + new.encode("utf-8", "surrogatepass")
            lines[at : at + (kind == "replace")] = [text]
        elif kind == "value" and b": " in line:
            key = line.split(b": ", 1)[0]
            new = draw(st.sampled_from(SNIPPETS) | hostile_text(max_pieces=3))
            lines[at : at + 1] = [key + b": " + new.encode("utf-8", "surrogatepass")]
        elif kind == "cut":
            data = b"\n".join(lines)
            lines = data[: draw(st.integers(0, len(data)))].split(b"\n")
        elif kind == "bytes":
            lines.insert(at, draw(st.binary(min_size=1, max_size=8)))
    return relative, b"\n".join(lines)


def load_edited(relative: Path, data: bytes) -> tuple[ContentResult, Path]:
    """Loads the shipped content with one file replaced, from a copy in a temporary folder."""
    folder = Path(tempfile.mkdtemp(prefix="fuzz-yaml-"))
    try:
        shutil.copytree(DEFAULT_RESOURCES, folder / "resources")
        shutil.copytree(DEFAULT_CONVERSATIONS, folder / "conversations")
        (folder / relative).write_bytes(data)
        result = within(
            SECONDS_PER_LOAD,
            lambda: load_content(folder / "resources", folder / "conversations", OPTIONS),
        )
        return result, folder
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


@pytest.mark.slow  # each example loads the whole shipped directory
@FUZZ
@given(edit=edits())
def test_an_edit_loads_and_serves_or_is_refused_with_path_and_line(
    edit: tuple[Path, bytes],
) -> None:
    relative, data = edit
    result, folder = load_edited(relative, data)
    try:
        if result.content is not None:
            assert_serves(result)
        else:
            assert_refused_clearly(result, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
