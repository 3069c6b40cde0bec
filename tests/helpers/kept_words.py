"""Whether anything the process still holds contains a word a person typed.

The garbage collector knows every container that can hold another (an object's attributes, a
list, a cache's entries): a cache, a buffer kept for later or a log record held in a handler
would be one of them. A dict or tuple of strings only is not tracked itself (CPython leaves out
what cannot make a cycle), so the containers each tracked object refers to are looked at too,
and each container's items: strings are never tracked. The words must be made at
run time (joined from pieces), or the test's own code object would hold them as constants.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable


def made_up_word(*pieces: str) -> str:
    """A word no directory or code contains, put together at run time."""
    return "".join(pieces)


def containers_holding(words: list[str]) -> list[str]:
    """A description of each container still alive that holds one of `words` (in a string, as
    a key or as a value), the list `words` itself apart: nothing at all when the process kept
    none of them."""
    wanted = tuple(w.lower() for w in words)
    asked = (id(words), id(wanted))

    def holds(value: object) -> bool:
        if isinstance(value, str):
            folded = value.lower()
            return any(w in folded for w in wanted)
        if isinstance(value, bytes | bytearray):
            folded_bytes = bytes(value).lower()
            return any(w.encode() in folded_bytes for w in wanted)
        return False

    gc.collect()
    found: list[str] = []
    tracked = gc.get_objects()
    seen: set[int] = set(asked)
    for container in (*tracked, *(r for t in tracked for r in gc.get_referents(t))):
        if id(container) in seen:
            continue
        seen.add(id(container))
        if isinstance(container, dict):
            items: Iterable[object] = (*container.keys(), *container.values())
        elif isinstance(container, list | tuple | set | frozenset):
            items = container
        else:
            continue
        if any(holds(item) for item in items):
            found.append(f"{type(container).__name__} of {len(container)}")
    return found
