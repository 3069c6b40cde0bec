"""Live reload: good edits go live, broken ones are refused and the last good content stays."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from pathlib import Path

import pytest

from bot.content import ContentStore, load_content
from bot.reload import Reloader
from tests.helpers.content_ready import ready_to_read
from tests.helpers.editing import edit, shipped_copy

WARN_NUMBER = "206-245-0782"
NEW_NUMBER = "206-245-0799"


@pytest.fixture
def editable(tmp_path: Path) -> tuple[Path, Path]:
    return shipped_copy(tmp_path)


def make_reloader(
    resources: Path, conversations: Path, reloaded: asyncio.Event | None = None
) -> tuple[Reloader, ContentStore]:
    loaded = load_content(resources, conversations)
    assert loaded.content is not None
    store = ContentStore(loaded.content)
    on_result = (lambda _ok: reloaded.set()) if reloaded else None
    return Reloader(store, resources, conversations, on_result=on_result), store


def warn_phones(store: ContentStore) -> list[str]:
    return [p.number for p in store.current.directory.resource_by_id["warn"].phones]


async def test_a_good_edit_is_swapped_in(editable: tuple[Path, Path]) -> None:
    reloader, store = make_reloader(*editable)
    before = store.current
    edit(editable[0] / "washington.yaml", WARN_NUMBER, NEW_NUMBER)
    report = await reloader.reload()
    assert report.ok
    assert store.current is not before
    assert warn_phones(store) == [NEW_NUMBER]
    assert store.version == 2


async def test_a_broken_edit_is_refused_and_logged_with_its_line(
    editable: tuple[Path, Path], caplog: pytest.LogCaptureFixture
) -> None:
    reloader, store = make_reloader(*editable)
    before = store.current
    edit(editable[0] / "washington.yaml", WARN_NUMBER, "206-245-07821")
    with caplog.at_level(logging.ERROR):
        report = await reloader.reload()
    assert not report.ok
    assert store.current is before
    assert warn_phones(store) == [WARN_NUMBER]
    assert any(
        "washington.yaml:" in r.getMessage()
        and "'206-245-07821' is not a valid phone number" in r.getMessage()
        for r in caplog.records
    )


async def test_a_broken_flow_is_refused_too(editable: tuple[Path, Path]) -> None:
    reloader, store = make_reloader(*editable)
    before = store.current
    edit(editable[1] / "flow.yaml", "goto: welcome}", "goto: nowhere}")
    assert not (await reloader.reload()).ok
    assert store.current is before


async def test_watching_picks_up_an_edit_within_seconds(editable: tuple[Path, Path]) -> None:
    reloaded = asyncio.Event()
    reloader, store = make_reloader(*editable, reloaded)
    stop = asyncio.Event()
    watcher = asyncio.create_task(reloader.watch(stop, debounce_ms=50))
    await asyncio.sleep(0.3)  # let the watcher start
    edit(editable[0] / "washington.yaml", WARN_NUMBER, NEW_NUMBER)
    async with asyncio.timeout(10):
        await reloaded.wait()
    assert warn_phones(store) == [NEW_NUMBER]
    stop.set()
    await watcher


async def test_sighup_reloads(editable: tuple[Path, Path]) -> None:
    reloaded = asyncio.Event()
    reloader, store = make_reloader(*editable, reloaded)
    loop = asyncio.get_running_loop()
    reloader.reload_on_sighup(loop)
    try:
        edit(editable[0] / "washington.yaml", WARN_NUMBER, NEW_NUMBER)
        os.kill(os.getpid(), signal.SIGHUP)
        async with asyncio.timeout(10):
            await reloaded.wait()
        assert warn_phones(store) == [NEW_NUMBER]
    finally:
        loop.remove_signal_handler(signal.SIGHUP)


async def test_reloaded_content_is_ready_for_typed_words_before_it_is_served(
    editable: tuple[Path, Path],
) -> None:
    """Regression: the first search after each edit made the phrases and their indexes on the
    event loop (about 0.3 s in which nobody else was answered)."""
    reloader, store = make_reloader(*editable)
    assert not ready_to_read(store)
    edit(editable[0] / "washington.yaml", WARN_NUMBER, NEW_NUMBER)
    assert (await reloader.reload()).ok
    assert ready_to_read(store)
