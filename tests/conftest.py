"""Fixtures shared by the whole test suite (each defined in tests/helpers/)."""

from tests.fakes.bot_api.fixture import fake_bot_api
from tests.helpers.content import content
from tests.helpers.link_server import link_server
from tests.helpers.redis_server import redis_server, redis_url

__all__ = ["content", "fake_bot_api", "link_server", "redis_server", "redis_url"]
