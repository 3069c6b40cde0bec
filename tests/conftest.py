"""Fixtures shared by the whole test suite (each defined in tests/helpers/)."""

from tests.fakes.bot_api.fixture import fake_bot_api
from tests.helpers.content import content
from tests.helpers.link_server import link_server

__all__ = ["content", "fake_bot_api", "link_server"]
