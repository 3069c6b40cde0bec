"""compose.yaml, checked as far as a machine without a Docker engine allows: against the
Compose specification's JSON Schema (the copy check-jsonschema vendors), and for what the
deployment promises: two bots sharing Redis behind Caddy, only Caddy reachable from outside,
every image pinned, Redis on nothing but memory, Caddy forwarding /telegram and logging no one."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from tests.helpers.cli import ROOT

COMPOSE = ROOT / "compose.yaml"
CADDYFILE = ROOT / "deploy" / "Caddyfile"


def services() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    return dict(loaded["services"])


def test_compose_yaml_is_valid_against_the_compose_schema() -> None:
    checker = Path(sys.executable).parent / "check-jsonschema"
    result = subprocess.run(
        [str(checker), "--builtin-schema", "vendor.compose-spec", str(COMPOSE)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_two_bots_share_redis_behind_caddy_and_only_caddy_is_exposed() -> None:
    bot, redis, caddy = (services()[name] for name in ("bot", "redis", "caddy"))
    assert bot["deploy"]["replicas"] == 2
    assert bot["environment"]["REDIS_URL"] == "redis://redis:6379/0"
    assert bot["environment"]["WEBHOOK_URL"].startswith("https://")
    assert "ports" not in bot and "ports" not in redis
    assert caddy["ports"] == ["80:80", "443:443"]
    assert bot["depends_on"]["redis"]["condition"] == "service_healthy"
    for service in (bot, redis, caddy):
        assert service["read_only"] is True and service["cap_drop"] == ["ALL"]
    assert '--save ""' in redis["command"] and "--appendonly no" in redis["command"]
    # Docker's 10 s before SIGKILL is more than the bot's own stop deadline (7 s).
    assert bot["stop_grace_period"] == "10s"


def test_every_image_is_pinned_by_digest_and_the_bot_built_from_here() -> None:
    for name, service in services().items():
        if "build" in service:
            assert service["build"] == ".", name
        else:
            assert re.fullmatch(r"[a-z0-9./-]+:[\w.-]+@sha256:[0-9a-f]{64}", service["image"])


def test_caddy_forwards_only_the_webhook_and_keeps_no_access_log() -> None:
    caddyfile = CADDYFILE.read_text(encoding="utf-8")
    mounts = services()["caddy"]["volumes"]
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in mounts
    assert "path /telegram" in caddyfile and "method POST" in caddyfile
    assert "dynamic a bot 8080" in caddyfile
    assert "respond 404" in caddyfile
    assert not re.search(r"^\s*log\b", caddyfile, re.MULTILINE)
