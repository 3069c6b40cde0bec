"""Every store test runs against both implementations: in process, and Redis (a real
redis-server of the tests' own)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from pydantic import SecretStr

from bot.settings import Settings
from bot.shared_state.build import build_shared_state
from bot.shared_state.stores import SharedState
from tests.fakes.bot_api.server import DEFAULT_TOKEN

KINDS = ("in process", "redis")
Replica = Callable[[], Awaitable[SharedState]]


def store_settings(redis_url: str | None, **changes: object) -> Settings:
    return Settings(
        bot_token=SecretStr(DEFAULT_TOKEN),
        redis_url=SecretStr(redis_url) if redis_url else None,
        max_sends_per_second=100,
        **changes,  # type: ignore[arg-type]
    )


@pytest.fixture(params=KINDS)
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def replicas(kind: str, request: pytest.FixtureRequest) -> AsyncIterator[Replica]:
    """Makes replicas' stores: in process each is on its own; with Redis they share it."""
    url = request.getfixturevalue("redis_url") if kind == "redis" else None
    made: list[SharedState] = []

    async def replica() -> SharedState:
        made.append(build_shared_state(store_settings(url)))
        return made[-1]

    yield replica
    for shared in made:
        await shared.close()


@pytest.fixture
async def shared(replicas: Replica) -> SharedState:
    return await replicas()
