"""The image's supply chain, checked without a Docker engine: the base image pinned by digest,
every dependency installed from a lock file with hashes that matches pyproject.toml, and the
cheap healthcheck."""

from __future__ import annotations

import re
import tomllib

from tests.helpers.cli import ROOT

DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
LOCK = (ROOT / "requirements.lock").read_text(encoding="utf-8")
_PIN = re.compile(r"^([A-Za-z0-9._-]+)(?:\[[^\]]*\])?==([^\s;\\]+)")


def locked() -> dict[str, tuple[str, int]]:
    """Each locked package: (version, how many hashes)."""
    entries: dict[str, tuple[str, int]] = {}
    name = ""
    for line in LOCK.splitlines():
        pin = _PIN.match(line)
        if pin:
            name = pin.group(1).lower().replace("_", "-")
            entries[name] = (pin.group(2), 0)
        elif line.strip().startswith("--hash=sha256:") and name:
            version, hashes = entries[name]
            entries[name] = (version, hashes + 1)
    return entries


def test_the_base_image_is_pinned_by_digest() -> None:
    [base] = re.findall(r"^FROM\s+(\S+)", DOCKERFILE, re.MULTILINE)
    assert re.fullmatch(r"python:3\.11-slim-bookworm@sha256:[0-9a-f]{64}", base), base


def test_every_dependency_is_locked_at_its_version_with_hashes() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    entries = locked()
    for requirement in pyproject["project"]["dependencies"]:
        pin = _PIN.match(requirement)
        assert pin, f"not pinned exactly: {requirement}"
        name = pin.group(1).lower().replace("_", "-")
        assert entries.get(name, ("", 0))[0] == pin.group(2), f"{name} is not locked as pinned"
    assert entries
    assert all(hashes for _, hashes in entries.values()), "an entry without a hash"


def test_the_image_installs_the_lock_with_hashes_required_and_nothing_else() -> None:
    installs = re.findall(r"^RUN pip install (.*)$", DOCKERFILE, re.MULTILINE)
    assert installs == ["--no-cache-dir --require-hashes --no-deps -r requirements.lock"]
    assert "COPY requirements.lock" in DOCKERFILE
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    assert "requirements.lock" not in ignored and "*.lock" not in ignored


def test_the_healthcheck_is_the_standard_library_module() -> None:
    assert 'CMD ["python", "-m", "bot.healthcheck"]' in DOCKERFILE
