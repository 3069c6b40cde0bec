"""The small directory most tests of search and understanding run on, and its search index."""

from __future__ import annotations

import pytest

from bot.directory.catalog import Directory
from bot.directory.search import SearchIndex
from tests.helpers.directory_builders import small_directory


@pytest.fixture(scope="module")
def directory() -> Directory:
    return small_directory()


@pytest.fixture(scope="module")
def index(directory: Directory) -> SearchIndex:
    return SearchIndex.build(directory)
