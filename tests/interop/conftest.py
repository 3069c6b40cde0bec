"""Fixtures for the interop tests: the shipped directory, and a directory to import into."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from bot.directory.catalog import Directory
from bot.directory.entries import LoadOptions
from bot.directory.load import load_directory

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "resources"
TODAY = dt.date(2026, 11, 28)


@pytest.fixture(scope="session")
def shipped() -> Directory:
    result = load_directory(RESOURCES, LoadOptions(today=TODAY))
    assert result.directory is not None, str(result.report)
    return result.directory


@pytest.fixture
def import_dir(tmp_path: Path) -> Path:
    """A resources directory holding only the shipped categories and regions."""
    directory = tmp_path / "resources"
    directory.mkdir()
    for name in ("categories.yaml", "regions.yaml", "schema.json"):
        shutil.copy(RESOURCES / name, directory / name)
    return directory


@pytest.fixture
def reference(import_dir: Path) -> Directory:
    """The shipped categories and regions, with no resources: what imports map onto."""
    result = load_directory(import_dir, LoadOptions(today=TODAY))
    assert result.directory is not None, str(result.report)
    return result.directory
