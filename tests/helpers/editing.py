"""Staff edits, as tests make them: a copy of the shipped content, and a change to one file."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.content import DEFAULT_CONVERSATIONS, DEFAULT_RESOURCES


def shipped_copy(tmp_path: Path) -> tuple[Path, Path]:
    """Copies of the shipped resources/ and conversations/ under `tmp_path`, to edit."""
    resources, conversations = tmp_path / "resources", tmp_path / "conversations"
    shutil.copytree(DEFAULT_RESOURCES, resources)
    shutil.copytree(DEFAULT_CONVERSATIONS, conversations)
    return resources, conversations


def edit(path: Path, old: str, new: str, count: int = -1) -> None:
    """Replace `old` (which must be there) with `new` in the file, as an editor would save it."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
