"""The benchmark scripts still run, end to end, on a tiny size (their figures are not checked:
benchmarks are scripts, and a shared CI machine times nothing reliably)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench.bench_machinery import VARIANTS

ROOT = Path(__file__).resolve().parents[2]


def run_script(script: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), "--quick", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


@pytest.mark.slow
def test_bench_updates_runs_every_bot(tmp_path: Path) -> None:
    out = tmp_path / "updates.md"
    run_script("bench_updates.py", "--out", str(out))
    text = out.read_text(encoding="utf-8")
    for bot in ("floor", "echo", "echo-64", "echo-30"):
        assert f"| {bot} | text |" in text
    for workload in ("mix", "start", "press", "text"):
        assert f"| ours | {workload} |" in text
    assert "| ours-30 | mix |" in text
    assert "answerCallbackQuery (reply)" in text  # presses answered in the webhook's answer
    assert "Updates never answered: 0." in text


@pytest.mark.slow
def test_bench_search_bot_runs_the_engine_and_the_telegram_path(tmp_path: Path) -> None:
    out = tmp_path / "search_bot.md"
    run_script("bench_search_bot.py", "--cache", str(tmp_path / "cache"), "--out", str(out))
    text = out.read_text(encoding="utf-8")
    assert "| with a place |" in text and "| without a place |" in text
    assert "Through Telegram" in text


@pytest.mark.slow
def test_bench_startup_starts_the_bot_in_both_modes(tmp_path: Path) -> None:
    out = tmp_path / "startup.md"
    run_script("bench_startup.py", "--cache", str(tmp_path / "cache"), "--out", str(out))
    text = out.read_text(encoding="utf-8")
    for start in ("ours, shipped: webhook", "ours, shipped: polling", "ours, shipped: try"):
        assert f"| {start} | 1 |" in text
    assert "| echo: webhook | 1 |" in text and "| ours, 300: polling | 1 |" in text
    assert "| load_content, shipped |" in text


@pytest.mark.slow
def test_bench_machinery_measures_each_variant(tmp_path: Path) -> None:
    script = str(ROOT / "bench" / "bench_machinery.py")
    done = subprocess.run(
        [sys.executable, script, "--sizes", "40", "--cache", str(tmp_path / "cache")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    rows = [line for line in done.stdout.splitlines() if line.startswith("| 40 |")]
    assert [row.split("|")[2].strip() for row in rows] == list(VARIANTS)


@pytest.mark.slow
def test_bench_burst_memory_reports_rss_what_python_retains_and_the_bound(tmp_path: Path) -> None:
    out = tmp_path / "burst_memory.md"
    run_script("bench_burst_memory.py", "--out", str(out), "--env", "ERASE_MAX_CHATS=50")
    text = out.read_text(encoding="utf-8")
    assert "| as deployed |" in text and "| tracemalloc |" in text
    assert "ERASE_MAX_CHATS=50" in text
    assert "| module | KB | blocks |" in text  # what tracemalloc found still alive
    for row in text.splitlines():
        if row.startswith(("| as deployed |", "| tracemalloc |")):
            assert row.split(" | ")[4] == "0"  # every update answered
    # The flood of POSTs, with the backlog bound and without it; some answered in the window.
    floods = [row for row in text.splitlines() if "| 200: " in row]
    assert [row.split(" | ")[0] for row in floods] == [
        "| bounded (the default)",
        "| MAX_PENDING_UPDATES=1000000",
    ]


def test_bench_updates_engine_times_each_kind_of_update(tmp_path: Path) -> None:
    out = tmp_path / "updates-engine.md"
    run_script("bench_updates_engine.py", "--out", str(out))
    text = out.read_text(encoding="utf-8")
    for kind in ("start", "press", "text"):
        for cards in ("made every time", "kept"):
            assert f"| {kind} | {cards} |" in text
    assert "understanding the words" in text
