"""`python -m bot web`: the web chat alone, with no token; clear refusals, a clean stop."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bot.content import DEFAULT_RESOURCES
from tests.helpers.cli import ROOT, run_bot
from tests.helpers.telegram_bot import free_port


def clean_env(**env: str) -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", ""), "PYTHONDONTWRITEBYTECODE": "1", **env}


def test_bad_settings_are_listed_and_exit_2(tmp_path: Path) -> None:
    result = run_bot(
        "web",
        env=clean_env(PORT="http", QUICK_EXIT_URL="javascript:alert(1)"),
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "Cannot start: the settings have problems:",
        "  - PORT must be a whole number, got 'http'",
        "  - QUICK_EXIT_URL must be an https:// address of a neutral page such as "
        "https://www.google.com/search?q=weather, got 'javascript:alert(1)'",
        "See .env.example for every variable.",
    ]


def test_broken_content_is_reported_and_exits_1(tmp_path: Path) -> None:
    resources = tmp_path / "resources"
    shutil.copytree(DEFAULT_RESOURCES, resources)
    (resources / "national.yaml").write_text("resources:\n  - id: [broken\n", encoding="utf-8")
    result = run_bot("web", env=clean_env(RESOURCES_DIR=str(resources)), cwd=tmp_path)
    assert result.returncode == 1
    assert "national.yaml:2" in result.stderr
    assert "Cannot start: the directory or the conversation has errors." in result.stderr


def test_a_port_in_use_exits_1(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_bot("web", env=clean_env(HOST="127.0.0.1", PORT=str(port)), cwd=tmp_path)
    assert result.returncode == 1
    assert f"Cannot start: cannot listen on 127.0.0.1:{port}" in result.stderr


def test_it_serves_counts_on_the_metrics_port_only_and_stops_on_sigterm(tmp_path: Path) -> None:
    port, metrics_port = free_port(), free_port()
    env = clean_env(
        HOST="127.0.0.1", PORT=str(port), METRICS_PORT=str(metrics_port), WATCH_FILES="false"
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "web"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        page = _get(f"http://127.0.0.1:{port}/?start=legal_wa-king")
        metrics = _get(f"http://127.0.0.1:{metrics_port}/metrics")
        assert _status(f"http://127.0.0.1:{port}/metrics") == 404  # never on the public port
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=10)
    assert "Legal help · Seattle and King County" in page
    assert 'channel="web",region="wa-king",screen="results"' in metrics
    assert process.returncode == 0, output
    assert "Web chat stopped" in output


def _get(url: str, attempts: int = 100) -> str:
    for _ in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                return str(response.read().decode())
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing answered at {url}")


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code
