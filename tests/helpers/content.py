"""The shipped content, loaded once per test session, and fixed instants to render it at."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.content import Content, load_content
from bot.directory.entries import LoadOptions

# Wednesday 2 December 2026, 11:00 in Seattle: most weekday services are open.
WEDNESDAY_MORNING = dt.datetime(2026, 12, 2, 19, 0, tzinfo=dt.UTC)
# Sunday 6 December 2026, 03:00 in Seattle: only 24/7 lines are open.
SUNDAY_NIGHT = dt.datetime(2026, 12, 6, 11, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="session")
def content() -> Content:
    result = load_content(options=LoadOptions(today=dt.date(2026, 11, 28)))
    assert result.content is not None, str(result.report)
    return result.content
