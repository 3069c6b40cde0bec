"""The load tests run PTB the way `python -m bot run` does (see bot/cli/run_cmd.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def ptb_time_periods_as_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
