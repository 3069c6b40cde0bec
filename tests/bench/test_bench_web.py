"""bench/bench_web.py still runs, end to end, on a tiny size (its figures are not checked: a
shared CI machine times nothing reliably)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.bench.test_bench_smoke import run_script


@pytest.mark.slow
def test_bench_web_runs_the_web_chat_and_the_bare_handler(tmp_path: Path) -> None:
    out = tmp_path / "web.md"
    run_script("bench_web.py", "--out", str(out))
    text = out.read_text(encoding="utf-8")
    assert "| bare aiohttp | fixed page |" in text
    for workload in ("mix", "start", "results", "search"):
        assert f"| web chat | {workload} |" in text
