"""Everything the bot answers from, loaded and checked as one unit: directory, index, flow.

A `Content` is immutable. Reloading builds a new one and swaps it in whole, so a person never
sees a screen built half from the old directory and half from the new.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.directory.catalog import Directory
from bot.directory.entries import LoadOptions
from bot.directory.load import load_directory
from bot.directory.search import SearchIndex
from bot.flows.engine import Engine
from bot.flows.flow import Flow
from bot.flows.load import load_flow
from bot.staff_files.problems import Report

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_RESOURCES = PROJECT_ROOT / "resources"
DEFAULT_CONVERSATIONS = PROJECT_ROOT / "conversations"


@dataclass(frozen=True, eq=False)
class Content:
    """A consistent directory, search index and conversation flow, and the engine over them."""

    directory: Directory
    index: SearchIndex
    flow: Flow
    engine: Engine


@dataclass(frozen=True)
class ContentResult:
    content: Content | None
    report: Report


def load_content(
    resources: Path = DEFAULT_RESOURCES,
    conversations: Path = DEFAULT_CONVERSATIONS,
    options: LoadOptions | None = None,
) -> ContentResult:
    """Load and check the directory and the flow together; None with the report on any error."""
    loaded = load_directory(resources, options)
    if loaded.directory is None:
        return ContentResult(None, loaded.report)
    flow, flow_report = load_flow(conversations, loaded.directory)
    report = Report.merge(loaded.report, flow_report)
    if flow is None:
        return ContentResult(None, report)
    index = SearchIndex.build(loaded.directory)
    engine = Engine(flow, loaded.directory, index)
    return ContentResult(Content(loaded.directory, index, flow, engine), report)


class ContentStore:
    """The content being served now. Readers take `current` once per update; a reload calls
    `replace`, an atomic reference swap, so no update ever mixes two versions."""

    def __init__(self, content: Content) -> None:
        self._content = content
        self.version = 1

    @property
    def current(self) -> Content:
        return self._content

    def replace(self, content: Content) -> None:
        self._content = content
        self.version += 1
