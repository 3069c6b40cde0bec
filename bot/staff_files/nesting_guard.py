"""Refusing runaway nesting before PyYAML's C composer sees it.

The C composer builds the node tree recursively, a few hundred bytes of C stack per level: a
175 KB file of 30,000 nested brackets overflows the 8 MB stack of a reload thread and kills the
process (a segfault, not an exception), at start-up as in a reload. The depth check that names
the line (`yaml_source.MAX_DEPTH`) runs after composing, too late for that.

So the depth is measured first, from libyaml's event stream, which its parser produces with a
stack of its own (no recursion), and a file nested deeper than `COMPOSER_MAX_DEPTH` is refused
there. That limit is far above anything staff write (the readable limit, 40, still applies
after composing) and far below what the smallest stack in use survives (about 880 levels on a
256 KiB thread stack; 25,000 on the default 8 MB).

Reading the events costs about a quarter of composing, so it is skipped when the text cannot
nest that deep at all: in block style every second level needs a deeper column (a sequence
may sit at its parent key's column, once), and in flow style every second level a bracket.
"""

from __future__ import annotations

from typing import Any

import yaml

COMPOSER_MAX_DEPTH = 100

_Parser: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_OPENING = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSING = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def nested_too_deeply(text: str, limit: int = COMPOSER_MAX_DEPTH) -> int | None:
    """The line where `text` first nests deeper than `limit` collections, or None when it
    never does (or is not YAML at all: the composer reports that, at no greater depth)."""
    if _depth_bound(text) <= limit:
        return None
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Parser):
            if isinstance(event, _OPENING):
                depth += 1
                if depth > limit:
                    mark = event.start_mark
                    return mark.line + 1 if mark is not None else 1
            elif isinstance(event, _CLOSING):
                depth -= 1
    except yaml.YAMLError:
        return None
    return None


def _depth_bound(text: str) -> int:
    """More than the nesting depth `text` can reach, found without parsing it."""
    longest = max((len(line) for line in text.splitlines()), default=0)
    brackets = text.count("[") + text.count("{")
    # A block sequence may share its parent key's column ("a:\n- b"), and a one-pair mapping
    # in a flow sequence ([a: [b: c]]) has no bracket of its own: two levels per column or
    # bracket, at most.
    return 2 * (longest + 1) + 2 * brackets
