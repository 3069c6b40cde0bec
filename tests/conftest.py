"""Fixtures shared by the whole test suite (each defined in tests/helpers/), and how the suite
spreads over CPUs."""

import pytest

from tests.fakes.bot_api.fixture import fake_bot_api
from tests.helpers.content import content
from tests.helpers.link_server import link_server
from tests.helpers.redis_server import redis_server, redis_url

__all__ = ["content", "fake_bot_api", "link_server", "redis_server", "redis_url"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under pytest-xdist (`make test` runs `-n auto --dist loadgroup`), every test marked
    slow runs on the same worker, one after another, while the others share the rest: two
    slow tests at once on a 2-core machine would each take longer and their timing would grow
    fragile."""
    if not config.pluginmanager.hasplugin("xdist") or not config.getoption("numprocesses"):
        return
    for item in items:
        if item.get_closest_marker("slow") is not None:
            item.add_marker(pytest.mark.xdist_group("slow"))
