"""bot/channels/serving.py: what the Telegram bot's and the web chat's servers share.

Regression: the web chat's server repeated the Telegram bot's signal wait and reloading (and
served without the webhook's connection cap and idle timeout).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web

from bot.channels import serving
from bot.content import ContentStore, load_content
from bot.observability.metrics import Metrics
from tests.helpers.connections import beyond_the_cap, sent_then_closed
from tests.helpers.content_ready import ready_to_read
from tests.helpers.editing import edit, shipped_copy

WARN_NUMBER = "206-245-0782"
NEW_NUMBER = "206-245-0799"


def ok_app() -> web.Application:
    async def answer(request: web.Request) -> web.Response:
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_get("/", answer)
    return app


async def test_until_signalled_leaves_the_block_on_a_signal_and_lets_go_of_it() -> None:
    entered, left = asyncio.Event(), asyncio.Event()

    @contextlib.asynccontextmanager
    async def running() -> AsyncIterator[None]:
        entered.set()
        try:
            yield
        finally:
            left.set()

    loop = asyncio.get_running_loop()
    waiting = asyncio.create_task(serving.until_signalled(running(), [signal.SIGUSR1]))
    await asyncio.wait_for(entered.wait(), 5)
    assert not left.is_set()
    os.kill(os.getpid(), signal.SIGUSR1)
    await asyncio.wait_for(waiting, 5)
    assert left.is_set()
    assert not loop.remove_signal_handler(signal.SIGUSR1)  # already removed


async def test_reloading_applies_an_edit_on_sighup_and_counts_it(tmp_path: Path) -> None:
    resources, conversations = shipped_copy(tmp_path)
    loaded = load_content(resources, conversations)
    assert loaded.content is not None
    store, metrics = ContentStore(loaded.content), Metrics()

    def sample(name: str, **labels: str) -> float | None:
        return metrics.registry.get_sample_value(name, labels)

    async with serving.reloading(store, resources, conversations, metrics, watch_files=False):
        assert sample("bot_content_version") == store.version
        edit(resources / "washington.yaml", WARN_NUMBER, NEW_NUMBER)
        os.kill(os.getpid(), signal.SIGHUP)
        async with asyncio.timeout(10):
            while sample("bot_content_reloads_total", result="applied") != 1:  # noqa: ASYNC110
                await asyncio.sleep(0.05)  # the reload runs in a thread: nothing to wait on
    phones = [p.number for p in store.current.directory.resource_by_id["warn"].phones]
    assert phones == [NEW_NUMBER]
    assert sample("bot_content_version") == store.version


async def test_reloading_makes_the_served_content_ready_for_typed_words_beside_serving(
    tmp_path: Path,
) -> None:
    resources, conversations = shipped_copy(tmp_path)
    loaded = load_content(resources, conversations)
    assert loaded.content is not None
    store = ContentStore(loaded.content)
    assert not ready_to_read(store)
    async with serving.reloading(store, resources, conversations, Metrics(), watch_files=False):
        async with asyncio.timeout(10):
            while not ready_to_read(store):  # noqa: ASYNC110
                await asyncio.sleep(0.05)  # made in a thread: nothing to wait on


async def test_serve_closes_half_sent_and_idle_connections(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(serving, "IDLE_SECONDS", 0.5)
    server = await serving.serve(ok_app(), "127.0.0.1", 0, cap=2, shutdown_seconds=1.0)
    try:
        port = server.listener.port
        assert await sent_then_closed(port, b"GET / HTTP/1.1\r\nHost: x\r\n") == b""  # half
        idle = await sent_then_closed(port, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        assert idle.startswith(b"HTTP/1.1 200")  # answered, then closed when idle
    finally:
        await server.close()


async def test_serve_refuses_connections_beyond_its_cap_at_once() -> None:
    server = await serving.serve(ok_app(), "127.0.0.1", 0, cap=2, shutdown_seconds=1.0)
    try:
        over, again = await beyond_the_cap(server.listener.port, 2, "/")
        assert over == b""
        assert again.startswith(b"HTTP/1.1 200")
    finally:
        await server.close()
