"""The atheris harnesses (fuzz/) run clean for a bounded time: FUZZ_SECONDS in all (20 by
default; `python fuzz/run.py --seconds 600` searches much longer, outside the test suite)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from bot.content import PROJECT_ROOT

SECONDS = int(os.environ.get("FUZZ_SECONDS", "20"))


@pytest.mark.slow
@pytest.mark.timeout(SECONDS + 240)
def test_every_harness_runs_its_time_without_a_crash_or_a_hang(
    capsys: pytest.CaptureFixture[str],
) -> None:
    result = subprocess.run(
        [sys.executable, "fuzz/run.py", "--seconds", str(SECONDS)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=SECONDS + 200,
        check=False,
    )
    with capsys.disabled():
        print("\n" + result.stdout.strip())
    assert result.returncode == 0, result.stdout + result.stderr
