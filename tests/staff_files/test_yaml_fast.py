"""`bot/staff_files/yaml_fast.py`: the fast parser's data is the reference's whenever it
answers at all.

The differential test builds random YAML documents from every kind of scalar and style staff (or
an attacker) might write, and parses each with both: when the fast path answers, the reference
must accept the document and give equal data, types included; the fast path may decline
anything, but must never accept what the reference refuses.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from bot.staff_files.yaml_fast import parse_fast
from bot.staff_files.yaml_source import YamlDocument, parse_yaml

ROOT = Path(__file__).resolve().parents[2]

PLAIN = [
    # numbers, YAML 1.1 and 1.2 spellings
    "0", "12", "+1", "-3", "010", "-0", "1_000", "0x1F", "0o17", "0b11", "0xG", "1e", "1e3",
    "123456789012345678901234567890", "9223372036854775808", ".5", "+.5", "1.", "-.5e3",
    "1.5E+03", "0.1e+2", ".inf", "-.Inf", ".NaN", "nan", "inf", "Infinity", "1:20", "190:20:30",
    # dates and times
    "2026-01-01", "2026-1-1", "2026-02-30", "2026-13-01", "2026-01-01T10:00:00",
    "2026-01-01 10:00", "2001-12-14t21:59:43.10-05:00", "10:00", "9:00", "12:30:45", "24:00",
    # booleans and nulls
    "yes", "no", "on", "off", "y", "n", "true", "True", "TRUE", "false", "False", "tRUE", "~",
    "null", "Null", "NULL", "",
    # words and punctuation
    "hello", "two words", "x#y", "café", "ñandú ¡sí!", "emoji 😀", "Help!", "a-b", "<<", "=",
    "1-888-373-7888", "(206) 245-0782", "https://example.org/a?b=1&c=2#d", "help@example.org",
    "50%", "x*y", "a:b", "- x", "-", "?", ":", "@x", "`x", "%x", "!x", "*x", "&x y", "[x", "{x",
    "x]", "'x", '"x', "#x", "|", ">", "x: y", "x :y", "...", "---", "a\u2028b", "a\x85b",
    "\x07", "tab\there", "\ufeffbom",
]  # fmt: skip
# Tokens the fast path takes both plain and quoted: documents made only of these (and no tags,
# aliases or escapes) exercise the fast path itself rather than its refusals.
TAME = [t for t in PLAIN if parse_fast(f"a: {t}\n") is not None and parse_fast(f"a: '{t}'\n")]
ESCAPES = ["\\n", "\\t", '\\"', "\\\\", "\\x41", "\\u00e9", "\\N", "\\_", "\\/", "\\e", "\\q"]
KEYS = [
    "a", "b", "name", "id", "1", "true", "~", "null", "2026-01-01", "yes", "a b", "<<", "x:y",
    "1.5", "",
]  # fmt: skip


def _scalar(draw: st.DrawFn, indent: int, tame: bool) -> str:
    tokens = TAME if tame else PLAIN
    text = draw(st.sampled_from(tokens))
    style = draw(st.sampled_from(["plain", "plain", "single", "double", "literal", "folded"]))
    if style == "single":
        return "'" + text.replace("'", "''") + "'"
    if style == "double":
        escaped = text.replace("\\", "\\\\").replace('"', '\\"')
        if not tame and draw(st.booleans()):
            escaped += draw(st.sampled_from(ESCAPES))
        return f'"{escaped}"'
    if style in ("literal", "folded"):
        indicator = ("|" if style == "literal" else ">") + draw(st.sampled_from(["", "-", "+"]))
        lines = draw(
            st.lists(st.sampled_from([*tokens, "  more indented"]), min_size=1, max_size=3)
        )
        pad = " " * (indent + 2)
        return indicator + "".join(f"\n{pad}{line}" for line in lines)
    if draw(st.integers(0, 9)) == 0:  # a plain text folded over two lines
        return f"{text}\n{' ' * (indent + 2)}{draw(st.sampled_from(tokens))}"
    return text


@st.composite
def _node(draw: st.DrawFn, indent: int, depth: int, anchors: list[str], tame: bool) -> str:
    """A value written after `key: ` (or `- `) at `indent`."""
    prefix = ""
    if tame:
        pass
    elif draw(st.integers(0, 14)) == 0:
        name = f"a{len(anchors)}"
        anchors.append(name)
        prefix = f"&{name} "
    elif anchors and draw(st.integers(0, 14)) == 0:
        return "*" + draw(st.sampled_from(anchors))
    elif draw(st.integers(0, 19)) == 0:
        prefix = draw(st.sampled_from(["!!str ", "!foo ", "!!int ", "!!binary "]))
    kind = draw(
        st.sampled_from(["scalar"] * 5 + ["flow_seq", "flow_map", "block_seq", "block_map"])
    )
    if depth > 3:
        kind = "scalar"
    if kind == "scalar":
        return prefix + _scalar(draw, indent, tame)
    tokens = TAME if tame else PLAIN
    if kind == "flow_seq":
        items = draw(st.lists(st.sampled_from(tokens[:60]), max_size=4))
        return prefix + "[" + ", ".join(items) + "]"
    if kind == "flow_map":
        keys = draw(st.lists(st.sampled_from(KEYS), max_size=3))
        values = [draw(st.sampled_from(tokens[:60])) for _ in keys]
        return (
            prefix + "{" + ", ".join(f"{k}: {v}" for k, v in zip(keys, values, strict=True)) + "}"
        )
    pad = " " * (indent + 2)
    if kind == "block_seq":
        count = draw(st.integers(1, 3))
        items = [draw(_node(indent + 2, depth + 1, anchors, tame)) for _ in range(count)]
        return prefix.rstrip() + "".join(f"\n{pad}- {item}" for item in items)
    return prefix.rstrip() + draw(_block_mapping(indent + 2, depth + 1, anchors, tame))


@st.composite
def _block_mapping(draw: st.DrawFn, indent: int, depth: int, anchors: list[str], tame: bool) -> str:
    keys = draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=4))
    pad = " " * indent
    lines = []
    for key in keys:
        written = key if draw(st.booleans()) else f'"{key}"'
        value = draw(_node(indent, depth, anchors, tame))
        comment = draw(st.sampled_from(["", "", "", "  # note", " #x"]))
        lines.append(f"\n{pad}{written}: {value}{comment}")
    return "".join(lines)


@st.composite
def documents(draw: st.DrawFn) -> str:
    tame = draw(st.booleans())
    body = draw(_block_mapping(0, 0, [], tame))[1:]
    head = draw(st.sampled_from(["", "", "# a comment\n", "---\n", "%YAML 1.1\n---\n"]))
    tail = draw(st.sampled_from(["\n", "\n", "", "\n...\n", "\n\n# end\n"]))
    text = head + body + tail
    if not tame and draw(st.integers(0, 9)) == 0:
        text = text.replace("\n", "\r\n")
    return text


def same(a: Any, b: Any) -> bool:
    """Equal, with equal types all the way down (1, 1.0 and True are not the same)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float):
        return (math.isnan(a) and math.isnan(b)) or repr(a) == repr(b)
    return bool(a == b)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_the_fast_path_gives_the_reference_data_or_declines(text: str) -> None:
    fast = parse_fast(text)
    reference = parse_yaml(text.encode("utf-8"))
    event("fast" if fast is not None else "declined")
    if fast is not None:
        assert isinstance(reference, YamlDocument), f"the reference refuses it: {reference}"
        assert same(fast, reference.data)


def test_real_directories_take_the_fast_path_with_the_same_data() -> None:
    files = sorted((ROOT / "resources").glob("*.yaml"))
    assert files
    for path in files:
        text = path.read_bytes().decode("utf-8-sig")
        reference = parse_yaml(text.encode("utf-8"))
        assert isinstance(reference, YamlDocument)
        fast = parse_fast(text)
        assert fast is not None, f"{path.name} declined"
        assert same(fast, reference.data)


def test_dates_are_dates_only_when_the_reference_says_so() -> None:
    assert parse_fast("a: 2026-01-01\n") == {"a": dt.date(2026, 1, 1)}
    for declined in (
        "a: '2026-01-01'\n",  # yaml-rs would read a date: the reference reads text
        "a: |-\n  2026-01-01\n",
        "a: 2026-02-30\n",  # not a real date: the reference says so at its line
        "a: 2026-01-01 10:00\n",
        "a: 12:30:45\n",  # yaml-rs reads a time
    ):
        assert parse_fast(declined) is None, declined


def test_what_the_reference_refuses_is_declined() -> None:
    for refused in (
        "a: &x [1]\nb: *x\n",
        "a: !!python/object/apply:os.system [ls]\n",
        "a: 1\na: 2\n",
        "a: [" + "[" * 60 + "]" * 61 + "\n",
        "a: \x07\n",
        "a: @x\n",
        "a: [unclosed\n",
    ):
        assert parse_fast(refused) is None, refused
        assert not isinstance(parse_yaml(refused.encode()), YamlDocument), refused
