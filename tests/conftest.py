"""Fixtures shared by the whole test suite (each defined in tests/helpers/)."""

from tests.helpers.content import content
from tests.helpers.fake_bot_api_fixture import fake_bot_api

__all__ = ["content", "fake_bot_api"]
