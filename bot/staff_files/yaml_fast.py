"""A fast path for reading YAML, taken only where its answer is the reference's.

`bot.staff_files.yaml_source` (PyYAML) is the reference: it refuses what staff must not write,
and gives every problem its line. Most files are plain, well-formed YAML, and yaml-rs (a Rust
parser) reads them about six times faster. `parse_fast` returns yaml-rs's data only when it is
certain to equal the reference's, and None otherwise ("decline": the caller runs the
reference, which gives the same data or the exact error). It declines on:

- anything the two read differently or the reference refuses: a last line without its line
  break, tags, anchors, aliases, directives and
  document markers, escapes, control characters, tabs, carriage returns and the YAML 1.1 line
  breaks, YAML 1.2-only numbers (`0x1F`, `0o17`, `0b1`, `1_000`, `.inf`, `.nan`), lines longer than
  the 1024 characters an implicit key may span;
- block scalars that are empty, keep their trailing lines, or give their indentation;
- dates the two could type differently: quoted, alone on a line (block scalar text), with a
  time, or not real dates;
- any error from yaml-rs (syntax, duplicate keys), and any result the reference would not
  build: a key that is not a string, a value of another type (a time), nesting deeper than
  the reference allows.

tests/staff_files/test_yaml_fast.py checks the agreement on generated documents of every kind.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml_rs

from bot.staff_files.yaml_source import MAX_DEPTH

# The reference's printable characters, less tab, CR, NEL, LS, PS and BOM.
_UNSAFE_CHARACTER = re.compile(
    "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
_YAML_12_NUMBER = re.compile(r"0[xXoObB]|\.(?:inf|Inf|INF|nan|NaN|NAN)")
_MAX_LINE = 1024  # an implicit key must fit on a line of this many characters
# Each pattern below finds candidates cheaply; `_safe_*` look at the few found.
_INDICATOR = re.compile(r"[!&*]")
_BLOCK_INDICATOR = re.compile(r"[|>]")
_DATE = re.compile(r"\d{4}-\d\d?-\d\d?")
# A date's first dash: a regex that starts with a literal scans ten times faster than `_DATE`
# (which then reads the date from four characters before it).
_DATE_DASH = re.compile(r"-(?=\d\d?-\d)")
_COMMENT_LINE = re.compile(r"^ *#.*$", re.MULTILINE)
_TOKEN_START = frozenset(" \n[{,:?-")
_NAME_END = frozenset(" \n,[]{}")
_SCALAR_TYPES = (str, bool, int, float, type(None), dt.date)
_NO_ALIASES = yaml_rs.AliasLimits(max_total_replayed_events=0)
# Nesting kept well inside the reference's limit, so the fast path never decides that one.
_FAST_MAX_DEPTH = MAX_DEPTH - 5


class _Declined(Exception):
    pass


def parse_fast(text: str) -> Any | None:
    """The data of `text` exactly as `yaml_source.parse_yaml` gives it, or None to decline."""
    if not (
        text.endswith("\n")  # PyYAML and yaml-rs end a block scalar at the end differently
        and not _UNSAFE_CHARACTER.search(text)
        and not text.startswith(("---", "...", "%"))
        and not any(marker in text for marker in ("\n---", "\n...", "\n%", "\\"))
        and not _YAML_12_NUMBER.search(text)
        and (len(text) <= _MAX_LINE or max(map(len, text.split("\n"))) <= _MAX_LINE)
        and _safe_numbers(text)
        and _safe_block_scalars(text)
        and _safe_dates(text)
        and _safe_indicators(_COMMENT_LINE.sub("", text) if "#" in text else text)
    ):
        return None
    try:
        data = yaml_rs.loads(text, alias_limits=_NO_ALIASES)
    except (yaml_rs.YAMLDecodeError, ValueError, TypeError, RecursionError):
        return None
    try:
        _check(data, 0)
    except _Declined:
        return None
    return data


def _starts_token(text: str, start: int) -> bool:
    return start == 0 or text[start - 1] in _TOKEN_START


def _safe_numbers(text: str) -> bool:
    """No number with underscores (`1_000`: an int to yaml-rs, a text to the reference): an
    underscore after a digit, in a token that starts like a number."""
    underscore = text.find("_")
    while underscore >= 0:
        if underscore and text[underscore - 1].isdecimal():  # what `\d` matches
            start = underscore
            while start > 0 and text[start - 1] not in _TOKEN_START:
                start -= 1
            if text[start] in "+-.0123456789":
                return False
        underscore = text.find("_", underscore + 1)
    return True


def _safe_indicators(text: str) -> bool:
    """No tag (`!`), anchor (`&a`) or alias (`*a`): the reference refuses aliases and repeated
    anchors, and yaml-rs ignores tags. "a & b", "x*y" and "Help!" are none of these.

    `text` is without its comment lines: a line starting with `#` is a comment, or text in a
    block or quoted scalar, where these characters are read alike (escapes are declined
    everywhere).
    """
    for match in _INDICATOR.finditer(text):
        start = match.start()
        if not _starts_token(text, start):
            continue
        if match.group() == "!" or text[start + 1 : start + 2] not in _NAME_END:
            return False
    return True


def _safe_block_scalars(text: str) -> bool:
    """No block scalar that is empty, keeps its trailing lines, or gives its indentation."""
    for match in _BLOCK_INDICATOR.finditer(text):
        start = match.start()
        if not _starts_token(text, start):
            continue
        header_end = text.find("\n", start)
        header = text[start + 1 : header_end].split("#", 1)[0].strip()
        if header not in ("", "-"):
            return False  # "+", or an indentation digit (or a plain text: declined too)
        next_line_end = text.find("\n", header_end + 1)
        if next_line_end < 0 or not text[header_end + 1 : next_line_end].strip():
            return False
    return True


def _has_value_before(text: str, start: int) -> bool:
    """Whether anything but spaces stands between the line's start and `start`."""
    return bool(text[text.rfind("\n", 0, start) + 1 : start].strip())


def _safe_dates(text: str) -> bool:
    """Dates typed alike: plain `YYYY-MM-DD` real dates in a line's value, nothing else.

    yaml-rs also reads quoted and block-scalar dates, and times; the reference refuses a
    date that does not exist.
    """
    for dash in _DATE_DASH.finditer(text):
        match = _DATE.match(text, dash.start() - 4) if dash.start() >= 4 else None
        if match is None:
            continue
        start, end = match.span()
        before = text[start - 1] if start else "\n"
        if before in ("'", '"'):
            return False  # quoted
        if before in " \n" and not _has_value_before(text, start):
            return False  # alone on its line: block scalar text, a continuation, a key
        after = text[end : end + 2]
        if after[:1] in ("T", "t") or (after[:1] == " " and after[1:2].isdigit()):
            return False  # with a time
        if end - start == 10:
            try:
                dt.date.fromisoformat(match.group())
            except ValueError:
                return False  # the reference says "not a real date" at its line
    return True


def _check(value: Any, depth: int) -> None:
    """Raise _Declined unless `value` is what the reference builds: plain types, str keys."""
    if depth > _FAST_MAX_DEPTH:
        raise _Declined
    if type(value) is dict:
        for key, item in value.items():
            if type(key) is not str:
                raise _Declined
            kind = type(item)
            if kind is dict or kind is list:
                _check(item, depth + 1)
            elif kind is not str and not _plain_scalar(item):
                raise _Declined
    elif type(value) is list:
        for item in value:
            kind = type(item)
            if kind is dict or kind is list:
                _check(item, depth + 1)
            elif kind is not str and not _plain_scalar(item):
                raise _Declined
    elif not _plain_scalar(value):
        raise _Declined


def _plain_scalar(value: Any) -> bool:
    kind = type(value)
    if kind is float:
        return value == value and value not in (float("inf"), float("-inf"))
    return kind in _SCALAR_TYPES


def parse_bytes_fast(raw: bytes) -> Any | None:
    """`parse_fast` on a file's bytes (UTF-8, with or without a byte order mark)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    return parse_fast(text)
