"""Live reload: edits to resources/ and conversations/ go live without a restart.

A change (seen by watchfiles, or asked for with SIGHUP) loads everything again in a worker
thread, so updates keep flowing meanwhile. Only a load with no errors is swapped in, whole and
at once; a broken edit is refused, its `path:line` errors are logged, and the last good content
keeps serving.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable
from pathlib import Path

import watchfiles

from bot.content import ContentResult, ContentStore, load_content
from bot.directory.entries import LoadOptions
from bot.staff_files.problems import Report

logger = logging.getLogger(__name__)

WATCHED_SUFFIXES = (".yaml", ".yml")


class Reloader:
    """Reloads content into a `ContentStore` when files change or on request."""

    def __init__(
        self,
        store: ContentStore,
        resources: Path,
        conversations: Path,
        *,
        options: LoadOptions | None = None,
        on_result: Callable[[bool], None] | None = None,
    ) -> None:
        self.store = store
        self.resources = resources
        self.conversations = conversations
        self.options = options
        self.on_result = on_result
        self._lock = asyncio.Lock()
        self._pending: set[asyncio.Task[Report]] = set()

    async def reload(self) -> Report:
        """Load everything again; swap it in only if it has no errors."""
        async with self._lock:  # one reload at a time; a burst of edits queues up
            result = await asyncio.to_thread(
                _load_prepared, self.resources, self.conversations, self.options
            )
        if result.content is None:
            for problem in result.report.errors:
                logger.error("reload refused: %s", problem)
            logger.error(
                "reload refused (%s); still serving the content loaded before",
                result.report.summary(),
            )
        else:
            self.store.replace(result.content)
            logger.info(
                "content reloaded: %d resources (%s)",
                len(result.content.directory.resources),
                result.report.summary(),
            )
        if self.on_result is not None:
            self.on_result(result.content is not None)
        return result.report

    async def watch(self, stop: asyncio.Event, *, debounce_ms: int = 300) -> None:
        """Reload whenever a YAML file under the watched directories changes, until `stop`."""
        async for changes in watchfiles.awatch(
            self.resources,
            self.conversations,
            stop_event=stop,
            debounce=debounce_ms,
            watch_filter=_yaml_only,
            recursive=True,
        ):
            logger.info("%d file change(s) seen; reloading", len(changes))
            await self.reload()

    def reload_on_sighup(self, loop: asyncio.AbstractEventLoop) -> None:
        """Make `kill -HUP <pid>` reload the content."""

        def start_reload() -> None:
            task = loop.create_task(self.reload())
            self._pending.add(task)  # keep a reference until it is done
            task.add_done_callback(self._pending.discard)

        loop.add_signal_handler(signal.SIGHUP, start_reload)


def _yaml_only(change: watchfiles.Change, path: str) -> bool:
    return path.endswith(WATCHED_SUFFIXES)


def _load_prepared(
    resources: Path, conversations: Path, options: LoadOptions | None
) -> ContentResult:
    """The content, loaded and made ready to read typed words before it is served."""
    result = load_content(resources, conversations, options)
    if result.content is not None:
        result.content.engine.understanding.prepare()
    return result
