"""The lines of a file's entries and keys, found only when someone reads them.

A file read by the fast parser (bot/staff_files/yaml_fast.py) comes with no lines. The bot
itself only counts warnings, so their lines - and the line of each entry, for `Origin` - are
looked up on first reading (`validate`, `review`), by parsing the file once more with the
reference parser and answering every question asked about that file so far at once. If the
file has changed since it was loaded, the lines are unknown (None) rather than wrong.
"""

from __future__ import annotations

from pathlib import Path

from bot.directory.gc_pause import collector_paused
from bot.staff_files.yaml_source import Loc, YamlDocument, read_yaml

Key = tuple[str | int, ...]  # (section, index, *loc)


def file_stamp(path: Path) -> tuple[int, int] | None:
    """Size and modification time: what tells that a file has changed since it was read."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_size, stat.st_mtime_ns)


class FileLines:
    """Lines in one file: known at load (reference parser), or found on first request."""

    __slots__ = ("_entry_lines", "_found", "_resolved", "_stamp", "_wanted", "path")

    def __init__(self, path: Path, stamp: tuple[int, int] | None) -> None:
        self.path = path
        self._stamp = stamp
        self._entry_lines: dict[tuple[str, int], int | None] = {}
        self._found: dict[Key, int | None] = {}
        self._wanted: set[Key] = set()
        self._resolved = False  # every entry's line is known (or cannot be)

    def set_entry_line(self, section: str, index: int, line: int | None) -> None:
        self._entry_lines[(section, index)] = line

    def want(self, section: str, index: int, loc: Loc) -> None:
        """Note a line that will be asked for, so one parse answers it with the others."""
        self._wanted.add((section, index, *loc))

    def entry_line(self, section: str, index: int) -> int | None:
        """The line of an entry (where its first key is)."""
        if (section, index) not in self._entry_lines and not self._resolved:
            self._resolve()
        return self._entry_lines.get((section, index))

    def line(self, section: str, index: int, loc: Loc) -> int | None:
        """The line of `loc` inside an entry: the deepest part of it that exists in the file."""
        if not loc:
            return self.entry_line(section, index)
        key: Key = (section, index, *loc)
        if key not in self._found:
            self._wanted.add(key)
            self._resolve()
        return self._found.get(key)

    def _resolve(self) -> None:
        # A node tree is a million small objects at 10,000 entries: built, read and freed with
        # the collector paused, or its next pass walks the whole tree (see gc_pause).
        with collector_paused():
            document = self._document() if self._stamp is not None else None
            for key in self._wanted:
                self._found[key] = document.line_of(key) if document else None
            self._wanted.clear()
            self._resolved = True
            if document is None:
                self._stamp = None  # changed or unreadable: not read again
                return
            root = document.data if isinstance(document.data, dict) else {}
            for section, items in root.items():
                for index in range(len(items) if isinstance(items, list) else 0):
                    if (section, index) not in self._entry_lines:
                        self._entry_lines[(section, index)] = document.line_of((section, index))
            del document, root  # freed by reference counting, before the collector is back

    def _document(self) -> YamlDocument | None:
        if file_stamp(self.path) != self._stamp:
            return None
        parsed = read_yaml(self.path)
        return parsed if isinstance(parsed, YamlDocument) else None
