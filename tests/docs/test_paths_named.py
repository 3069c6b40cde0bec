"""The documents name only what exists: every file or folder of the repository, every
`python -m bot` command and every `make` target they mention, so none goes stale silently
(a renamed module, a merged benchmark, a dropped command)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.cli import COMMANDS

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = ("README.md", "SECURITY.md", "docs/ARCHITECTURE.md", "docs/DESIGN.md")
TOP = r"(?:bot|tests|bench|resources|conversations|docs|deploy|fuzz|\.ci)"
# A path of the repository: a top folder, then names, slashes and globs (`resources/*.yaml`);
# not one quoted with a line (`resources/legal.yaml:15`, in an example of output).
PATH = re.compile(rf"(?<![\w/.~-]){TOP}/[\w./*-]*+(?!:\d)")
TOP_FILES = re.compile(r"`(Dockerfile|Makefile|compose\.yaml|pyproject\.toml|\.env\.example|"
                       r"requirements\.lock|[A-Z]+\.md)`")  # fmt: skip
COMMAND = re.compile(r"python -m bot ([a-z][a-z-]*)")
MAKE = re.compile(r"(?:^|`|\$ )make ((?:[a-z][a-z-]*)(?: [a-z][a-z-]*)*)", re.MULTILINE)


def named_paths(text: str) -> set[str]:
    found = {match.rstrip(".,:;)") for match in PATH.findall(text)}
    return found | set(TOP_FILES.findall(text))


def exists(name: str) -> bool:
    if "*" in name:
        return any(ROOT.glob(name))
    return (ROOT / name).exists()


def make_targets() -> set[str]:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z][a-z-]*):", makefile, re.MULTILINE))


def test_the_patterns_find_what_they_should() -> None:
    text = (
        "See `bot/flows/engine.py`, `resources/*.yaml` and bot/channels/web/.\n"
        "Run `python -m bot try`, `make lint typecheck` or\n$ make test\n"
        "(not https://example.org/bot/x, not ~/bot/y)"
    )
    assert named_paths(text) == {"bot/flows/engine.py", "resources/*.yaml", "bot/channels/web/"}
    assert COMMAND.findall(text) == ["try"]
    assert MAKE.findall(text) == ["lint typecheck", "test"]
    assert not exists("bot/no_such_module.py") and exists("resources/*.yaml")


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_path_named_exists(document: str) -> None:
    text = (ROOT / document).read_text(encoding="utf-8")
    missing = sorted(name for name in named_paths(text) if not exists(name))
    assert not missing, f"{document} names paths that do not exist: {missing}"


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_command_named_exists(document: str) -> None:
    text = (ROOT / document).read_text(encoding="utf-8")
    unknown = sorted(set(COMMAND.findall(text)) - set(COMMANDS))
    assert not unknown, f"{document} names `python -m bot` commands that do not exist: {unknown}"
    targets = {word for words in MAKE.findall(text) for word in words.split()}
    assert targets <= make_targets(), f"{document}: no such make target: {targets - make_targets()}"


def test_the_architecture_names_every_package() -> None:
    text = (ROOT / "docs/ARCHITECTURE.md").read_text(encoding="utf-8")
    packages = {p.parent.relative_to(ROOT).as_posix() for p in ROOT.glob("bot/*/__init__.py")}
    unnamed = sorted(package for package in packages if f"`{package}/`" not in text)
    assert not unnamed, f"docs/ARCHITECTURE.md does not map {unnamed}"
